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
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.OplockBreak;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code SignetServer.breakOplocks} (what signet-junit5 offers tests): the holder of a batch oplock gets an Oplock
 * Break Notification ([MS-SMB2] 2.2.23.1, 3.3.4.6) and the returned future completes once it acknowledged the break
 * (3.3.5.22.1). Uses the raw client of the hostile tests, which can ask for a batch oplock.
 */
class ForcedOplockBreakTest extends HostileServer {
    /** [MS-SMB2] 2.2.23.1: an oplock break notification carries MessageId 0xFFFFFFFFFFFFFFFF. */
    private static final long NOTIFICATION_MID = -1L;

    @Test
    void theHolderIsToldAndTheFutureCompletesOnItsAcknowledgment() throws Exception {
        Files.writeString(share.resolve("held.txt"), "held");
        assertTrue(server.breakOplocks("data", "held.txt").isDone(), "nobody holds an oplock yet");
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

            CompletableFuture<Void> broken = server.breakOplocks("DATA", "/held.txt");
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
        assertThrows(IllegalArgumentException.class, () -> server.breakOplocks("nosuch", "held.txt"));
    }
}
