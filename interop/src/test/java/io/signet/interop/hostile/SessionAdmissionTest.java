package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.CAP_ENCRYPTION;
import static io.signet.interop.hostile.HostileSupport.STATUS_NETWORK_NAME_DELETED;
import static io.signet.interop.hostile.HostileSupport.STATUS_USER_SESSION_DELETED;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertSessionWorks;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.createMessage;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.secondSession;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static io.signet.interop.hostile.HostileSupport.treeConnectMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.signet.auth.ntlm.NtlmInitiator;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.interop.raw.RawSmb2Client.RawSession;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.LogoffRequest;
import io.signet.protocol.smb2.message.TreeDisconnectRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * [MS-SMB2] 3.3.5.2.9 Verifying the Session and 3.3.5.2.4 Verifying the Signature: a request runs as the session it
 * names only if that session is in this connection's table, established, and the request is signed with the key of
 * that session on this connection. The attacker (mallory) has a session of her own, on the victim's connection or on
 * another; none of it lets her act as alice, and alice's session goes on working. Also [MS-SMB2] 3.3.5.5.2: a
 * re-authentication happens only on the session's own connection, signed with its key.
 */
class SessionAdmissionTest extends HostileServer {

    /** [MS-SMB2] 3.3.5.2.4: the signature is checked with the key of the session the request names. */
    @Test
    void aRequestNamingAnotherSessionSignedWithTheAttackersKeyIsRefusedAndNotExecuted() throws IOException {
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            RawSession alice = client.session();
            int tree = treeConnect(client, "data");
            RawSession mallory = secondSession(client, ATTACKER, ATTACKER_PASSWORD);
            client.use(alice);
            client.send(RawSmb2Client.signWith(createMessage(client, tree, "planted.txt"), mallory.signer()));
            assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED, client.receive());
            assertFalse(Files.exists(share.resolve("planted.txt")), "the CREATE ran as alice");

