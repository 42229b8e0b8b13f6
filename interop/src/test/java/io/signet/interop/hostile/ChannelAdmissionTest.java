package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertMultiChannel;
import static io.signet.interop.hostile.HostileSupport.assertSessionWorks;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.channel;
import static io.signet.interop.hostile.HostileSupport.createMessage;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.interop.raw.RawSmb2Client.RawSession;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.LogoffRequest;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * [MS-SMB2] 3.3.5.2.4 and 3.3.5.5: with multichannel, each channel of a session signs with a Channel.SigningKey of
 * its own, derived from the binding's own authentication; a request is verified with the key of the channel it
 * arrives on. Binding a session to a connection takes a request signed with Session.SigningKey and an authentication
 * as the session's own user, so an attacker with an account of their own (mallory) cannot bind the victim's session.
 */
class ChannelAdmissionTest extends HostileServer {

    /** The control: the raw client binds, and the new channel serves requests signed with its own key. */
    @Test
    void aBoundChannelServesRequestsSignedWithItsOwnKey() throws IOException {
        try (RawSmb2Client first = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client second = channel(server.port())) {
            int tree = treeConnect(first, "data");
            RawResponse bound = second.bind(first.session(), VICTIM, VICTIM_PASSWORD);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, bound);
            assertTrue(bound.signatureValid(), "the final binding response is signed with the channel's key: " + bound);
            assertEquals(first.session().id(), second.session().id());

            second.send(second.sign(createMessage(second, tree, "second-channel.txt")));
            RawResponse created = second.receive();
            assertStatus(RawSmb2Client.STATUS_SUCCESS, created);
            assertTrue(created.signatureValid(), "signed with the second channel's key: " + created);
            assertTrue(Files.exists(share.resolve("second-channel.txt")));
            assertSessionWorks(first);
        }
    }

    /**
     * At 3.1.1 the channel's key is derived with the binding's own preauth integrity hash ([MS-SMB2] 3.3.5.5.3), which
     * starts from the new connection's NEGOTIATE: the final response verifies with the key the client derived so.
     */
    @Test
    void aBindingAt311SignsWithAKeyOfItsOwnPreauthHash() throws IOException {
        try (RawSmb2Client first = RawSmb2Client.connect(server.port());
             RawSmb2Client second = RawSmb2Client.connect(server.port())) {
            first.negotiate(Dialect.SMB3_1_1);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, first.sessionSetup(VICTIM, VICTIM_PASSWORD));
            assertMultiChannel(second.negotiate(Dialect.SMB3_1_1, RawSmb2Client.CAP_MULTI_CHANNEL));
            RawResponse bound = second.bind(first.session(), VICTIM, VICTIM_PASSWORD);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, bound);
            assertTrue(bound.signatureValid(), "the final binding response is signed with the channel's key: " + bound);
            assertSessionWorks(second);
            assertSessionWorks(first);
        }
    }

    /** Each channel verifies with its own Channel.SigningKey: another channel's key is refused, both ways. */
    @Test
    void aRequestSignedWithAnotherChannelsKeyIsRefusedAndNotExecuted() throws IOException {
        try (RawSmb2Client first = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client second = channel(server.port())) {
            int tree = treeConnect(first, "data");
            RawSession firstChannel = first.session();
            assertStatus(RawSmb2Client.STATUS_SUCCESS, second.bind(firstChannel, VICTIM, VICTIM_PASSWORD));
            RawSession secondChannel = second.session();

            first.send(RawSmb2Client.signWith(createMessage(first, tree, "on-first.txt"), secondChannel.signer()));
            assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED, first.receive());
            second.send(RawSmb2Client.signWith(createMessage(second, tree, "on-second.txt"), firstChannel.signer()));
            assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED, second.receive());
            assertFalse(Files.exists(share.resolve("on-first.txt")), "ran on the first channel");
            assertFalse(Files.exists(share.resolve("on-second.txt")), "ran on the second channel");

            assertSessionWorks(first);
            assertSessionWorks(second);
        }
    }

    /** [MS-SMB2] 3.3.5.6: LOGOFF on one channel ends the session on every channel; the other finds it gone. */
    @Test
    void aSessionLoggedOffOnOneChannelIsGoneOnTheOther() throws IOException {
        try (RawSmb2Client first = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client second = channel(server.port())) {
            int tree = treeConnect(first, "data");
            assertStatus(RawSmb2Client.STATUS_SUCCESS, second.bind(first.session(), VICTIM, VICTIM_PASSWORD));
            assertStatus(RawSmb2Client.STATUS_SUCCESS,
                    first.call(Smb2Command.LOGOFF.code(), 0, body -> new LogoffRequest().encode(body)));

            second.send(second.sign(createMessage(second, tree, "after-logoff.txt")));
            assertStatus(HostileSupport.STATUS_USER_SESSION_DELETED, second.receive());
            assertFalse(Files.exists(share.resolve("after-logoff.txt")), "the logged-off session's CREATE ran");
        }
    }

    /**
     * Mallory cannot sign with alice's Session.SigningKey. Unsigned, her binding request is refused
     * STATUS_INVALID_PARAMETER ([MS-SMB2] 3.3.5.5, after the session and connection checks); signed with her own
     * session's key, STATUS_ACCESS_DENIED ([MS-SMB2] 3.3.5.2.4: verified with Session.SigningKey).
     */
    @Test
    void anotherUserCannotBindTheSession() throws IOException {
        try (RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client fresh = channel(server.port());
             RawSmb2Client attacker = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            long aliceId = victim.session().id();
            RawSession mallory = attacker.session();

            assertStatus(RawSmb2Client.STATUS_INVALID_PARAMETER,
                    fresh.bind(new RawSession(aliceId, null, null), ATTACKER, ATTACKER_PASSWORD));
            assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED,
                    fresh.bind(new RawSession(aliceId, mallory.signer(), null), ATTACKER, ATTACKER_PASSWORD));
            assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED,
                    attacker.bind(new RawSession(aliceId, mallory.signer(), null), ATTACKER, ATTACKER_PASSWORD));

            assertSessionWorks(victim);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, victim.treeConnect("data"));
            attacker.use(mallory);
            assertSessionWorks(attacker);
        }
    }

    /**
     * [MS-SMB2] 3.3.5.5.3: a binding authenticates the session's own user. Even signed with the session's key (its
     * own client, or whoever stole the key), binding as another user is STATUS_ACCESS_DENIED (as Windows and Samba
     * answer: smbtorture smb2.session.bind_different_user), and the session is untouched.
     */
    @Test
    void aBindingAsAnotherUserIsRefusedEvenSignedWithTheSessionsKey() throws IOException {
        try (RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client second = channel(server.port())) {
            RawResponse refused = second.bind(victim.session(), ATTACKER, ATTACKER_PASSWORD);
            assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED, refused);
            // No channel came of it: the session is still not this connection's.
            second.send(second.sign(createMessage(second, 1, "unbound.txt")));
            assertStatus(HostileSupport.STATUS_USER_SESSION_DELETED, second.receive());
            assertFalse(Files.exists(share.resolve("unbound.txt")));
            assertSessionWorks(victim);
        }
    }
}
