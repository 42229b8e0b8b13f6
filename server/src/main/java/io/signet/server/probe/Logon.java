package io.signet.server.probe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.auth.ntlm.AuthenticateMessage;
import io.signet.auth.ntlm.NtlmFlags;
import io.signet.auth.ntlm.NtlmInitiator;
import io.signet.auth.ntlm.NtlmSessionSecurity;
import io.signet.auth.spnego.DerFormatException;
import io.signet.auth.spnego.NegTokenInit;
import io.signet.auth.spnego.NegTokenResp;
import io.signet.auth.spnego.NegotiationToken;
import io.signet.auth.spnego.ObjectId;
import io.signet.protocol.crypto.KeyDerivation;
import io.signet.protocol.crypto.MessageSigner;
import io.signet.protocol.crypto.PreauthIntegrity;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.NegotiateResponse;
import io.signet.protocol.smb2.message.SessionSetupRequest;
import io.signet.protocol.smb2.message.SessionSetupResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;

/**
 * An NTLM logon over SPNEGO in two SESSION_SETUP round trips ([MS-SMB2] 3.2.4.2.3, 3.2.5.3): NEGOTIATE_MESSAGE in a
 * NegTokenInit, then AUTHENTICATE_MESSAGE in a NegTokenResp. With credentials it is an NTLMv2 logon and the session's
 * signing key is derived ([MS-SMB2] 3.2.5.3.1); without, it is an anonymous logon ([MS-NLMP] 3.1.5.1.2: empty
 * NtChallengeResponse, LmChallengeResponse Z(1), NTLMSSP_NEGOTIATE_ANONYMOUS).
 *
 * @param status       the final SESSION_SETUP Status, or -1 when the server closed the connection instead
 * @param sessionFlags the final response's SessionFlags (IS_GUEST, IS_NULL) on success
 * @param signer       signs with the session's signing key; null for anonymous or refused logons
 */
record Logon(int status, int sessionFlags, long sessionId, MessageSigner signer) {
    static final int CLOSED = -1;
    private static final List<ObjectId> MECHS = List.of(ObjectId.NTLMSSP);
    private static final String WORKSTATION = "SIGNETPROBE";
    private static final int ANONYMOUS_FLAGS = NtlmFlags.NEGOTIATE_UNICODE | NtlmFlags.REQUEST_TARGET
            | NtlmFlags.NEGOTIATE_NTLM | NtlmFlags.NEGOTIATE_ANONYMOUS | NtlmFlags.NEGOTIATE_ALWAYS_SIGN
            | NtlmFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY | NtlmFlags.NEGOTIATE_TARGET_INFO
            | NtlmFlags.NEGOTIATE_128 | NtlmFlags.NEGOTIATE_56;

    boolean succeeded() {
        return status == 0;
    }

    boolean isGuest() {
        return (sessionFlags & SessionSetupResponse.IS_GUEST) != 0;
    }

    boolean isNull() {
        return (sessionFlags & SessionSetupResponse.IS_NULL) != 0;
    }

    /** An anonymous logon: no user, no password, no session key. */
    static Logon anonymous(ProbeConnection connection, Negotiation negotiation) throws IOException {
        return run(connection, negotiation, null);
    }

    /** An NTLMv2 logon as {@code credentials}. */
    static Logon as(ProbeConnection connection, Negotiation negotiation, Credentials credentials) throws IOException {
        return run(connection, negotiation, credentials);
    }

