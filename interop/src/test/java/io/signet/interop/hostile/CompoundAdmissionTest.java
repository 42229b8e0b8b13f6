package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertSessionWorks;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.secondSession;
import static io.signet.interop.hostile.HostileSupport.treeConnectMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.auth.ntlm.NtlmInitiator;
import io.signet.interop.raw.RawMessages;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.interop.raw.RawSmb2Client.RawSession;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.EchoRequest;
import io.signet.protocol.smb2.message.SessionSetupRequest;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * [MS-SMB2] 3.3.5.2.7.2 Handling Related Requests in a Compound: a related request runs as the session of the
 * request before it, and only if that request was admitted with a session of this connection ([MS-SMB2] 3.3.5.2.9).
 * A compound that switches sessions has each unrelated request verified with its own session's key.
 */
class CompoundAdmissionTest extends HostileServer {

    /**
     * The attack: with no account at all, a connection sends a binding SESSION_SETUP naming the victim's session
     * (refused: it is not signed), then a related SESSION_SETUP with the SIGNED flag and a random signature. Had the
     * related request inherited the victim's session, it would have been taken for a re-authentication of it, and
     * its failure would have ended the victim's session on every channel.
     */
    @Test
    void aRefusedBindingRequestLendsNoSessionToTheRelatedRequestAfterIt() throws IOException {
        try (RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client attacker = RawSmb2Client.connect(server.port())) {
            attacker.negotiate(Dialect.SMB3_0_2);
            attacker.use(new RawSession(victim.session().id(), null, null));
            byte[] ntlmNegotiate = new NtlmInitiator(ATTACKER, "", ATTACKER_PASSWORD, "EVIL").negotiate();
            ByteBuf bind = RawMessages.chainNext(
                    attacker.sessionSetupMessage(SessionSetupRequest.FLAG_BINDING, ntlmNegotiate));
            ByteBuf reauth = RawMessages.related(attacker.sessionSetupMessage(0, new byte[] {0x60, 0x03, 1, 2, 3}));
            reauth.setIntLE(Smb2Header.OFFSET_FLAGS, reauth.getIntLE(Smb2Header.OFFSET_FLAGS) | Smb2Header.FLAG_SIGNED);
            byte[] forged = new byte[Smb2Header.SIGNATURE_SIZE];
            new SecureRandom().nextBytes(forged);
            reauth.setBytes(Smb2Header.OFFSET_SIGNATURE, forged);
            attacker.send(Unpooled.wrappedBuffer(bind, reauth));

            List<RawResponse> answers = attacker.receiveCompound();
            assertEquals(2, answers.size(), "one response per request: " + answers);
            assertStatus(RawSmb2Client.STATUS_INVALID_PARAMETER, answers.get(0)); // binding request not signed
            assertStatus(RawSmb2Client.STATUS_INVALID_PARAMETER, answers.get(1)); // related: no session to inherit
            assertSessionWorks(victim);
        }
    }

    /** A related request after a badly signed one has no session: the refusal of the first is not a session lent. */
    @Test
    void aRelatedRequestAfterABadlySignedRequestIsRefused() throws IOException {
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            ByteBuf echo = RawMessages.chainNext(echoMessage(client));
            client.sign(echo);
            echo.setByte(Smb2Header.OFFSET_SIGNATURE, echo.getByte(Smb2Header.OFFSET_SIGNATURE) ^ 1);
            ByteBuf tree = client.sign(RawMessages.related(treeConnectMessage(client, "data")));
            client.send(Unpooled.wrappedBuffer(echo, tree));

            List<RawResponse> answers = client.receiveCompound();
            assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED, answers.get(0));
            assertStatus(RawSmb2Client.STATUS_INVALID_PARAMETER, answers.get(1));
            assertEquals(0, answers.get(1).header().treeId(), "no tree connect may come of it");
        }
    }

    /** Unsigned, the first request is refused on a signing session; the related one after it has no session. */
    @Test
    void aRelatedRequestAfterAnUnsignedRequestIsRefused() throws IOException {
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            ByteBuf echo = RawMessages.chainNext(echoMessage(client));
            ByteBuf tree = client.sign(RawMessages.related(treeConnectMessage(client, "data")));
            client.send(Unpooled.wrappedBuffer(echo, tree));

            List<RawResponse> answers = client.receiveCompound();
            assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED, answers.get(0));
            assertStatus(RawSmb2Client.STATUS_INVALID_PARAMETER, answers.get(1));
        }
    }

    /** Unrelated requests of one compound may name different sessions; each is verified with its own key. */
    @Test
    void aCompoundThatSwitchesSessionsVerifiesEachRequestWithItsOwnSessionsKey() throws IOException {
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            RawSession alice = client.session();
            RawSession mallory = secondSession(client, ATTACKER, ATTACKER_PASSWORD);
            ByteBuf first = client.sign(RawMessages.chainNext(echoMessage(client)));      // mallory's, her key
            client.use(alice);
            ByteBuf second = RawMessages.chainNext(treeConnectMessage(client, "data")); // alice's, mallory's key
            RawSmb2Client.signWith(second, mallory.signer());
            ByteBuf third = client.sign(treeConnectMessage(client, "data"));              // alice's, her key
            client.send(Unpooled.wrappedBuffer(first, second, third));

            List<RawResponse> answers = client.receiveCompound();
            assertEquals(3, answers.size());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, answers.get(0));
            assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED, answers.get(1));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, answers.get(2));
            assertEquals(alice.id(), answers.get(2).header().sessionId());
        }
    }

    /**
     * A related request runs as the previous request's session whatever its own header says: naming the victim's
     * session there gains nothing.
     */
    @Test
    void aRelatedRequestRunsAsThePreviousRequestsSessionNotTheOneItNames() throws IOException {
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            RawSession alice = client.session();
            RawSession mallory = secondSession(client, ATTACKER, ATTACKER_PASSWORD);
            ByteBuf first = client.sign(RawMessages.chainNext(echoMessage(client)));
            client.use(alice);
            ByteBuf second = RawMessages.related(treeConnectMessage(client, "data")); // names alice
            RawSmb2Client.signWith(second, mallory.signer());
            client.send(Unpooled.wrappedBuffer(first, second));

            List<RawResponse> answers = client.receiveCompound();
            assertStatus(RawSmb2Client.STATUS_SUCCESS, answers.get(1));
            assertEquals(mallory.id(), answers.get(1).header().sessionId(), "the tree connect is mallory's");
        }
    }

    private static ByteBuf echoMessage(RawSmb2Client client) {
        ByteBuf echo = client.newRequest(Smb2Command.ECHO.code(), 0);
        new EchoRequest().encode(echo);
        return echo;
    }
}
