package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.channel;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.smb2.CreateAction;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.ImpersonationLevel;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.CreateContext;
import io.signet.protocol.smb2.message.CreateGuid;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.DurableHandleReconnect;
import io.signet.protocol.smb2.message.DurableHandleReconnectV2;
import io.signet.protocol.smb2.message.DurableHandleRequest;
import io.signet.protocol.smb2.message.DurableHandleRequestV2;
import io.signet.protocol.smb2.message.DurableHandleResponseV2;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.ReadRequest;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/**
 * Durable handles ([MS-SMB2] 3.3.5.9.6, 3.3.5.9.7, 3.3.5.9.10, 3.3.5.9.12) against a client that names an open it
 * does not own. A FileId and a CreateGuid are only numbers a client sends: a reconnect must come from the account
 * that made the open, or it is STATUS_OBJECT_NAME_NOT_FOUND and the open stays kept for its owner. An open kept for a
 * client that went away ends with its timeout, and the server keeps at most {@code max durable opens}.
 */
class DurableHandleAdmissionTest extends HostileServer {
    private static final int STATUS_OBJECT_NAME_NOT_FOUND = RawSmb2Client.STATUS_OBJECT_NAME_NOT_FOUND;
    private static final int GENERIC_READ_WRITE = 0x0012019F;

