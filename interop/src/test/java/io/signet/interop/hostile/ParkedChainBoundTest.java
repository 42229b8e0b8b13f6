package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertSessionWorks;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.signet.interop.raw.RawMessages;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.ImpersonationLevel;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.CloseRequest;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.FileId;
import java.io.IOException;
import java.net.SocketException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A CREATE that waits for a break inside a compound chain parks the rest of the chain, frame and all, until its final
 * response ([MS-SMB2] 3.3.5.2.7). The rest has not been through any check yet, so only a bound on the bytes parked
 * keeps one client from holding max async requests per connection times max frame size: mallory makes her CREATEs
 * wait on a batch oplock she holds herself and never acknowledges, each chain padded to a megabyte. The connection
 * is closed once its parked rests would pass one max frame size; everyone else goes on being served.
 */
class ParkedChainBoundTest extends HostileServer {
    private static final int GENERIC_READ = 0x00120089;
    private static final int PADDING = 1 << 20;
    private static final int ALL_SHARES = ShareAccess.FILE_SHARE_READ | ShareAccess.FILE_SHARE_WRITE
            | ShareAccess.FILE_SHARE_DELETE;

    @Test
    void chainsParkedBehindABreakHoldAtMostOneMaxFrameSize() throws IOException {
        Files.writeString(share.resolve("held.txt"), "held");
        try (RawSmb2Client holder = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD);
             RawSmb2Client parker = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int treeH = treeConnect(holder, "data");
            int treeP = treeConnect(parker, "data");
            RawResponse held = holder.call(Smb2Command.CREATE.code(), treeH, body -> create().encode(body));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, held);
            assertEquals(OplockLevel.BATCH.code(), CreateResponse.decode(held.buf()).oplockLevel());

            int parked = 0;
            boolean closed = false;
            for (int i = 0; i < 24 && !closed; i++) {
                ByteBuf open = parker.newRequest(Smb2Command.CREATE.code(), treeP);
                create().encode(open);
                ByteBuf close = RawMessages.related(parker.newRequest(Smb2Command.CLOSE.code(), treeP));
                new CloseRequest(0, FileId.ANY).encode(close);
                close.writeZero(PADDING);
                try {
                    parker.sendCompound(List.of(open, close));
                } catch (SocketException e) {
                    closed = true;
                    break;
                }
                Optional<RawResponse> interim = parker.receiveUnlessClosed();
                if (interim.isEmpty()) {
                    closed = true;
                } else {
                    assertEquals(RawSmb2Client.STATUS_PENDING, interim.get().status(), "parked: " + interim.get());
                    parked++;
                }
            }
            assertTrue(closed, "the connection parked " + parked + " chains of a megabyte and stayed open");
            assertTrue(parked >= 2 && parked <= 9, parked + " chains parked: bounded by one max frame size");
        }
        try (RawSmb2Client alice = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            assertSessionWorks(alice);
        }
    }

    /** Batch oplock asked: the holder gets it, and each of the parker's CREATEs waits for its break. */
    private static CreateRequest create() {
        return new CreateRequest(OplockLevel.BATCH.code(), ImpersonationLevel.IMPERSONATION, GENERIC_READ, 0,
                ALL_SHARES, CreateDisposition.OPEN.code(), CreateOptions.NON_DIRECTORY_FILE, "held.txt", List.of());
    }
}
