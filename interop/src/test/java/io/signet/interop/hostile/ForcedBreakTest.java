package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.ImpersonationLevel;
import io.signet.protocol.smb2.LeaseState;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.LeaseBreakAck;
import io.signet.protocol.smb2.message.LeaseBreakNotification;
import io.signet.protocol.smb2.message.LeaseContext;
import io.signet.protocol.smb2.message.LeaseKey;
import io.signet.protocol.smb2.message.OplockBreak;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code SignetServer.breakLeases} (what signet-junit5 offers tests): the holder of a batch oplock gets an Oplock
 * Break Notification ([MS-SMB2] 2.2.23.1, 3.3.4.6) and the returned future completes once it acknowledged the break
 * (3.3.5.22.1); a lease holder gets a Lease Break Notification (2.2.23.2, 3.3.4.7) down to its read caching. Uses
 * the raw client of the hostile tests, which can ask for a batch oplock or a lease.
 */
class ForcedBreakTest extends HostileServer {
    /** [MS-SMB2] 2.2.23.1: an oplock break notification carries MessageId 0xFFFFFFFFFFFFFFFF. */
    private static final long NOTIFICATION_MID = -1L;

    @Test
    void theHolderIsToldAndTheFutureCompletesOnItsAcknowledgment() throws Exception {
        Files.writeString(share.resolve("held.txt"), "held");
        assertTrue(server.breakLeases("data", "held.txt").isDone(), "nobody holds an oplock yet");
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(client, "data");
            ByteBuf create = client.newRequest(Smb2Command.CREATE.code(), tree);
            new CreateRequest(OplockLevel.BATCH.code(), ImpersonationLevel.IMPERSONATION,
                    0x00120089, // FILE_GENERIC_READ
                    0, ShareAccess.FILE_SHARE_READ | ShareAccess.FILE_SHARE_WRITE | ShareAccess.FILE_SHARE_DELETE,
                    CreateDisposition.OPEN.code(), CreateOptions.NON_DIRECTORY_FILE, "held.txt", List.of())
                    .encode(create);
            client.send(client.sign(create));
            RawResponse created = client.receive();
            assertStatus(RawSmb2Client.STATUS_SUCCESS, created);
            CreateResponse batch = CreateResponse.decode(created.buf());
            assertEquals(OplockLevel.BATCH.code(), batch.oplockLevel());
            FileId held = batch.fileId();

            CompletableFuture<Void> broken = server.breakLeases("DATA", "/held.txt");
            RawResponse notification = client.receive();
            assertEquals(NOTIFICATION_MID, notification.header().messageId());
            assertEquals(Smb2Command.OPLOCK_BREAK.code(), notification.header().commandCode());
            assertEquals(held, OplockBreak.decode(notification.buf()).fileId());
            assertFalse(broken.isDone(), "the break waits for the holder");

            RawResponse ack = client.call(Smb2Command.OPLOCK_BREAK.code(), tree,
                    body -> new OplockBreak(OplockLevel.NONE.code(), held).encode(body));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, ack);
            broken.get(10, TimeUnit.SECONDS);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, client.close(tree, held));
        }
        assertThrows(IllegalArgumentException.class, () -> server.breakLeases("nosuch", "held.txt"));
    }

    /** A lease with write and handle caching breaks to its read caching; the future waits for the acknowledgment. */
    @Test
    void aLeaseBreaksToReadCachingAndTheFutureCompletesOnItsAcknowledgment() throws Exception {
        Files.writeString(share.resolve("leased.txt"), "leased");
        LeaseKey key = new LeaseKey(0x7E57, 0x1EA5E);
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(client, "data");
            int rwh = LeaseState.READ | LeaseState.WRITE | LeaseState.HANDLE;
            RawResponse created = client.call(Smb2Command.CREATE.code(), tree, body -> new CreateRequest(
                    OplockLevel.LEASE.code(), ImpersonationLevel.IMPERSONATION, 0x0012019F, 0,
                    ShareAccess.FILE_SHARE_READ | ShareAccess.FILE_SHARE_WRITE | ShareAccess.FILE_SHARE_DELETE,
                    CreateDisposition.OPEN.code(), CreateOptions.NON_DIRECTORY_FILE, "leased.txt",
                    List.of(LeaseContext.v2(key, rwh, 0, LeaseKey.ZERO, 0).toContext())).encode(body));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, created);
            CreateResponse opened = CreateResponse.decode(created.buf());
            assertEquals(OplockLevel.LEASE.code(), opened.oplockLevel());

            CompletableFuture<Void> broken = server.breakLeases("data", "leased.txt");
            RawResponse notification = client.receive();
            assertEquals(NOTIFICATION_MID, notification.header().messageId());
            LeaseBreakNotification n = LeaseBreakNotification.decode(notification.buf());
            assertEquals(key, n.key());
            assertEquals(rwh, n.currentState());
            assertEquals(LeaseState.READ, n.newState(), "write and handle caching go, read caching stays");
            assertFalse(broken.isDone(), "the break waits for the holder");

            RawResponse ack = client.call(Smb2Command.OPLOCK_BREAK.code(), tree,
                    body -> new LeaseBreakAck(0, key, LeaseState.READ, 0).encode(body));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, ack);
            broken.get(10, TimeUnit.SECONDS);
            assertTrue(server.breakLeases("data", "leased.txt").isDone(), "read caching alone is not broken");
            assertStatus(RawSmb2Client.STATUS_SUCCESS, client.close(tree, opened.fileId()));
        }
    }
}
