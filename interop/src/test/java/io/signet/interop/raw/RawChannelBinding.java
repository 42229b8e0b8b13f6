package io.signet.interop.raw;

import io.netty.buffer.ByteBuf;
import io.signet.auth.ntlm.NtlmInitiator;
import io.signet.interop.raw.RawSmb2Client.RawSession;
import io.signet.protocol.crypto.KeyDerivation;
import io.signet.protocol.crypto.MessageSigner;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.message.SessionSetupRequest;
import io.signet.protocol.smb2.message.SessionSetupResponse;
import java.io.IOException;

/**
 * Session binding as the raw client performs it ([MS-SMB2] 3.2.4.2.3): SESSION_SETUP with SMB2_SESSION_FLAG_BINDING
 * naming a session established on another connection, authenticating as its user again. Each leg is signed with the
 * session's signer (the client's Session.SigningKey) when it has one, and sent unsigned when it has none. On success
 * the channel's signing key is derived from the binding's own session key ([MS-SMB2] 3.2.5.3.1: at 3.1.1 with the
 * binding's own preauth hash, which starts from the connection's), the final response is verified with it, and the
 * client goes on with it; the session's cipher keys are shared.
 */
final class RawChannelBinding {
    private RawChannelBinding() {
    }

    static RawResponse bind(RawSmb2Client client, RawSession session, String user, String password)
            throws IOException {
        client.use(session);
        NtlmInitiator ntlm = new NtlmInitiator(user, "", password, "RAWCHANNEL");
        byte[] first = leg(client, session.signer(), ntlm.negotiate());
        boolean smb311 = client.dialect() == Dialect.SMB3_1_1;
        byte[] hash = smb311 ? RawSmb2Client.sha512(client.preauthHash(), first) : null;
        client.sendBytes(first);
        RawResponse challenge = client.receive();
        if (challenge.status() != RawSmb2Client.STATUS_MORE_PROCESSING_REQUIRED) {
            return challenge;
        }
        byte[] token = SessionSetupResponse.decode(challenge.buf()).securityBuffer();
        byte[] second = leg(client, session.signer(), ntlm.authenticate(token));
        if (hash != null) {
            hash = RawSmb2Client.sha512(RawSmb2Client.sha512(hash, challenge.bytes()), second);
        }
        client.sendBytes(second);
        byte[] finalBytes = client.receiveMessage();
        if (RawResponse.parse(finalBytes, null).status() != RawSmb2Client.STATUS_SUCCESS) {
            return RawResponse.parse(finalBytes, session.signer());
        }
        // [MS-SMB2] 3.2.5.3.1: Channel.SigningKey; the binding's other derived keys are not used.
        MessageSigner channelSigner = client.signingAlgorithm().newSigner(
                KeyDerivation.derive(client.dialect(), ntlm.sessionKey(), hash).signingKey());
        client.use(new RawSession(session.id(), channelSigner, session.keys()));
        // [MS-SMB2] 3.3.5.5.3: the final response of a binding is signed with the new channel's key.
        return RawResponse.parse(finalBytes, channelSigner);
    }

    /** One binding SESSION_SETUP leg on the current session, signed with {@code signer} if there is one. */
    private static byte[] leg(RawSmb2Client client, MessageSigner signer, byte[] token) {
        ByteBuf request = client.sessionSetupMessage(SessionSetupRequest.FLAG_BINDING, token);
        return RawMessages.bytes(signer == null ? request : RawSmb2Client.signWith(request, signer));
    }
}
