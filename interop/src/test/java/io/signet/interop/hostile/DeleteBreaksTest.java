package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static io.signet.interop.hostile.LeaseSupport.RH;
import static io.signet.interop.hostile.LeaseSupport.assertNoMessage;
import static io.signet.interop.hostile.LeaseSupport.create;
import static io.signet.interop.hostile.LeaseSupport.leaseOf;
import static io.signet.interop.hostile.LeaseSupport.nextBreak;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.LeaseState;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.CloseRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.LeaseBreakAck;
import io.signet.protocol.smb2.message.LeaseBreakNotification;
import io.signet.protocol.smb2.message.LeaseContext;
import io.signet.protocol.smb2.message.LeaseKey;
import io.signet.protocol.smb2.message.QueryInfoRequest;
import io.signet.protocol.smb2.message.SetInfoRequest;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * Deleting a file and the caching of its other opens: the CLOSE that sets the delete pending of a DELETE_ON_CLOSE
 * open breaks their handle caching and waits, as marking it for deletion does (smbtorture smb2.lease.unlink); an open
 * of a file already waiting to be deleted fails with STATUS_DELETE_PENDING and breaks nothing (smb2.oplock.doc).
 */
class DeleteBreaksTest extends HostileServer {
    private static final int STATUS_DELETE_PENDING = 0xC0000056;
    private static final LeaseKey KEY = new LeaseKey(0xDE2, 0xDE2);

    @Test
    void closingADeleteOnCloseOpenWaitsForTheHandleCachingOfOthersToBreak() throws IOException {
        Files.writeString(share.resolve("unlink.txt"), "x");
        try (RawSmb2Client holder = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client deleter = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int treeH = treeConnect(holder, "data");
            int treeD = treeConnect(deleter, "data");
            CreateResponse held = create(holder, treeH, "unlink.txt", OplockLevel.LEASE.code(),
                    LeaseContext.v2(KEY, RH, 0, LeaseKey.ZERO, 0), 0);
            assertEquals(RH, leaseOf(held).state());
            CreateResponse doomed = create(deleter, treeD, "unlink.txt", OplockLevel.NONE.code(), null,
                    CreateOptions.DELETE_ON_CLOSE);
            assertNoMessage(holder); // the open itself breaks nothing

            long mid = deleter.nextMessageId();
            ByteBuf close = deleter.newRequest(Smb2Command.CLOSE.code(), treeD);
            new CloseRequest(0, doomed.fileId()).encode(close);
            deleter.send(deleter.sign(close));
            assertEquals(RawSmb2Client.STATUS_PENDING, deleter.receiveCompound().get(0).status(), "it waits");
            LeaseBreakNotification n = LeaseBreakNotification.decode(nextBreak(holder).buf());
            assertEquals(RH, n.currentState());
            assertEquals(LeaseState.READ, n.newState());
            assertEquals(LeaseBreakNotification.ACK_REQUIRED, n.flags());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, holder.call(Smb2Command.OPLOCK_BREAK.code(), treeH,
                    body -> new LeaseBreakAck(0, KEY, LeaseState.READ, 0).encode(body)));
            RawResponse closed = deleter.receive();
            assertEquals(mid, closed.header().messageId());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, closed);
        }
    }

    @Test
    void anOpenOfAFileWaitingToBeDeletedBreaksNothing() throws IOException {
        Files.writeString(share.resolve("doc.txt"), "x");
        try (RawSmb2Client holder = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client other = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int treeH = treeConnect(holder, "data");
            int treeO = treeConnect(other, "data");
            CreateResponse held = create(holder, treeH, "doc.txt", OplockLevel.BATCH.code(), null, 0);
            assertEquals(OplockLevel.BATCH.code(), held.oplockLevel());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, holder.call(Smb2Command.SET_INFO.code(), treeH, body -> {
                ByteBuf info = Unpooled.buffer().writeByte(1); // FileDispositionInformation: DeletePending TRUE
                new SetInfoRequest(QueryInfoRequest.INFO_FILE, 13, 0, held.fileId(), info).encode(body);
                info.release();
            }));

            RawResponse refused = other.call(Smb2Command.CREATE.code(), treeO, body -> LeaseSupport.encodeCreate(body,
                    "doc.txt", OplockLevel.NONE.code(), null, CreateOptions.NON_DIRECTORY_FILE, 1, 0x00120089));
            assertStatus(STATUS_DELETE_PENDING, refused);
            assertNoMessage(holder);
        }
    }
}