    private static Logon run(ProbeConnection connection, Negotiation negotiation, Credentials credentials)
            throws IOException {
        NtlmInitiator ntlm = credentials == null ? new NtlmInitiator("", "", "", WORKSTATION)
                : new NtlmInitiator(credentials.user(), credentials.domain(), credentials.password(), WORKSTATION);
        NegTokenInit init = NegTokenInit.of(MECHS, ntlm.negotiate(), null, null);
        boolean hashed = negotiation.dialect() == Dialect.SMB3_1_1;
        byte[] hash = negotiation.preauthHash();
        try {
            byte[] first = sessionSetup(connection, 0, init.encode());
            hash = hashed ? update(hash, first) : null;
            Reply challenge = exchange(connection, first);
            if (challenge == null) {
                return new Logon(CLOSED, 0, 0, null);
            }
            if (challenge.status() != NtStatus.STATUS_MORE_PROCESSING_REQUIRED.code()) {
                return new Logon(challenge.status(), 0, 0, null);
            }
            hash = hashed ? update(hash, challenge.bytes()) : null;
            long sessionId = challenge.header().sessionId();
            byte[] challengeMessage = responseToken(challenge);
            byte[] authenticate;
            byte[] mic = null;
            if (credentials == null) {
                authenticate = new AuthenticateMessage(ANONYMOUS_FLAGS, new byte[1], new byte[0], "", "",
                        WORKSTATION, new byte[0], null, null).encode();
            } else {
                authenticate = ntlm.authenticate(challengeMessage);
                if (NtlmSessionSecurity.supports(ntlm.negotiatedFlags())) {
                    // [MS-SPNG] 3.1.5.1: the MIC over the mechTypes list guards the mechanism choice.
                    mic = NtlmSessionSecurity.create(ntlm.negotiatedFlags(), ntlm.sessionKey()).signature(
                            NtlmSessionSecurity.Direction.CLIENT_TO_SERVER, NtlmSessionSecurity.MECH_LIST_MIC_SEQUENCE,
                            init.mechTypesEncoding());
                }
            }
            byte[] second = sessionSetup(connection, sessionId,
                    new NegTokenResp(null, null, authenticate, mic).encode());
            hash = hashed ? update(hash, second) : null;
            Reply done = exchange(connection, second);
            if (done == null) {
                return new Logon(CLOSED, 0, sessionId, null);
            }
            if (done.status() != 0) {
                return new Logon(done.status(), 0, sessionId, null);
            }
            int flags = SessionSetupResponse.decode(done.buf()).sessionFlags();
            MessageSigner signer = null;
            if (credentials != null && (flags & (SessionSetupResponse.IS_GUEST | SessionSetupResponse.IS_NULL)) == 0) {
                // [MS-SMB2] 3.2.5.3.1: Session.SessionKey is the first 16 bytes of the GSS key.
                byte[] sessionKey = Arrays.copyOf(ntlm.sessionKey(), KeyDerivation.SESSION_KEY_LENGTH);
                signer = negotiation.signingAlgorithm().newSigner(
                        KeyDerivation.derive(negotiation.dialect(), sessionKey, hash).signingKey());
            }
            return new Logon(0, flags, sessionId, signer);
        } catch (SmbException | DerFormatException | IllegalArgumentException e) {
            throw new IOException("malformed SESSION_SETUP response: " + e.getMessage());
        }
    }

    /** The NTLM token in the server's SPNEGO answer. */
    private static byte[] responseToken(Reply challenge) throws DerFormatException, IOException {
        byte[] buffer = SessionSetupResponse.decode(challenge.buf()).securityBuffer();
        NegotiationToken token = NegotiationToken.decode(buffer);
        if (!(token instanceof NegTokenResp resp) || resp.responseToken() == null) {
            throw new IOException("the server's SPNEGO answer carries no NTLM challenge");
        }
        return resp.responseToken();
    }

    /** A SESSION_SETUP request, as bytes so that 3.1.1 can hash exactly what is sent. */
    private static byte[] sessionSetup(ProbeConnection connection, long sessionId, byte[] token) {
        ByteBuf request = connection.newRequest(Smb2Command.SESSION_SETUP, sessionId, 0);
        try {
            new SessionSetupRequest(0, NegotiateResponse.SIGNING_ENABLED, 0, 0, Unpooled.wrappedBuffer(token))
                    .encode(request);
            return ProbeConnection.bytesOf(request);
        } finally {
            request.release();
        }
    }

    /** Sends {@code message}; null when the server closed the connection instead of answering. */
    private static Reply exchange(ProbeConnection connection, byte[] message) throws IOException {
        try {
            return connection.exchange(Unpooled.wrappedBuffer(message));
        } catch (EOFException | SocketException e) {
            return null;
        }
    }

    private static byte[] update(byte[] hash, byte[] message) {
        return PreauthIntegrity.update(hash, Unpooled.wrappedBuffer(message), 0, message.length);
    }
}
