package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static io.signet.interop.hostile.LeaseSupport.READ_WRITE_DELETE;
import static io.signet.interop.hostile.LeaseSupport.RH;
import static io.signet.interop.hostile.LeaseSupport.create;
import static io.signet.interop.hostile.LeaseSupport.encodeCreate;
import static io.signet.interop.hostile.LeaseSupport.leaseOf;
import static io.signet.interop.hostile.LeaseSupport.nextBreak;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.fscc.FileRenameInformation;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.LeaseState;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.LeaseBreakAck;
import io.signet.protocol.smb2.message.LeaseBreakNotification;
import io.signet.protocol.smb2.message.LeaseContext;
import io.signet.protocol.smb2.message.LeaseKey;
import io.signet.protocol.smb2.message.QueryInfoRequest;
import io.signet.protocol.smb2.message.SetInfoRequest;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * [MS-FSA] 2.1.5.14.11 for a directory: renaming it breaks the handle caching of the opens below it and waits for
 * those breaks; if an open below is still there then, the rename fails with STATUS_ACCESS_DENIED, as Windows answers
 * (smbtorture smb2.rename.rename_dir_openfile).
 */
class DirectoryRenameBreaksTest extends HostileServer {
    private static final int STATUS_ACCESS_DENIED = 0xC0000022;
    private static final LeaseKey KEY = new LeaseKey(0xD12, 0xD12);

    @BeforeEach
    void directoryWithAFile() throws IOException {
        Files.createDirectory(share.resolve("dir"));
        Files.writeString(share.resolve("dir").resolve("inside.txt"), "x");
    }

    @Test
    void anUncachedOpenBelowRefusesTheRenameAtOnce() throws IOException {
        try (RawSmb2Client a = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(a, "data");
            FileId dir = openDirectory(a, tree);
            create(a, tree, "dir\\inside.txt", OplockLevel.NONE.code(), null, 0);
            assertStatus(STATUS_ACCESS_DENIED, a.call(Smb2Command.SET_INFO.code(), tree, rename(dir)));
            assertTrue(Files.exists(share.resolve("dir")), "not renamed");
        }
    }

    @Test
    void aHandleLeaseBelowIsBrokenAndTheRenameGoesOnOnceItsHolderCloses() throws IOException {
        try (RawSmb2Client holder = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client renamer = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int treeH = treeConnect(holder, "data");
            int treeR = treeConnect(renamer, "data");
            FileId inside = leaseInside(holder, treeH);
            FileId dir = openDirectory(renamer, treeR);

            long mid = sendRename(renamer, treeR, dir);
            expectHandleBreak(holder);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, holder.close(treeH, inside)); // what a client caching it does
            RawResponse renamed = renamer.receive();
            assertEquals(mid, renamed.header().messageId());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, renamed);
            assertTrue(Files.exists(share.resolve("dir-new").resolve("inside.txt")));
        }
    }

    @Test
    void aHandleLeaseBelowAcknowledgedButKeptOpenRefusesTheRename() throws IOException {
        try (RawSmb2Client holder = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client renamer = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int treeH = treeConnect(holder, "data");
            int treeR = treeConnect(renamer, "data");
            leaseInside(holder, treeH);
            FileId dir = openDirectory(renamer, treeR);

            long mid = sendRename(renamer, treeR, dir);
            expectHandleBreak(holder);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, holder.call(Smb2Command.OPLOCK_BREAK.code(), treeH,
                    body -> new LeaseBreakAck(0, KEY, LeaseState.READ, 0).encode(body)));
            RawResponse refused = renamer.receive();
            assertEquals(mid, refused.header().messageId());
            assertStatus(STATUS_ACCESS_DENIED, refused);
            assertFalse(Files.exists(share.resolve("dir-new")));
        }
    }

    /** Opens "dir" with DELETE access, shared with all, caching nothing. */
    private static FileId openDirectory(RawSmb2Client client, int tree) throws IOException {
        RawResponse r = client.call(Smb2Command.CREATE.code(), tree, body -> encodeCreate(body, "dir",
                OplockLevel.NONE.code(), null, CreateOptions.DIRECTORY_FILE, CreateDisposition.OPEN.code(),
                READ_WRITE_DELETE));
        assertStatus(RawSmb2Client.STATUS_SUCCESS, r);
        return CreateResponse.decode(r.buf()).fileId();
    }

    private static FileId leaseInside(RawSmb2Client client, int tree) throws IOException {
        CreateResponse held = create(client, tree, "dir\\inside.txt", OplockLevel.LEASE.code(),
                LeaseContext.v2(KEY, RH, 0, LeaseKey.ZERO, 0), 0);
        assertEquals(RH, leaseOf(held).state());
        return held.fileId();
    }

    /** Sends the rename of {@code dir} to "dir-new"; it must go asynchronous. Returns its MessageId. */
    private static long sendRename(RawSmb2Client client, int tree, FileId dir) throws IOException {
        long mid = client.nextMessageId();
        ByteBuf m = client.newRequest(Smb2Command.SET_INFO.code(), tree);
        rename(dir).accept(m);
        client.send(client.sign(m));
        assertEquals(RawSmb2Client.STATUS_PENDING, client.receiveCompound().get(0).status(),
                "the rename waits for the break below");
        return mid;
    }

    private static void expectHandleBreak(RawSmb2Client holder) throws IOException {
        ByteBuf m = nextBreak(holder).buf();
        LeaseBreakNotification n = LeaseBreakNotification.decode(m);
        int body = m.readerIndex() + 64;
        // [MS-SMB2] 2.2.23.2: BreakReason, AccessMaskHint and ShareMaskHint are reserved, sent as 0.
        assertEquals(0, m.getIntLE(body + 32), "BreakReason");
        assertEquals(0, m.getIntLE(body + 36), "AccessMaskHint");
        assertEquals(0, m.getIntLE(body + 40), "ShareMaskHint");
        assertEquals(KEY, n.key());
        assertEquals(RH, n.currentState());
        assertEquals(LeaseState.READ, n.newState(), "only the handle caching goes");
    }

    private static java.util.function.Consumer<ByteBuf> rename(FileId dir) {
        return body -> {
            ByteBuf info = Unpooled.buffer();
            new FileRenameInformation(false, 0, "dir-new").encode(info);
            new SetInfoRequest(QueryInfoRequest.INFO_FILE, 10, 0, dir, info).encode(body);
            info.release();
        };
    }
}