            // The same CREATE signed with alice's key runs: the check above would have seen the file.
            client.send(client.sign(createMessage(client, tree, "planted.txt")));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, client.receive());
            assertTrue(Files.exists(share.resolve("planted.txt")));
            client.use(mallory);
            assertSessionWorks(client);
        }
    }

    /**
     * [MS-SMB2] 3.3.5.2.9 and 3.3.5.5: a SESSION_SETUP without the binding flag naming a session of another
     * connection is not a re-authentication of it; the session is not in this connection's table, so it does not
     * exist here (STATUS_USER_SESSION_DELETED), whoever signed the request.
     */
    @Test
    void aSessionSetupNamingASessionOfAnotherConnectionIsNoReauthentication() throws IOException {
        try (RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client attacker = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            RawSession mallory = attacker.session();
            long aliceId = victim.session().id();
            byte[] ntlmNegotiate = new NtlmInitiator(ATTACKER, "", ATTACKER_PASSWORD, "EVIL").negotiate();

            attacker.use(new RawSession(aliceId, mallory.signer(), mallory.keys()));
            attacker.send(attacker.sign(attacker.sessionSetupMessage(0, ntlmNegotiate)));
            assertStatus(STATUS_USER_SESSION_DELETED, attacker.receive());
            attacker.send(attacker.sessionSetupMessage(0, ntlmNegotiate));
            assertStatus(STATUS_USER_SESSION_DELETED, attacker.receive());

            assertSessionWorks(victim);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, victim.treeConnect("data"));
            attacker.use(mallory);
            assertSessionWorks(attacker);
        }
    }

    /**
     * [MS-SMB2] 3.3.5.2.4: on the session's own connection, a re-authentication of it must be signed with its key;
     * mallory's injected SESSION_SETUP naming alice's session, unsigned or signed with her own key, is refused
     * STATUS_ACCESS_DENIED before any authentication starts, and alice's session goes on.
     */
    @Test
    void aReauthenticationNotSignedWithTheSessionsKeyIsRefused() throws IOException {
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            RawSession alice = client.session();
            RawSession mallory = secondSession(client, ATTACKER, ATTACKER_PASSWORD);
            byte[] ntlmNegotiate = new NtlmInitiator(ATTACKER, "", ATTACKER_PASSWORD, "EVIL").negotiate();
            client.use(alice);
            client.send(RawSmb2Client.signWith(client.sessionSetupMessage(0, ntlmNegotiate), mallory.signer()));
            assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED, client.receive());
            client.send(client.sessionSetupMessage(0, ntlmNegotiate));
            assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED, client.receive());

            assertSessionWorks(client);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, client.treeConnect("data"));
        }
    }

    /**
     * [MS-SMB2] 3.3.5.5.3: a re-authentication on the session's own connection, signed with its key, may be as
     * another user (Windows and Samba allow it; smbtorture smb2.session.reauth* relies on it). The session keeps the
     * keys of its first logon: the final response and the next requests are signed with the original key.
     */
    @Test
    void aReauthenticationAsAnotherUserKeepsTheSessionsKeys() throws IOException {
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            RawSession original = client.session();
            RawResponse done = client.reauthenticate(ATTACKER, ATTACKER_PASSWORD);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, done);
            assertEquals(original.id(), done.header().sessionId());
            assertTrue(done.signatureValid(), "the final response must be signed with the original key: " + done);

            assertSessionWorks(client);
            int tree = treeConnect(client, "data");
            client.send(client.sign(createMessage(client, tree, "after-reauth.txt")));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, client.receive());
            assertTrue(Files.exists(share.resolve("after-reauth.txt")));
        }
    }

    /**
     * [MS-SMB2] 3.3.5.2.9: a request other than SESSION_SETUP naming a session whose setup is still in progress is
     * refused (the status is implementation-specific; Signet answers STATUS_ACCESS_DENIED) and does not run, signed
     * or not: the session has no key yet to check a signature with.
     */
    @Test
    void aRequestOnASessionStillInProgressIsRefusedAndNotExecuted() throws IOException {
        try (RawSmb2Client client = RawSmb2Client.connect(server.port())) {
            client.negotiate(Dialect.SMB3_0_2, CAP_ENCRYPTION);
            NtlmInitiator ntlm = new NtlmInitiator(VICTIM, "", VICTIM_PASSWORD, "RAWCLIENT");
            RawResponse challenge = client.sessionSetupStart(ntlm);
            assertStatus(RawSmb2Client.STATUS_MORE_PROCESSING_REQUIRED, challenge);

            client.send(treeConnectMessage(client, "data"));
            RawResponse unsigned = client.receive();
            assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED, unsigned);
            assertEquals(0, unsigned.header().treeId(), "no tree connect may come of it");

            ByteBuf forged = treeConnectMessage(client, "data");
            forged.setIntLE(Smb2Header.OFFSET_FLAGS, forged.getIntLE(Smb2Header.OFFSET_FLAGS) | Smb2Header.FLAG_SIGNED);
            byte[] signature = new byte[Smb2Header.SIGNATURE_SIZE];
            new SecureRandom().nextBytes(signature);
            forged.setBytes(Smb2Header.OFFSET_SIGNATURE, signature);
            client.send(forged);
            RawResponse randomlySigned = client.receive();
            assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED, randomlySigned);
            assertEquals(0, randomlySigned.header().treeId(), "no tree connect may come of it");

            // The logon completes, and the session has no tree connect: TreeIds count from 1 in each session.
            assertStatus(RawSmb2Client.STATUS_SUCCESS, client.sessionSetupFinish(ntlm, challenge));
            for (int treeId = 1; treeId <= 2; treeId++) {
                RawResponse disconnect = client.call(Smb2Command.TREE_DISCONNECT.code(), treeId,
                        body -> new TreeDisconnectRequest().encode(body));
                assertStatus(STATUS_NETWORK_NAME_DELETED, disconnect);
            }
            assertSessionWorks(client);
        }
    }

    /** [MS-SMB2] 3.3.5.6: LOGOFF removes the session; a request naming it afterwards finds none (3.3.5.2.9). */
    @Test
    void aRequestNamingALoggedOffSessionIsRefusedAndNotExecuted() throws IOException {
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client other = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(client, "data");
            assertStatus(RawSmb2Client.STATUS_SUCCESS,
                    client.call(Smb2Command.LOGOFF.code(), 0, body -> new LogoffRequest().encode(body)));

            client.send(client.sign(createMessage(client, tree, "after-logoff.txt")));
            assertStatus(STATUS_USER_SESSION_DELETED, client.receive());
            client.send(client.sign(treeConnectMessage(client, "data")));
            assertStatus(STATUS_USER_SESSION_DELETED, client.receive());
            client.send(createMessage(client, tree, "after-logoff.txt"));
            assertStatus(STATUS_USER_SESSION_DELETED, client.receive());
            assertFalse(Files.exists(share.resolve("after-logoff.txt")), "a CREATE of the logged-off session ran");
            assertSessionWorks(other);
        }
    }

    /**
     * [MS-SMB2] 3.3.5.5.1: session ids must not let one user name another's session. Sessions set up back to back,
     * on one connection and on two, get ids that are not neighbours and not the values the spec reserves (0, and
     * all ones in a TRANSFORM's or CANCEL's place).
     */
    @Test
    void sessionIdsAreNotConsecutive() throws IOException {
        try (RawSmb2Client first = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client second = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            long a = first.session().id();
            long b = secondSession(first, ATTACKER, ATTACKER_PASSWORD).id();
            long c = second.session().id();
            List<Long> ids = List.of(a, b, c);
            for (long id : ids) {
                assertNotEquals(0L, id);
                assertNotEquals(-1L, id);
            }
            for (long x : ids) {
                for (long y : ids) {
                    if (x != y) {
                        assertNotEquals(x + 1, y, String.format("session ids %x and %x are consecutive", x, y));
                    }
                }
            }
            assertEquals(3, ids.stream().distinct().count(), "session ids " + ids);
        }
    }
}
