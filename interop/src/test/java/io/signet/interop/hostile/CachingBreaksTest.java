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
import static io.signet.interop.hostile.LeaseSupport.RWH;
import static io.signet.interop.hostile.LeaseSupport.assertNoMessage;
import static io.signet.interop.hostile.LeaseSupport.create;
import static io.signet.interop.hostile.LeaseSupport.createMessage;
import static io.signet.interop.hostile.LeaseSupport.encodeCreate;
import static io.signet.interop.hostile.LeaseSupport.leaseOf;
import static io.signet.interop.hostile.LeaseSupport.nextBreak;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
import io.signet.protocol.smb2.message.Channel;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.LeaseBreakAck;
import io.signet.protocol.smb2.message.LeaseBreakNotification;
import io.signet.protocol.smb2.message.LeaseContext;
import io.signet.protocol.smb2.message.LeaseKey;
import io.signet.protocol.smb2.message.OplockBreak;
import io.signet.protocol.smb2.message.QueryInfoRequest;
import io.signet.protocol.smb2.message.SetInfoRequest;
import io.signet.protocol.smb2.message.WriteRequest;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * Oplocks and leases over the wire between two clients (two connections, two ClientGuids): a level II oplock broken
 * by a write ([MS-FSA] 2.1.4.12), a lease break the CREATE that caused it waits for and its acknowledgment
 * ([MS-SMB2] 3.3.4.7, 3.3.5.22.2), lease keys that belong to one client only ([MS-SMB2] 3.3.1.4), and directory
 * leases broken when an entry of the directory is created, deleted or renamed.
 */
class CachingBreaksTest extends HostileServer {
    private static final int STATUS_OBJECT_NAME_NOT_FOUND = 0xC0000034;

