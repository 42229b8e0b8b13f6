package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertClosed;
import static io.signet.interop.hostile.HostileSupport.assertSessionWorks;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.createMessage;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.secondSession;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.interop.raw.RawMessages;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.interop.raw.RawSmb2Client.RawSession;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.EchoRequest;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * [MS-SMB2] 3.3.5.2.1.1 Decrypting the Message: a TRANSFORM message is decrypted only with a session of the
 * connection it arrives on, and every request inside it runs as that session. The attacker has an account of their
 * own (mallory) and can inject bytes into the victim's (alice's) connection; encrypting with mallory's key must not
 * let a request name alice's session, which would skip alice's signature check.
 */
class TransformAdmissionTest extends HostileServer {

    /** The control: the raw client's encryption works, so the refusals below are about whose key it is. */
    @Test
    void aRequestEncryptedWithItsOwnSessionsKeyIsServed() throws IOException {
        try (RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(victim, "data");
            victim.sendEncrypted(createMessage(victim, tree, "own.txt"), victim.session());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, victim.receive());
            assertTrue(Files.exists(share.resolve("own.txt")));
        }
    }

    @Test
    void aTransformNamingASessionOfAnotherConnectionClosesTheConnection() throws IOException {
        try (RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client attacker = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int tree = treeConnect(victim, "data");
            RawSession mallory = attacker.session();
            // Injected into alice's connection: alice's session and tree in the inner header, no signature, sealed
            // with mallory's key under mallory's SessionId.
            victim.sendEncrypted(createMessage(victim, tree, "planted.txt"), mallory);
            assertClosed(victim);
            assertFalse(Files.exists(share.resolve("planted.txt")), "the injected CREATE ran as alice");
            assertSessionWorks(attacker);
        }
    }

    /**
     * A message encrypted and named consistently with a session of another connection decrypts (the keys are the
     * session's), but the request is refused as naming a session this connection does not have, as Windows and
     * Samba answer (smbtorture smb2.session.bind2 with encryption): STATUS_USER_SESSION_DELETED, not executed.
     */
    @Test
    void aTransformAndRequestBothNamingASessionOfAnotherConnectionAreRefused() throws IOException {
        try (RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client attacker = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int victimTree = treeConnect(victim, "data");
            RawSession alice = victim.session();
            victim.use(attacker.session());
            victim.sendEncrypted(createMessage(victim, victimTree, "planted.txt"), attacker.session());
            assertStatus(HostileSupport.STATUS_USER_SESSION_DELETED, victim.receive());
            assertFalse(Files.exists(share.resolve("planted.txt")), "the CREATE ran");
            victim.use(alice);
            assertSessionWorks(victim);
            assertSessionWorks(attacker);
        }
    }

    @Test
    void aDecryptedRequestNamingAnotherSessionOfTheSameConnectionClosesIt() throws IOException {
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            RawSession alice = client.session();
            int tree = treeConnect(client, "data");
            RawSession mallory = secondSession(client, ATTACKER, ATTACKER_PASSWORD);
            client.use(alice);
            client.sendEncrypted(createMessage(client, tree, "planted.txt"), mallory);
            assertClosed(client);
            assertFalse(Files.exists(share.resolve("planted.txt")), "the CREATE ran as alice");
        }
    }

    @Test
    void anUnrelatedRequestOfAnEncryptedCompoundNamingAnotherSessionClosesTheConnection() throws IOException {
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            RawSession alice = client.session();
            int tree = treeConnect(client, "data");
            RawSession mallory = secondSession(client, ATTACKER, ATTACKER_PASSWORD);
            ByteBuf echo = client.newRequest(Smb2Command.ECHO.code(), 0); // mallory's own, first in the chain
            new EchoRequest().encode(echo);
            RawMessages.chainNext(echo);
            client.use(alice);
            ByteBuf create = createMessage(client, tree, "planted.txt");
            client.sendEncrypted(Unpooled.wrappedBuffer(echo, create), mallory);
            assertClosed(client);
            assertFalse(Files.exists(share.resolve("planted.txt")), "the second request ran as alice");
        }
    }

    /** A TRANSFORM_HEADER naming a session that does not exist here ends the connection, as the spec says. */
    @Test
    void aTransformNamingAnUnknownSessionClosesTheConnection() throws IOException {
        try (RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            RawSession alice = victim.session();
            RawSession unknown = new RawSession(alice.id() ^ 0x5A5A5A5AL, alice.signer(), alice.keys());
            ByteBuf echo = victim.newRequest(Smb2Command.ECHO.code(), 0);
            new EchoRequest().encode(echo);
            victim.sendEncrypted(echo, unknown);
            assertClosed(victim);
        }
    }
}