    @Test
    void anotherAccountCannotReconnectTheVictimsOpenWhichStaysForItsOwner() throws IOException {
        Files.writeString(share.resolve("ledger.txt"), "the victim's data");
        CreateGuid createGuid = randomGuid();
        FileId victimsOpen;
        try (RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(victim, "data");
            CreateResponse opened = durableOpen(victim, tree, "ledger.txt",
                    new DurableHandleRequestV2(0, 0, createGuid).toContext());
            assertEquals(OplockLevel.BATCH.code(), opened.oplockLevel());
            assertTrue(hasContext(opened, CreateContext.DURABLE_HANDLE_REQUEST_V2), "the open is durable");
            victimsOpen = opened.fileId();
        } // the victim's connection drops
        awaitCount(server::disconnectedDurableOpens, 1);

        try (RawSmb2Client mallory = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int tree = treeConnect(mallory, "data");
            assertStatus(STATUS_OBJECT_NAME_NOT_FOUND, reconnect(mallory, tree, "ledger.txt",
                    new DurableHandleReconnectV2(victimsOpen, createGuid, 0).toContext()));
            assertStatus(STATUS_OBJECT_NAME_NOT_FOUND, reconnect(mallory, tree, "ledger.txt",
                    new DurableHandleReconnect(victimsOpen).toContext()));
            assertStatus(STATUS_OBJECT_NAME_NOT_FOUND, reconnect(mallory, tree, "other-name.txt",
                    new DurableHandleReconnectV2(victimsOpen, createGuid, 0).toContext()));
        }
        assertEquals(1, server.disconnectedDurableOpens(), "the refused reconnects left the victim's open kept");

        try (RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(victim, "data");
            // The right account with the wrong CreateGuid is refused too, and leaves the open as it was.
            assertStatus(STATUS_OBJECT_NAME_NOT_FOUND, reconnect(victim, tree, "ledger.txt",
                    new DurableHandleReconnectV2(victimsOpen, randomGuid(), 0).toContext()));
            RawResponse back = reconnect(victim, tree, "ledger.txt",
                    new DurableHandleReconnectV2(victimsOpen, createGuid, 0).toContext());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, back);
            CreateResponse reconnected = CreateResponse.decode(back.buf());
            assertEquals(CreateAction.OPENED.code(), reconnected.createAction());
            assertEquals(OplockLevel.BATCH.code(), reconnected.oplockLevel(), "the oplock came back with the open");
            assertEquals(victimsOpen.persistent(), reconnected.fileId().persistent());
            RawResponse read = victim.call(Smb2Command.READ.code(), tree,
                    body -> new ReadRequest(0, 0, 64, 0, reconnected.fileId(), 0, 0, 0, Unpooled.EMPTY_BUFFER).encode(body));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, read);
            assertEquals(0, server.disconnectedDurableOpens());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, victim.close(tree, reconnected.fileId()));
        }
        assertEquals(0, server.durableOpens());
    }

    @Test
    void anOpenKeptPastItsTimeoutIsScavengedAndCannotBeReconnected() throws IOException {
        server.close();
        server = SignetServer.builder().share("data", share).user(VICTIM, VICTIM_PASSWORD).port(0)
                .bindAddress("127.0.0.1").limits(l -> l.withMaxDurableTimeout(Duration.ofSeconds(1))).start();
        Files.writeString(share.resolve("brief.txt"), "kept for a second");
        CreateGuid createGuid = randomGuid();
        FileId kept;
        try (RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(victim, "data");
            CreateResponse opened = durableOpen(victim, tree, "brief.txt",
                    new DurableHandleRequestV2(600_000, 0, createGuid).toContext());
            // Ten minutes asked for, the configured maximum granted.
            assertEquals(new DurableHandleResponseV2(1000, 0), durableResponse(opened));
            kept = opened.fileId();
        }
        awaitCount(server::disconnectedDurableOpens, 1); // kept for its client...
        awaitCount(server::durableOpens, 0); // ...then closed by the scavenger
        try (RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(victim, "data");
            assertStatus(STATUS_OBJECT_NAME_NOT_FOUND, reconnect(victim, tree, "brief.txt",
                    new DurableHandleReconnectV2(kept, createGuid, 0).toContext()));
            // The scavenged open released the file: a new exclusive open of it succeeds.
            CreateResponse again = durableOpen(victim, tree, "brief.txt", new DurableHandleRequest().toContext());
            assertEquals(OplockLevel.BATCH.code(), again.oplockLevel());
        }
    }

    @Test
    void pastMaxDurableOpensTheOpenIsGrantedWithoutDurabilityAndTheNextUserIsServedOnceThereIsRoom()
            throws IOException {
        server.close();
        server = SignetServer.builder().share("data", share).user(VICTIM, VICTIM_PASSWORD)
                .user(ATTACKER, ATTACKER_PASSWORD).port(0).bindAddress("127.0.0.1")
                .limits(l -> l.withMaxDurableOpens(1)).start();
        try (RawSmb2Client mallory = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD);
             RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int malloryTree = treeConnect(mallory, "data");
            CreateResponse first = durableOpen(mallory, malloryTree, "m1.txt",
                    new DurableHandleRequestV2(0, 0, randomGuid()).toContext());
            assertTrue(hasContext(first, CreateContext.DURABLE_HANDLE_REQUEST_V2));
            assertEquals(new DurableHandleResponseV2(60_000, 0), durableResponse(first), "a Timeout of 0 gets 60 s");
            CreateResponse second = durableOpen(mallory, malloryTree, "m2.txt",
                    new DurableHandleRequestV2(0, 0, randomGuid()).toContext());
            assertEquals(OplockLevel.BATCH.code(), second.oplockLevel(), "the open itself is granted");
            assertFalse(hasContext(second, CreateContext.DURABLE_HANDLE_REQUEST_V2), "but not durable");

            int victimTree = treeConnect(victim, "data");
            CreateResponse refused = durableOpen(victim, victimTree, "v1.txt", new DurableHandleRequest().toContext());
            assertFalse(hasContext(refused, CreateContext.DURABLE_HANDLE_REQUEST), "the server is at its bound");
            assertStatus(RawSmb2Client.STATUS_SUCCESS, mallory.close(malloryTree, first.fileId()));
            CreateResponse granted = durableOpen(victim, victimTree, "v2.txt", new DurableHandleRequest().toContext());
            assertTrue(hasContext(granted, CreateContext.DURABLE_HANDLE_REQUEST), "room again: durable");
            assertEquals(1, server.durableOpens());
        }
    }

    /** One account at {@code max durable opens per user} leaves the server's other durable opens to the others. */
    @Test
    void anAccountAtItsDurableCapGetsPlainOpensAndAnotherAccountIsStillServed() throws IOException {
        server.close();
        server = SignetServer.builder().share("data", share).user(VICTIM, VICTIM_PASSWORD)
                .user(ATTACKER, ATTACKER_PASSWORD).port(0).bindAddress("127.0.0.1")
                .limits(l -> l.withMaxDurableOpensPerUser(2)).start();
        try (RawSmb2Client mallory = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD);
             RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int malloryTree = treeConnect(mallory, "data");
            for (String name : List.of("m1.txt", "m2.txt")) {
                assertTrue(hasContext(durableOpen(mallory, malloryTree, name, new DurableHandleRequestV2(0, 0,
                        randomGuid()).toContext()), CreateContext.DURABLE_HANDLE_REQUEST_V2), name);
            }
            CreateResponse third = durableOpen(mallory, malloryTree, "m3.txt",
                    new DurableHandleRequestV2(0, 0, randomGuid()).toContext());
            assertEquals(OplockLevel.BATCH.code(), third.oplockLevel(), "the open itself is granted");
            assertFalse(hasContext(third, CreateContext.DURABLE_HANDLE_REQUEST_V2), "but not durable");

            int victimTree = treeConnect(victim, "data");
            assertTrue(hasContext(durableOpen(victim, victimTree, "v1.txt", new DurableHandleRequestV2(0, 0,
                    randomGuid()).toContext()), CreateContext.DURABLE_HANDLE_REQUEST_V2), "another account is served");
            assertEquals(3, server.durableOpens());
        }
    }

    /** Multichannel: losing one channel of a session ends no open while another channel lives. */
    @Test
    void aLostChannelLeavesTheSessionsOpensInUseOnTheOther() throws IOException {
        Files.writeString(share.resolve("shared.txt"), "two channels");
        try (RawSmb2Client second = channel(server.port())) {
            FileId open;
            int tree;
            try (RawSmb2Client first = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
                tree = treeConnect(first, "data");
                assertStatus(RawSmb2Client.STATUS_SUCCESS, second.bind(first.session(), VICTIM, VICTIM_PASSWORD));
                open = durableOpen(first, tree, "shared.txt", new DurableHandleRequest().toContext()).fileId();
            } // the first channel drops
            FileId held = open;
            RawResponse read = second.call(Smb2Command.READ.code(), tree,
                    body -> new ReadRequest(0, 0, 64, 0, held, 0, 0, 0, Unpooled.EMPTY_BUFFER).encode(body));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, read);
            assertEquals(0, server.disconnectedDurableOpens(), "the open is still in use, not kept");
            assertStatus(RawSmb2Client.STATUS_SUCCESS, second.close(tree, open));
        }
    }

    private static CreateResponse durableOpen(RawSmb2Client client, int tree, String name, CreateContext durable)
            throws IOException {
        RawResponse r = client.call(Smb2Command.CREATE.code(), tree,
                body -> new CreateRequest(OplockLevel.BATCH.code(), ImpersonationLevel.IMPERSONATION,
                        GENERIC_READ_WRITE, 0, ShareAccess.FILE_SHARE_READ, CreateDisposition.OPEN_IF.code(),
                        CreateOptions.NON_DIRECTORY_FILE, name, List.of(durable)).encode(body));
        assertStatus(RawSmb2Client.STATUS_SUCCESS, r);
        return CreateResponse.decode(r.buf());
    }

    /** A CREATE carrying only a reconnect context; Windows ignores the other fields, so they are left zero. */
    private static RawResponse reconnect(RawSmb2Client client, int tree, String name, CreateContext reconnect)
            throws IOException {
        return client.call(Smb2Command.CREATE.code(), tree,
                body -> new CreateRequest(OplockLevel.BATCH.code(), ImpersonationLevel.IMPERSONATION, 0, 0, 0,
                        CreateDisposition.OPEN.code(), 0, name, List.of(reconnect)).encode(body));
    }

    private static boolean hasContext(CreateResponse r, String name) {
        return r.createContexts().stream().anyMatch(c -> c.name().equals(name));
    }

    private static DurableHandleResponseV2 durableResponse(CreateResponse r) {
        return r.createContexts().stream().filter(c -> c.name().equals(CreateContext.DURABLE_HANDLE_REQUEST_V2))
                .map(c -> DurableHandleResponseV2.decode(c.data())).findFirst().orElseThrow();
    }

    private static CreateGuid randomGuid() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new CreateGuid(r.nextLong(), r.nextLong());
    }

    /** Waits for the server's connection teardown (on its own threads) to reach {@code expected}. */
    private static void awaitCount(IntSupplier count, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (count.getAsInt() != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + expected + ", still " + count.getAsInt());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
