package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import io.signet.protocol.smb2.message.OplockBreak;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A CREATE that must wait for an oplock break inside a related compound chain (CREATE + CLOSE, as the Linux kernel
 * client sends to delete or stat a file): the CREATE goes asynchronous and the CLOSE after it waits for its final
 * response and acts on the FileId that response carries ([MS-SMB2] 3.3.5.2.7, 3.3.5.2.7.2), as on Windows and Samba.
 * Answering the CLOSE at once, before the file is open, would fail it and leave the client's open behind.
 */
class AsyncCreateInCompoundTest extends HostileServer {
    private static final int GENERIC_READ = 0x00120089;
    private static final int GENERIC_READ_WRITE = 0x0012019F;
    private static final int STATUS_SHARING_VIOLATION = 0xC0000043;

    @Test
    void theRelatedCloseRunsOnTheFileIdOfTheCreatesFinalResponse() throws IOException {
        Files.writeString(share.resolve("held.txt"), "held");
        try (RawSmb2Client holder = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client other = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int treeH = treeConnect(holder, "data");
            int treeO = treeConnect(other, "data");
            FileId held = batchOpen(holder, treeH, "held.txt", allShares());

            List<RawResponse> first = createAndClose(other, treeO, GENERIC_READ);
            assertEquals(1, first.size(), "only the interim response goes before the break is done");
            assertEquals(RawSmb2Client.STATUS_PENDING, first.get(0).status());
            assertEquals(Smb2Command.CREATE.code(), first.get(0).header().commandCode());

            acknowledgeBreak(holder, treeH, held);
            RawResponse created = other.receive();
            assertEquals(Smb2Command.CREATE.code(), created.header().commandCode());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, created);
            RawResponse closed = other.receive();
            assertEquals(Smb2Command.CLOSE.code(), closed.header().commandCode());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, closed);
            // The CLOSE closed the CREATE's open: its FileId names nothing any more.
            FileId opened = CreateResponse.decode(created.buf()).fileId();
            assertStatus(0xC0000128, other.close(treeO, opened)); // STATUS_FILE_CLOSED
            assertStatus(RawSmb2Client.STATUS_SUCCESS, holder.close(treeH, held));
        }
    }

    @Test
    void theRelatedCloseInheritsTheErrorOfACreateThatFailsAfterTheBreak() throws IOException {
        Files.writeString(share.resolve("locked.txt"), "locked");
        try (RawSmb2Client holder = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client other = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int treeH = treeConnect(holder, "data");
            int treeO = treeConnect(other, "data");
            FileId held = batchOpen(holder, treeH, "locked.txt", ShareAccess.FILE_SHARE_READ);

            List<RawResponse> first = createAndClose(other, treeO, GENERIC_READ_WRITE);
            assertEquals(RawSmb2Client.STATUS_PENDING, first.get(0).status());
            acknowledgeBreak(holder, treeH, held);
            RawResponse created = other.receive();
            assertStatus(STATUS_SHARING_VIOLATION, created);
            RawResponse closed = other.receive();
            assertEquals(Smb2Command.CLOSE.code(), closed.header().commandCode());
            assertStatus(STATUS_SHARING_VIOLATION, closed); // [MS-SMB2] 3.3.5.2.7.2: the CREATE's error passes on
            assertStatus(RawSmb2Client.STATUS_SUCCESS, holder.close(treeH, held));
        }
    }

    private static int allShares() {
        return ShareAccess.FILE_SHARE_READ | ShareAccess.FILE_SHARE_WRITE | ShareAccess.FILE_SHARE_DELETE;
    }

    private static FileId batchOpen(RawSmb2Client client, int tree, String name, int shareAccess)
            throws IOException {
        RawResponse r = client.call(Smb2Command.CREATE.code(), tree, body -> new CreateRequest(OplockLevel.BATCH.code(),
                ImpersonationLevel.IMPERSONATION, GENERIC_READ, 0, shareAccess, CreateDisposition.OPEN.code(),
                CreateOptions.NON_DIRECTORY_FILE, name, List.of()).encode(body));
        assertStatus(RawSmb2Client.STATUS_SUCCESS, r);
        CreateResponse response = CreateResponse.decode(r.buf());
        assertEquals(OplockLevel.BATCH.code(), response.oplockLevel());
        return response.fileId();
    }

    /** Sends CREATE of the held file + related CLOSE of FileId ANY and returns the responses of the first frame. */
    private static List<RawResponse> createAndClose(RawSmb2Client client, int tree, int access) throws IOException {
        String name = access == GENERIC_READ ? "held.txt" : "locked.txt";
        ByteBuf create = client.newRequest(Smb2Command.CREATE.code(), tree);
        new CreateRequest(OplockLevel.NONE.code(), ImpersonationLevel.IMPERSONATION, access, 0, allShares(),
                CreateDisposition.OPEN.code(), CreateOptions.NON_DIRECTORY_FILE, name, List.of()).encode(create);
        ByteBuf close = RawMessages.related(client.newRequest(Smb2Command.CLOSE.code(), tree));
        new CloseRequest(0, FileId.ANY).encode(close);
        client.sendCompound(List.of(create, close));
        return client.receiveCompound();
    }

    private static void acknowledgeBreak(RawSmb2Client holder, int tree, FileId held) throws IOException {
        RawResponse notification = holder.receive();
        assertEquals(Smb2Command.OPLOCK_BREAK.code(), notification.header().commandCode());
        assertEquals(held, OplockBreak.decode(notification.buf()).fileId());
        int level = OplockBreak.decode(notification.buf()).oplockLevel();
        assertStatus(RawSmb2Client.STATUS_SUCCESS, holder.call(Smb2Command.OPLOCK_BREAK.code(), tree,
                body -> new OplockBreak(level, held).encode(body)));
    }
}