    @Test
    void aWriteBreaksAnotherClientsLevelIIOplockToNoneWithoutWaiting() throws IOException {
        Files.writeString(share.resolve("shared.txt"), "x");
        try (RawSmb2Client a = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client b = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int treeA = treeConnect(a, "data");
            int treeB = treeConnect(b, "data");
            CreateResponse first = create(a, treeA, "shared.txt", OplockLevel.II.code(), null, 0);
            assertEquals(OplockLevel.II.code(), first.oplockLevel());
            CreateResponse second = create(b, treeB, "shared.txt", OplockLevel.II.code(), null, 0);
            assertEquals(OplockLevel.II.code(), second.oplockLevel(), "level II is shared");

            RawResponse written = b.call(Smb2Command.WRITE.code(), treeB, write(second.fileId()));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, written);
            RawResponse notification = nextBreak(a);
            OplockBreak broken = OplockBreak.decode(notification.buf());
            assertEquals(first.fileId(), broken.fileId());
            assertEquals(OplockLevel.NONE.code(), broken.oplockLevel(), "level II breaks to none on a write");
        }
    }

    @Test
    void aLeaseBreakHoldsTheConflictingCreateUntilTheHolderAcknowledges() throws IOException {
        Files.writeString(share.resolve("leased.txt"), "x");
        LeaseKey key = new LeaseKey(0x1111, 0x2222);
        try (RawSmb2Client a = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client b = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int treeA = treeConnect(a, "data");
            int treeB = treeConnect(b, "data");
            CreateResponse held = create(a, treeA, "leased.txt", OplockLevel.LEASE.code(),
                    LeaseContext.v2(key, RWH, 0, LeaseKey.ZERO, 0), 0);
            LeaseContext granted = leaseOf(held);
            assertEquals(RWH, granted.state());
            assertEquals(1, granted.epoch());

            long createMid = b.nextMessageId();
            b.send(b.sign(createMessage(b, treeB, "leased.txt", OplockLevel.NONE.code(), null, 0)));
            RawResponse interim = b.receiveCompound().get(0);
            assertEquals(RawSmb2Client.STATUS_PENDING, interim.status(), "the CREATE waits for the break");

            LeaseBreakNotification n = LeaseBreakNotification.decode(nextBreak(a).buf());
            assertEquals(new LeaseBreakNotification(2, LeaseBreakNotification.ACK_REQUIRED, key, RWH, RH), n);
            RawResponse acked = a.call(Smb2Command.OPLOCK_BREAK.code(), treeA,
                    body -> new LeaseBreakAck(0, key, RH, 0).encode(body));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, acked);
            assertEquals(new LeaseBreakAck(0, key, RH, 0), LeaseBreakAck.decode(acked.buf()));

            RawResponse created = b.receive();
            assertEquals(createMid, created.header().messageId());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, created);
            RawResponse again = a.call(Smb2Command.OPLOCK_BREAK.code(), treeA,
                    body -> new LeaseBreakAck(0, key, RH, 0).encode(body));
            assertStatus(0xC0000001, again); // STATUS_UNSUCCESSFUL: no break in progress
        }
    }

    @Test
    void markingAFileForDeletionWaitsForTheHandleCachingOfOthersToBreak() throws IOException {
        Files.writeString(share.resolve("doomed.txt"), "x");
        LeaseKey key = new LeaseKey(0xDE1, 0xDE1);
        try (RawSmb2Client a = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client b = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int treeA = treeConnect(a, "data");
            int treeB = treeConnect(b, "data");
            create(a, treeA, "doomed.txt", OplockLevel.LEASE.code(), LeaseContext.v2(key, RH, 0, LeaseKey.ZERO, 0),
                    0);
            CreateResponse other = create(b, treeB, "doomed.txt", OplockLevel.NONE.code(), null, 0);

            long setMid = b.nextMessageId();
            ByteBuf set = b.newRequest(Smb2Command.SET_INFO.code(), treeB);
            ByteBuf info = Unpooled.buffer().writeByte(1); // FileDispositionInformation: DeletePending TRUE
            new SetInfoRequest(QueryInfoRequest.INFO_FILE, 13, 0, other.fileId(), info).encode(set);
            info.release();
            b.send(b.sign(set));
            assertEquals(RawSmb2Client.STATUS_PENDING, b.receiveCompound().get(0).status(), "it waits for the break");

            LeaseBreakNotification n = LeaseBreakNotification.decode(nextBreak(a).buf());
            assertEquals(RH, n.currentState());
            assertEquals(LeaseState.READ, n.newState(), "only the handle caching goes");
            assertStatus(RawSmb2Client.STATUS_SUCCESS, a.call(Smb2Command.OPLOCK_BREAK.code(), treeA,
                    body -> new LeaseBreakAck(0, key, LeaseState.READ, 0).encode(body)));
            RawResponse done = b.receive();
            assertEquals(setMid, done.header().messageId());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, done);
        }
    }

    /**
     * Mallory, with her own account and ClientGuid, uses alice's lease key: she cannot acknowledge alice's break,
     * the key does not tie her to alice's file, and on alice's file she gets a lease of her own that breaks alice's
     * like any other client's would.
     */
    @Test
    void anotherClientUsingTheVictimsLeaseKeyGetsNothingOfTheVictimsLease() throws IOException {
        Files.writeString(share.resolve("victim.txt"), "x");
        Files.writeString(share.resolve("other.txt"), "y");
        LeaseKey key = new LeaseKey(0x5EC2E7, 0x5EC2E7);
        try (RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client attacker = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int treeV = treeConnect(victim, "data");
            int treeA = treeConnect(attacker, "data");
            CreateResponse held = create(victim, treeV, "victim.txt", OplockLevel.LEASE.code(),
                    LeaseContext.v2(key, RWH, 0, LeaseKey.ZERO, 0), 0);
            assertEquals(RWH, leaseOf(held).state());

            RawResponse reused = victim.call(Smb2Command.CREATE.code(), treeV, body -> encodeCreate(body, "other.txt",
                    OplockLevel.LEASE.code(), LeaseContext.v2(key, RWH, 0, LeaseKey.ZERO, 0),
                    CreateOptions.NON_DIRECTORY_FILE, CreateDisposition.OPEN.code(), READ_WRITE_DELETE));
            assertStatus(RawSmb2Client.STATUS_INVALID_PARAMETER, reused); // [MS-SMB2] 3.3.5.9.8: her key names victim.txt

            assertStatus(STATUS_OBJECT_NAME_NOT_FOUND, attacker.call(Smb2Command.OPLOCK_BREAK.code(), treeA,
                    body -> new LeaseBreakAck(0, key, LeaseState.NONE, 0).encode(body)));
            CreateResponse elsewhere = create(attacker, treeA, "other.txt", OplockLevel.LEASE.code(),
                    LeaseContext.v2(key, RWH, 0, LeaseKey.ZERO, 0), 0);
            assertEquals(RWH, leaseOf(elsewhere).state(), "the key is hers on another file: not INVALID_PARAMETER");
            attacker.close(treeA, elsewhere.fileId());

            attacker.send(attacker.sign(createMessage(attacker, treeA, "victim.txt", OplockLevel.LEASE.code(),
                    LeaseContext.v2(key, RWH, 0, LeaseKey.ZERO, 0), 0)));
            LeaseBreakNotification n = LeaseBreakNotification.decode(nextBreak(victim).buf());
            assertEquals(RWH, n.currentState(), "the victim's lease is broken, not shared");
            assertEquals(RH, n.newState());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, victim.call(Smb2Command.OPLOCK_BREAK.code(), treeV,
                    body -> new LeaseBreakAck(0, key, RH, 0).encode(body)));
            RawResponse mine = attacker.receive();
            assertStatus(RawSmb2Client.STATUS_SUCCESS, mine);
            LeaseContext hers = leaseOf(CreateResponse.decode(mine.buf()));
            assertEquals(RH, hers.state(), "her own lease, without the write caching another client holds");
            assertEquals(1, hers.epoch(), "a new lease, not the victim's (epoch 2 after its break)");
            assertNoMessage(attacker);
        }
    }

    @Test
    void aDirectoryLeaseBreaksWhenAnEntryIsCreatedDeletedOrRenamed() throws IOException {
        Files.createDirectory(share.resolve("dir"));
        Files.writeString(share.resolve("dir").resolve("old.txt"), "x");
        LeaseKey key = new LeaseKey(0xD1, 0xD1);
        try (RawSmb2Client a = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client b = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int treeA = treeConnect(a, "data");
            int treeB = treeConnect(b, "data");

            FileId dir = leaseDirectory(a, treeA, key);
            CreateResponse created = create(b, treeB, "dir\\new.txt", OplockLevel.NONE.code(), null, 0,
                    CreateDisposition.CREATE.code());
            expectDirectoryBreak(a, treeA, key, dir);

            dir = leaseDirectory(a, treeA, key);
            RawResponse renamed = b.call(Smb2Command.SET_INFO.code(), treeB, body -> {
                ByteBuf info = Unpooled.buffer();
                new FileRenameInformation(false, 0, "dir\\renamed.txt").encode(info);
                new SetInfoRequest(QueryInfoRequest.INFO_FILE, 10, 0, created.fileId(), info).encode(body);
                info.release();
            });
            assertStatus(RawSmb2Client.STATUS_SUCCESS, renamed);
            expectDirectoryBreak(a, treeA, key, dir);

            dir = leaseDirectory(a, treeA, key);
            CreateResponse doomed = create(b, treeB, "dir\\old.txt", OplockLevel.NONE.code(), null,
                    CreateOptions.DELETE_ON_CLOSE);
            assertNoMessage(a);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, b.close(treeB, doomed.fileId()));
            expectDirectoryBreak(a, treeA, key, dir);
            assertFalse(Files.exists(share.resolve("dir").resolve("old.txt")));

            dir = leaseDirectory(a, treeA, key);
            CreateResponse mineToo = create(a, treeA, "dir\\own.txt", OplockLevel.LEASE.code(),
                    LeaseContext.v2(new LeaseKey(0xF1, 0), RWH, LeaseContext.PARENT_LEASE_KEY_SET, key, 0), 0,
                    CreateDisposition.CREATE.code());
            assertEquals(RWH, leaseOf(mineToo).state());
            assertNoMessage(a); // made under the directory's own lease, named as parent: no break
            a.close(treeA, dir);
        }
    }

    @Test
    void closingAFileWrittenThroughBreaksItsDirectorysLease() throws IOException {
        Files.createDirectory(share.resolve("dir"));
        Files.writeString(share.resolve("dir").resolve("data.txt"), "x");
        LeaseKey key = new LeaseKey(0xD3, 0xD3);
        try (RawSmb2Client a = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client b = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int treeA = treeConnect(a, "data");
            int treeB = treeConnect(b, "data");
            CreateResponse read = create(b, treeB, "dir\\data.txt", OplockLevel.NONE.code(), null, 0);
            FileId dir = leaseDirectory(a, treeA, key);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, b.close(treeB, read.fileId()));
            assertNoMessage(a); // a close that changed nothing leaves the directory's entries as they were

            CreateResponse written = create(b, treeB, "dir\\data.txt", OplockLevel.NONE.code(), null, 0);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, b.call(Smb2Command.WRITE.code(), treeB,
                    write(written.fileId())));
            assertNoMessage(a); // smbtorture smb2.lease.v2_request: only the close of the modified file breaks it
            assertStatus(RawSmb2Client.STATUS_SUCCESS, b.close(treeB, written.fileId()));
            expectDirectoryBreak(a, treeA, key, dir);
        }
    }

    /** Opens "dir" with a read-and-handle lease under {@code key}; a fresh lease each time (the last open closed). */
    private static FileId leaseDirectory(RawSmb2Client client, int tree, LeaseKey key) throws IOException {
        RawResponse r = client.call(Smb2Command.CREATE.code(), tree, body -> encodeCreate(body, "dir",
                OplockLevel.LEASE.code(), LeaseContext.v2(key, RH, 0, LeaseKey.ZERO, 0), CreateOptions.DIRECTORY_FILE,
                CreateDisposition.OPEN.code(), 0x00100081)); // FILE_LIST_DIRECTORY | FILE_READ_ATTRIBUTES | SYNCHRONIZE
        assertStatus(RawSmb2Client.STATUS_SUCCESS, r);
        CreateResponse response = CreateResponse.decode(r.buf());
        assertEquals(RH, leaseOf(response).state(), "directories get read and handle caching");
        return response.fileId();
    }

    /** The directory lease breaks from RH to none, must be acknowledged, and the directory's open then closes. */
    private static void expectDirectoryBreak(RawSmb2Client client, int tree, LeaseKey key, FileId dir)
            throws IOException {
        LeaseBreakNotification n = LeaseBreakNotification.decode(nextBreak(client).buf());
        assertEquals(key, n.key());
        assertEquals(RH, n.currentState());
        assertEquals(LeaseState.NONE, n.newState());
        assertEquals(LeaseBreakNotification.ACK_REQUIRED, n.flags());
        assertStatus(RawSmb2Client.STATUS_SUCCESS, client.call(Smb2Command.OPLOCK_BREAK.code(), tree,
                body -> new LeaseBreakAck(0, key, LeaseState.NONE, 0).encode(body)));
        assertStatus(RawSmb2Client.STATUS_SUCCESS, client.close(tree, dir));
    }

    private static java.util.function.Consumer<ByteBuf> write(FileId fileId) {
        return body -> {
            ByteBuf data = Unpooled.wrappedBuffer(new byte[] {'w'});
            try {
                new WriteRequest(0, fileId, Channel.NONE, 0, 0, Unpooled.EMPTY_BUFFER, data).encode(body);
            } finally {
                data.release();
            }
        };
    }
}
