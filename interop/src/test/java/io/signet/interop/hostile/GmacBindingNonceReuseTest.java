package io.signet.interop.hostile;

import static io.signet.interop.hostile.GcmSupport.gmacTag;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertSessionWorks;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.signet.auth.ntlm.NtlmInitiator;
import io.signet.interop.raw.RawNegotiation;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.interop.raw.RawSmb2Client.RawSession;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.NegotiateResponse;
import io.signet.protocol.smb2.message.SessionSetupRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AES-GMAC (RFC 4543, NIST SP 800-38D 8.3) must never tag two different messages under one key and nonce: two such
 * tags reveal the GHASH key H, and with H and any one observed tag an attacker who can alter the traffic forges any
 * message under that tag's nonce, which breaks signing on every connection that signs with the key.
 *
 * <p>[MS-SMB2] 3.3.4.1.1 signs every SESSION_SETUP response that is not STATUS_SUCCESS with Session.SigningKey, the key
 * the session's first channel signs everything with ([MS-SMB2] 3.3.5.5.3), including the interim
 * (STATUS_MORE_PROCESSING_REQUIRED) and failed responses of a binding on another connection. Their nonce is the
 * binding request's MessageId, which every new connection starts from the same small numbers. So a signed binding
 * request that alice sent once, captured and replayed by an attacker on connections of his own, would make the server
 * tag a fresh NTLM challenge (or a different refusal) under the same (key, nonce) each time. The server therefore
 * offers no multichannel where AES-GMAC signs and closes a connection that tries to bind an AES-GMAC session, without
 * an answer.
 */
class GmacBindingNonceReuseTest extends HostileServer {

    @Test
    void aConnectionThatSignsWithGmacIsNotOfferedMultichannel() throws IOException {
        try (RawSmb2Client gmac = RawSmb2Client.connect(server.port());
             RawSmb2Client cmac = RawSmb2Client.connect(server.port())) {
            NegotiateResponse withGmac = gmac.negotiate(RawNegotiation.gmac(), RawSmb2Client.CAP_MULTI_CHANNEL);
            NegotiateResponse withCmac = cmac.negotiate(RawNegotiation.AES_CMAC_ONLY, RawSmb2Client.CAP_MULTI_CHANNEL);
            assertEquals(0, withGmac.capabilities() & NegotiateResponse.CAP_MULTI_CHANNEL);
            assertEquals(NegotiateResponse.CAP_MULTI_CHANNEL,
                    withCmac.capabilities() & NegotiateResponse.CAP_MULTI_CHANNEL,
                    "the server does offer multichannel, where AES-CMAC signs");
        }
    }

    @Test
    void aReplayedBindingRequestDoesNotMakeTheServerTagTwoMessagesUnderOneNonce() throws IOException {
        RawNegotiation gmac = RawNegotiation.gmac();
        try (RawSmb2Client victim = RawSmb2Client.connect(server.port());
             RawSmb2Client secondChannel = RawSmb2Client.connect(server.port())) {
            victim.negotiate(gmac, RawSmb2Client.CAP_MULTI_CHANNEL);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, victim.sessionSetup(VICTIM, VICTIM_PASSWORD));
            RawSession alice = victim.session();
            byte[] sessionSigningKey = alice.keys().signingKey();

            // Alice (a client that binds although multichannel was not offered) starts binding her session to a second
            // connection: the first leg, signed with Session.SigningKey.
            secondChannel.negotiate(gmac, RawSmb2Client.CAP_MULTI_CHANNEL);
            secondChannel.use(alice);
            ByteBuf leg = secondChannel.sessionSetupMessage(SessionSetupRequest.FLAG_BINDING,
                    new NtlmInitiator(VICTIM, "", VICTIM_PASSWORD, "RAWCHANNEL").negotiate());
            byte[] captured = ByteBufUtil.getBytes(RawSmb2Client.signWith(leg, alice.signer()));
            leg.release();
            secondChannel.sendBytes(captured);
            List<RawResponse> answers = new ArrayList<>();
            secondChannel.receiveUnlessClosed().ifPresent(answers::add);

            // The attacker replays the captured leg on connections of his own, signing with AES-GMAC and, for a
            // different refusal, with AES-CMAC.
            for (RawNegotiation offer : List.of(gmac, gmac, RawNegotiation.AES_CMAC_ONLY)) {
                try (RawSmb2Client replay = RawSmb2Client.connect(server.port())) {
                    replay.clientGuid(victim.clientGuid());
                    replay.negotiate(offer, RawSmb2Client.CAP_MULTI_CHANNEL);
                    replay.sendBytes(captured);
                    replay.receiveUnlessClosed().ifPresent(answers::add);
                }
            }

            List<RawResponse> tagged = answers.stream()
                    .filter(r -> r.header().hasFlag(Smb2Header.FLAG_SIGNED) && Arrays.equals(signature(r),
                            gmacTag(sessionSigningKey, r.bytes(), 1)))
                    .toList();
            for (int i = 0; i < tagged.size(); i++) {
                for (int j = i + 1; j < tagged.size(); j++) {
                    RawResponse a = tagged.get(i);
                    RawResponse b = tagged.get(j);
                    boolean sameNonce = a.header().messageId() == b.header().messageId();
                    assertFalse(sameNonce && !Arrays.equals(a.bytes(), b.bytes()),
                            "two different messages carry valid AES-GMAC tags under Session.SigningKey and the nonce"
                                    + " of MessageId " + a.header().messageId() + ": " + a + " / " + b);
                }
            }
            assertTrue(answers.isEmpty(), "a binding of an AES-GMAC session is answered by closing, not " + answers);
            assertSessionWorks(victim);
        }
    }

    private static byte[] signature(RawResponse r) {
        return Arrays.copyOfRange(r.bytes(), Smb2Header.OFFSET_SIGNATURE,
                Smb2Header.OFFSET_SIGNATURE + Smb2Header.SIGNATURE_SIZE);
    }
}
