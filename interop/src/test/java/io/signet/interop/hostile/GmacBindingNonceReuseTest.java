package io.signet.interop.hostile;

import static io.signet.interop.hostile.GcmSupport.gmacTag;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertSessionWorks;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
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
 * tag a fresh NTLM challenge under the same (key, nonce) each time, unless the server refuses to.
 */
class GmacBindingNonceReuseTest extends HostileServer {

    @Test
    void aReplayedBindingRequestDoesNotMakeTheServerTagTwoMessagesUnderOneNonce() throws IOException {
        RawNegotiation gmac = RawNegotiation.gmac();
        try (RawSmb2Client victim = RawSmb2Client.connect(server.port());
             RawSmb2Client secondChannel = RawSmb2Client.connect(server.port())) {
            victim.negotiate(gmac, RawSmb2Client.CAP_MULTI_CHANNEL);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, victim.sessionSetup(VICTIM, VICTIM_PASSWORD));
            RawSession alice = victim.session();
            byte[] sessionSigningKey = alice.keys().signingKey();

            // Alice starts binding her session to a second connection: the first leg, signed with Session.SigningKey.
            secondChannel.negotiate(gmac, RawSmb2Client.CAP_MULTI_CHANNEL);
            secondChannel.use(alice);
            ByteBuf leg = secondChannel.sessionSetupMessage(SessionSetupRequest.FLAG_BINDING,
                    new NtlmInitiator(VICTIM, "", VICTIM_PASSWORD, "RAWCHANNEL").negotiate());
            byte[] captured = ByteBufUtil.getBytes(RawSmb2Client.signWith(leg, alice.signer()));
            leg.release();
            secondChannel.sendBytes(captured);
            List<RawResponse> tagged = new ArrayList<>();
            tagged.add(secondChannel.receive());

            // The attacker replays the captured leg on connections of his own.
            for (int i = 0; i < 3; i++) {
                try (RawSmb2Client replay = RawSmb2Client.connect(server.port())) {
                    replay.clientGuid(victim.clientGuid());
                    replay.negotiate(gmac, RawSmb2Client.CAP_MULTI_CHANNEL);
                    replay.sendBytes(captured);
                    replay.receiveUnlessClosed().ifPresent(tagged::add);
                }
            }

            List<RawResponse> valid = tagged.stream()
                    .filter(r -> r.header().hasFlag(Smb2Header.FLAG_SIGNED) && Arrays.equals(signature(r),
                            gmacTag(sessionSigningKey, r.bytes(), 1)))
                    .toList();
            for (int i = 0; i < valid.size(); i++) {
                for (int j = i + 1; j < valid.size(); j++) {
                    RawResponse a = valid.get(i);
                    RawResponse b = valid.get(j);
                    boolean sameNonce = a.header().messageId() == b.header().messageId();
                    assertFalse(sameNonce && !Arrays.equals(a.bytes(), b.bytes()),
                            "two different messages carry valid AES-GMAC tags under Session.SigningKey and the nonce"
                                    + " of MessageId " + a.header().messageId() + ": " + a + " / " + b);
                }
            }
            assertTrue(!valid.isEmpty(), "alice's own binding leg is answered, signed with Session.SigningKey");
            assertSessionWorks(victim);
        }
    }

    private static byte[] signature(RawResponse r) {
        return Arrays.copyOfRange(r.bytes(), Smb2Header.OFFSET_SIGNATURE,
                Smb2Header.OFFSET_SIGNATURE + Smb2Header.SIGNATURE_SIZE);
    }
}
