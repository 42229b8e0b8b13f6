package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.loggedOnAs;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.netty.buffer.ByteBuf;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.ImpersonationLevel;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.CreateGuid;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.DurableHandleRequestV2;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * [MS-SMB2] 3.3.5.9.10: a replayed CREATE (SMB2_FLAGS_REPLAY_OPERATION, a DH2Q with the same CreateGuid, from a
 * connection with the same ClientGuid) is answered with the original response. Both GUIDs cross the wire readable:
 * mallory, negotiating with alice's ClientGuid and replaying alice's CreateGuid, gets neither alice's response (it is
 * answered only to the same account) nor the power to make alice's own replay lose it, not even by filling the
 * server's replay memory with CREATEs of his own.
 */
class CreateReplayHijackTest extends HostileServer {
    private static final int GENERIC_READ_WRITE = 0x0012019F;
    /** [MS-ERREF] 2.3.1. */
    private static final int STATUS_FILE_NOT_AVAILABLE = 0xC0000467;
    private static final byte[] ALICE_GUID = {0x41, 0x4c, 0x49, 0x43, 0x45, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9};

    @Test
    void anotherAccountReplayingTheVictimsCreateGuidGetsNothingOfHersAndLeavesHerReplayIntact() throws IOException {
        CreateGuid createGuid = new CreateGuid(0x5EC2E7L, 0xC2EA7EL);
        try (RawSmb2Client alice = loggedOnAs(server.port(), ALICE_GUID, VICTIM, VICTIM_PASSWORD);
             RawSmb2Client mallory = loggedOnAs(server.port(), ALICE_GUID, ATTACKER, ATTACKER_PASSWORD)) {
            int treeV = treeConnect(alice, "data");
            int treeM = treeConnect(mallory, "data");
            RawResponse original = alice.call(Smb2Command.CREATE.code(), treeV,
                    body -> create("alice.txt", CreateDisposition.CREATE.code(), createGuid).encode(body));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, original);
            CreateResponse hers = CreateResponse.decode(original.buf());

            RawResponse stolen = replay(mallory, treeM, "mallory.txt", CreateDisposition.OPEN_IF.code(), createGuid);
            if (stolen.status() == RawSmb2Client.STATUS_SUCCESS) {
                assertNotEquals(hers.fileId(), CreateResponse.decode(stolen.buf()).fileId(),
                        "mallory was answered with alice's open");
            }

            RawResponse again = replay(alice, treeV, "alice.txt", CreateDisposition.CREATE.code(), createGuid);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, again); // not OBJECT_NAME_COLLISION: her original answer
            assertEquals(hers.fileId(), CreateResponse.decode(again.buf()).fileId());
        }
    }

    /**
     * The replay memory is bounded by max durable opens server-wide; one account may hold at most max durable opens
     * per user of it, as of the durable opens themselves: mallory's DH2Q opens (no oplock, so not durable, but
     * remembered for a replay all the same) past his share are not remembered, and alice's replay still gets her
     * original answer.
     */
    @Test
    void anotherAccountFillingTheReplayMemoryLeavesTheVictimsReplayIntact() throws IOException {
        server.close();
        server = SignetServer.builder().share("data", share).user(VICTIM, VICTIM_PASSWORD)
                .user(ATTACKER, ATTACKER_PASSWORD).port(0).bindAddress("127.0.0.1")
                .limits(l -> l.withMaxDurableOpens(4).withMaxDurableOpensPerUser(2)).start();
        byte[] malloryGuid = ALICE_GUID.clone();
        malloryGuid[0] = 0x4d;
        try (RawSmb2Client alice = loggedOnAs(server.port(), ALICE_GUID, VICTIM, VICTIM_PASSWORD);
             RawSmb2Client mallory = loggedOnAs(server.port(), malloryGuid, ATTACKER, ATTACKER_PASSWORD)) {
            int treeV = treeConnect(alice, "data");
            int treeM = treeConnect(mallory, "data");
            for (int i = 0; i < 4; i++) {
                CreateGuid his = new CreateGuid(0x3A11, i);
                String name = "mallory" + i + ".txt";
                assertStatus(RawSmb2Client.STATUS_SUCCESS, mallory.call(Smb2Command.CREATE.code(), treeM,
                        body -> create(name, CreateDisposition.CREATE.code(), his, OplockLevel.NONE.code())
                                .encode(body)));
            }
            CreateGuid createGuid = new CreateGuid(0xA11CE, 0xA11CE);
            RawResponse original = alice.call(Smb2Command.CREATE.code(), treeV,
                    body -> create("alice.txt", CreateDisposition.CREATE.code(), createGuid).encode(body));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, original);
            CreateResponse hers = CreateResponse.decode(original.buf());

            RawResponse again = replay(alice, treeV, "alice.txt", CreateDisposition.CREATE.code(), createGuid);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, again); // not OBJECT_NAME_COLLISION: her original answer
            assertEquals(hers.fileId(), CreateResponse.decode(again.buf()).fileId());
        }
    }

    /**
     * The DH2Q CREATEs waiting for a break, whose replay is answered STATUS_FILE_NOT_AVAILABLE meanwhile, are bounded
     * per account as well: mallory's waiting CREATEs past his share are not tracked, and alice's replay of her own
     * waiting CREATE still gets STATUS_FILE_NOT_AVAILABLE rather than being carried out a second time.
     */
    @Test
    void anotherAccountsWaitingCreatesLeaveTheVictimsReplayAnsweredAsPending() throws IOException {
        server.close();
        server = SignetServer.builder().share("data", share).user(VICTIM, VICTIM_PASSWORD)
                .user(ATTACKER, ATTACKER_PASSWORD).port(0).bindAddress("127.0.0.1")
                .limits(l -> l.withMaxDurableOpens(4).withMaxDurableOpensPerUser(1)).start();
        byte[] malloryGuid = ALICE_GUID.clone();
        malloryGuid[0] = 0x4d;
        try (RawSmb2Client holder = loggedOnAs(server.port(), malloryGuid, ATTACKER, ATTACKER_PASSWORD);
             RawSmb2Client mallory = loggedOnAs(server.port(), malloryGuid, ATTACKER, ATTACKER_PASSWORD);
             RawSmb2Client alice = loggedOnAs(server.port(), ALICE_GUID, VICTIM, VICTIM_PASSWORD)) {
            int treeH = treeConnect(holder, "data");
            int treeM = treeConnect(mallory, "data");
            int treeV = treeConnect(alice, "data");
            // A batch oplock whose break mallory never acknowledges: every CREATE of the file waits on it.
            RawResponse held = holder.call(Smb2Command.CREATE.code(), treeH, body -> new CreateRequest(
                    OplockLevel.BATCH.code(), ImpersonationLevel.IMPERSONATION, GENERIC_READ_WRITE, 0x80, 7,
                    CreateDisposition.OPEN_IF.code(), CreateOptions.NON_DIRECTORY_FILE, "held.txt", List.of())
                    .encode(body));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, held);
            for (int i = 0; i < 4; i++) {
                CreateGuid his = new CreateGuid(0x3A11, i);
                mallory.send(mallory.sign(createMessage(mallory, treeM, his)));
                assertStatus(RawSmb2Client.STATUS_PENDING, mallory.receiveCompound().get(0));
            }
            CreateGuid createGuid = new CreateGuid(0xA11CE, 0xA11CE);
            alice.send(alice.sign(createMessage(alice, treeV, createGuid)));
            assertStatus(RawSmb2Client.STATUS_PENDING, alice.receiveCompound().get(0));

            ByteBuf again = createMessage(alice, treeV, createGuid);
            int base = again.readerIndex();
            Smb2Header.setFlags(again, base, again.getIntLE(base + Smb2Header.OFFSET_FLAGS)
                    | Smb2Header.FLAG_REPLAY_OPERATION);
            alice.send(alice.sign(again));
            assertStatus(STATUS_FILE_NOT_AVAILABLE, alice.receiveCompound().get(0)); // not a second wait
        }
    }

    /** A DH2Q CREATE of held.txt, shared with all, asking for no oplock. */
    private static ByteBuf createMessage(RawSmb2Client client, int tree, CreateGuid createGuid) {
        ByteBuf m = client.newRequest(Smb2Command.CREATE.code(), tree);
        new CreateRequest(OplockLevel.NONE.code(), ImpersonationLevel.IMPERSONATION, GENERIC_READ_WRITE, 0x80, 7,
                CreateDisposition.OPEN.code(), CreateOptions.NON_DIRECTORY_FILE, "held.txt",
                List.of(new DurableHandleRequestV2(0, 0, createGuid).toContext())).encode(m);
        return m;
    }

    private static RawResponse replay(RawSmb2Client client, int tree, String name, int disposition,
                                      CreateGuid createGuid) throws IOException {
        ByteBuf m = client.newRequest(Smb2Command.CREATE.code(), tree);
        create(name, disposition, createGuid).encode(m);
        int base = m.readerIndex();
        Smb2Header.setFlags(m, base, m.getIntLE(base + Smb2Header.OFFSET_FLAGS) | Smb2Header.FLAG_REPLAY_OPERATION);
        long mid = client.nextMessageId() - 1;
        client.send(client.sign(m));
        RawResponse r = client.receive();
        assertEquals(mid, r.header().messageId(), "the replay's answer, not a break of the client's own open: " + r);
        return r;
    }

    private static CreateRequest create(String name, int disposition, CreateGuid createGuid) {
        return create(name, disposition, createGuid, OplockLevel.BATCH.code());
    }

    private static CreateRequest create(String name, int disposition, CreateGuid createGuid, int oplock) {
        return new CreateRequest(oplock, ImpersonationLevel.IMPERSONATION, GENERIC_READ_WRITE, 0x80,
                ShareAccess.FILE_SHARE_READ, disposition, CreateOptions.NON_DIRECTORY_FILE, name,
                List.of(new DurableHandleRequestV2(0, 0, createGuid).toContext()));
    }
}
