package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static io.signet.interop.hostile.LeaseSupport.create;
import static io.signet.interop.hostile.LeaseSupport.createMessage;
import static io.signet.interop.hostile.LeaseSupport.nextBreak;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.LeaseContext;
import io.signet.protocol.smb2.message.LeaseKey;
import io.signet.protocol.smb2.message.OplockBreak;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code max pending breaks per user}: an account whose clients leave their breaks unanswered fills only its own
 * share of the pending breaks. Past it that account's caching is lowered at once, as if its break had timed out, and
 * the next open needing a break of it goes on without waiting; a break of another account's caching is still queued
 * and waited for.
 */
class PendingBreakShareTest {
    private static final String OPENER = "bob";
    private static final String OPENER_PASSWORD = "bob-pw";

    @TempDir
    Path share;

    private SignetServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = SignetServer.builder().share("data", share).user(VICTIM, VICTIM_PASSWORD)
                .user(ATTACKER, ATTACKER_PASSWORD).user(OPENER, OPENER_PASSWORD)
                .limits(l -> l.withMaxPendingBreaksPerUser(1)).port(0).bindAddress("127.0.0.1").start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void aCloseThatDeletesIsNotRefusedWhenTheHoldersShareIsFull() throws IOException {
        Files.writeString(share.resolve("m1.txt"), "x");
        Files.writeString(share.resolve("m2.txt"), "x");
        try (RawSmb2Client mallory = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD);
             RawSmb2Client waiting = loggedOn(server.port(), OPENER, OPENER_PASSWORD);
             RawSmb2Client opener = loggedOn(server.port(), OPENER, OPENER_PASSWORD)) {
            int treeM = treeConnect(mallory, "data");
            int treeW = treeConnect(waiting, "data");
            int treeO = treeConnect(opener, "data");
            create(mallory, treeM, "m1.txt", OplockLevel.BATCH.code(), null, 0);
            create(mallory, treeM, "m2.txt", OplockLevel.LEASE.code(),
                    LeaseContext.v2(new LeaseKey(0xF1, 0xF1), LeaseSupport.RH, 0, LeaseKey.ZERO, 0), 0);
            waiting.send(waiting.sign(createMessage(waiting, treeW, "m1.txt", OplockLevel.NONE.code(), null, 0)));
            assertEquals(RawSmb2Client.STATUS_PENDING, waiting.receiveCompound().get(0).status());

            CreateResponse doomed = create(opener, treeO, "m2.txt", OplockLevel.NONE.code(), null,
                    CreateOptions.DELETE_ON_CLOSE);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, opener.close(treeO, doomed.fileId()));
        }
    }

    @Test
    void oneAccountsUnansweredBreaksDoNotStopBreaksOfAnotherAccountsCaching() throws IOException {
        for (String name : new String[] {"m1.txt", "m2.txt", "a.txt"}) {
            Files.writeString(share.resolve(name), "x");
        }
        try (RawSmb2Client mallory = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD);
             RawSmb2Client alice = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client waiting = loggedOn(server.port(), OPENER, OPENER_PASSWORD);
             RawSmb2Client opener = loggedOn(server.port(), OPENER, OPENER_PASSWORD)) {
            int treeM = treeConnect(mallory, "data");
            int treeA = treeConnect(alice, "data");
            int treeW = treeConnect(waiting, "data");
            int treeO = treeConnect(opener, "data");
            assertEquals(OplockLevel.BATCH.code(), create(mallory, treeM, "m1.txt", OplockLevel.BATCH.code(), null, 0)
                    .oplockLevel());
            assertEquals(OplockLevel.BATCH.code(), create(mallory, treeM, "m2.txt", OplockLevel.BATCH.code(), null, 0)
                    .oplockLevel());
            CreateResponse hers = create(alice, treeA, "a.txt", OplockLevel.BATCH.code(), null, 0);
            assertEquals(OplockLevel.BATCH.code(), hers.oplockLevel());

            // Mallory never answers: the break of m1.txt takes her whole share, so m2.txt's is not waited for.
            waiting.send(waiting.sign(createMessage(waiting, treeW, "m1.txt", OplockLevel.NONE.code(), null, 0)));
            assertEquals(RawSmb2Client.STATUS_PENDING, waiting.receiveCompound().get(0).status());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, opener.call(Smb2Command.CREATE.code(), treeO,
                    body -> LeaseSupport.encodeCreate(body, "m2.txt", OplockLevel.NONE.code(), null,
                            CreateOptions.NON_DIRECTORY_FILE, 1,
                            LeaseSupport.READ_WRITE_DELETE)));

            long mid = opener.nextMessageId();
            opener.send(opener.sign(createMessage(opener, treeO, "a.txt", OplockLevel.NONE.code(), null, 0)));
            assertEquals(RawSmb2Client.STATUS_PENDING, opener.receiveCompound().get(0).status(),
                    "alice's break is queued whatever mallory does");
            assertEquals(hers.fileId(), OplockBreak.decode(nextBreak(alice).buf()).fileId());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, alice.call(Smb2Command.OPLOCK_BREAK.code(), treeA,
                    body -> new OplockBreak(OplockLevel.II.code(), hers.fileId()).encode(body)));
            RawResponse opened = opener.receive();
            assertEquals(mid, opened.header().messageId());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, opened);
        }
    }
}
