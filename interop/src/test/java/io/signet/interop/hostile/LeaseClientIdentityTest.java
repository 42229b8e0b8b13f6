package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.loggedOnAs;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static io.signet.interop.hostile.LeaseSupport.NOTIFICATION_MID;
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

import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.LeaseState;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.EchoRequest;
import io.signet.protocol.smb2.message.LeaseBreakAck;
import io.signet.protocol.smb2.message.LeaseBreakNotification;
import io.signet.protocol.smb2.message.LeaseContext;
import io.signet.protocol.smb2.message.LeaseKey;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * A ClientGuid is the client's to choose and crosses the wire in the clear, so mallory can NEGOTIATE with alice's.
 * [MS-SMB2] 3.3.1.4 keys leases by ClientGuid and LeaseKey; were that all, mallory would share alice's leases,
 * acknowledge her breaks and be sent them. The server keys a lease client by ClientGuid and account: mallory under
 * alice's ClientGuid is another client.
 */
class LeaseClientIdentityTest extends HostileServer {
    private static final int STATUS_OBJECT_NAME_NOT_FOUND = 0xC0000034;
    private static final byte[] ALICE_GUID = {0x41, 0x4c, 0x49, 0x43, 0x45, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};

    /**
     * Mallory's connection claiming alice's ClientGuid is older than alice's own: it is not where alice's lease break
     * goes, and it cannot acknowledge that break.
     */
    @Test
    void theVictimsBreakGoesToHerAndOnlySheCanAcknowledgeIt() throws IOException {
        Files.writeString(share.resolve("alice.txt"), "x");
        LeaseKey key = new LeaseKey(0xA11CE, 0xA11CE);
        try (RawSmb2Client spoof = loggedOnAs(server.port(), ALICE_GUID, ATTACKER, ATTACKER_PASSWORD);
             RawSmb2Client alice = loggedOnAs(server.port(), ALICE_GUID, VICTIM, VICTIM_PASSWORD);
             RawSmb2Client breaker = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int treeS = treeConnect(spoof, "data");
            int treeV = treeConnect(alice, "data");
            int treeB = treeConnect(breaker, "data");
            CreateResponse held = create(alice, treeV, "alice.txt", OplockLevel.LEASE.code(),
                    LeaseContext.v2(key, RWH, 0, LeaseKey.ZERO, 0), 0);
            assertEquals(RWH, leaseOf(held).state());

            long mid = breaker.nextMessageId();
            breaker.send(breaker.sign(createMessage(breaker, treeB, "alice.txt", OplockLevel.NONE.code(), null, 0)));
            assertEquals(RawSmb2Client.STATUS_PENDING, breaker.receiveCompound().get(0).status());

            RawResponse stolenAck = spoof.call(Smb2Command.OPLOCK_BREAK.code(), treeS,
                    body -> new LeaseBreakAck(0, key, LeaseState.NONE, 0).encode(body));
            assertEquals(Smb2Command.OPLOCK_BREAK.code(), stolenAck.header().commandCode());
            assertEquals(false, stolenAck.header().messageId() == NOTIFICATION_MID,
                    "alice's lease break was sent to mallory's connection");
            assertStatus(STATUS_OBJECT_NAME_NOT_FOUND, stolenAck);
            assertNoMessage(spoof);

            LeaseBreakNotification n = LeaseBreakNotification.decode(nextBreak(alice).buf());
            assertEquals(key, n.key());
            assertEquals(RWH, n.currentState());
            assertEquals(RH, n.newState(), "alice still holds RWH: mallory's acknowledgment changed nothing");
            assertStatus(RawSmb2Client.STATUS_SUCCESS, alice.call(Smb2Command.OPLOCK_BREAK.code(), treeV,
                    body -> new LeaseBreakAck(0, key, RH, 0).encode(body)));
            RawResponse created = breaker.receive();
            assertEquals(mid, created.header().messageId());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, created);
        }
    }

    /**
     * Mallory, under alice's ClientGuid and lease key, opens alice's file: she does not join alice's lease (no
     * break, RWH for both, and alice's cached writes exposed); alice's lease is broken like any other client's and
     * mallory gets a lease of her own.
     */
    @Test
    void theVictimsClientGuidAndLeaseKeyDoNotShareHerLease() throws IOException {
        Files.writeString(share.resolve("alice.txt"), "x");
        LeaseKey key = new LeaseKey(0xA11CE, 0xB0B);
        try (RawSmb2Client alice = loggedOnAs(server.port(), ALICE_GUID, VICTIM, VICTIM_PASSWORD);
             RawSmb2Client spoof = loggedOnAs(server.port(), ALICE_GUID, ATTACKER, ATTACKER_PASSWORD)) {
            int treeV = treeConnect(alice, "data");
            int treeS = treeConnect(spoof, "data");
            CreateResponse held = create(alice, treeV, "alice.txt", OplockLevel.LEASE.code(),
                    LeaseContext.v2(key, RWH, 0, LeaseKey.ZERO, 0), 0);
            assertEquals(RWH, leaseOf(held).state());

            long mid = spoof.nextMessageId();
            spoof.send(spoof.sign(createMessage(spoof, treeS, "alice.txt", OplockLevel.LEASE.code(),
                    LeaseContext.v2(key, RWH, 0, LeaseKey.ZERO, 0), 0)));
            RawResponse first = spoof.receiveCompound().get(0);
            assertEquals(RawSmb2Client.STATUS_PENDING, first.status(),
                    "mallory's CREATE must wait for alice's lease break, not join her lease: " + first);

            LeaseBreakNotification n = LeaseBreakNotification.decode(nextBreak(alice).buf());
            assertEquals(RWH, n.currentState());
            assertEquals(RH, n.newState());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, alice.call(Smb2Command.OPLOCK_BREAK.code(), treeV,
                    body -> new LeaseBreakAck(0, key, RH, 0).encode(body)));
            RawResponse mine = spoof.receive();
            assertEquals(mid, mine.header().messageId());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, mine);
            LeaseContext hers = leaseOf(CreateResponse.decode(mine.buf()));
            assertEquals(RH, hers.state(), "a lease of her own, without the write caching alice holds");
            assertEquals(1, hers.epoch(), "a new lease, not alice's");
        }
    }

    /**
     * A change made under a directory's own lease, named as the ParentLeaseKey, does not break that lease ([MS-SMB2]
     * 3.3.4.7). Mallory, under alice's ClientGuid, naming alice's directory lease key as her parent does not spare
     * it: alice's cached view of the directory is broken when mallory adds an entry.
     */
    @Test
    void namingTheVictimsDirectoryLeaseAsParentDoesNotSpareItsBreak() throws IOException {
        Files.createDirectory(share.resolve("dir"));
        LeaseKey dirKey = new LeaseKey(0xD1, 0xA11CE);
        try (RawSmb2Client alice = loggedOnAs(server.port(), ALICE_GUID, VICTIM, VICTIM_PASSWORD);
             RawSmb2Client spoof = loggedOnAs(server.port(), ALICE_GUID, ATTACKER, ATTACKER_PASSWORD)) {
            int treeV = treeConnect(alice, "data");
            int treeS = treeConnect(spoof, "data");
            RawResponse dir = alice.call(Smb2Command.CREATE.code(), treeV, body -> encodeCreate(body, "dir",
                    OplockLevel.LEASE.code(), LeaseContext.v2(dirKey, RH, 0, LeaseKey.ZERO, 0),
                    CreateOptions.DIRECTORY_FILE, CreateDisposition.OPEN.code(), 0x00100081));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, dir);
            assertEquals(RH, leaseOf(CreateResponse.decode(dir.buf())).state());

            RawResponse added = spoof.call(Smb2Command.CREATE.code(), treeS, body -> encodeCreate(body,
                    "dir\\planted.txt", OplockLevel.LEASE.code(), LeaseContext.v2(new LeaseKey(0xBAD, 0xBAD), RWH,
                            LeaseContext.PARENT_LEASE_KEY_SET, dirKey, 0),
                    CreateOptions.NON_DIRECTORY_FILE, CreateDisposition.CREATE.code(), READ_WRITE_DELETE));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, added);

            long mid = alice.nextMessageId();
            RawResponse first = alice.call(Smb2Command.ECHO.code(), 0, body -> new EchoRequest().encode(body));
            assertEquals(NOTIFICATION_MID, first.header().messageId(),
                    "alice's directory lease was not broken by mallory's new entry: " + first);
            LeaseBreakNotification n = LeaseBreakNotification.decode(first.buf());
            assertEquals(dirKey, n.key());
            assertEquals(LeaseState.NONE, n.newState());
            assertEquals(mid, alice.receive().header().messageId());
        }
    }
}
