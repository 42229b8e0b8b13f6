package io.signet.server.probe;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.crypto.MessageSigner;
import io.signet.protocol.crypto.SigningAlgorithm;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.TreeConnectRequest;
import io.signet.protocol.status.NtStatus;
import io.signet.server.probe.ProbeReport.Attempt;
import io.signet.server.probe.ProbeReport.Enforcement;
import io.signet.server.probe.ProbeReport.Verdict;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;

/**
 * Whether the server enforces signing on a logged-on session ([MS-SMB2] 3.3.5.2.4): after an NTLMv2 logon it sends a
 * TREE_CONNECT to IPC$ signed with the derived key, the same unsigned, and the same with a wrong signature. Each
 * runs on a fresh connection and logon, so that a server which drops the connection over one does not hide the
 * answer to the next.
 */
final class EnforcementProbe {
    private enum Signature { CORRECT, NONE, WRONG }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ProbeTarget target;
    private final Dialect dialect;
    private final Credentials credentials;

    EnforcementProbe(ProbeTarget target, Dialect dialect, Credentials credentials) {
        this.target = target;
        this.dialect = dialect;
        this.credentials = credentials;
    }

    Enforcement run() throws IOException {
        Outcome signed = attempt(Signature.CORRECT);
        if (signed.attempt() == null) {
            return new Enforcement(dialect.toString(), null, credentials.user(), signed.logon(), null, null, null);
        }
        Attempt unsigned = attempt(Signature.NONE).attempt();
        Attempt wrong = attempt(Signature.WRONG).attempt();
        return new Enforcement(dialect.toString(), signed.algorithm(), credentials.user(), signed.logon(),
                signed.attempt(), unsigned, wrong);
    }

    /** One logon and, when it yields a signing key, one TREE_CONNECT. */
    private record Outcome(String logon, String algorithm, Attempt attempt) {
    }

    private Outcome attempt(Signature signature) throws IOException {
        try (ProbeConnection connection = ProbeConnection.open(target)) {
            Negotiation negotiation = Negotiation.run(connection, dialect, NegotiateProbe.OFFER_ALL);
            if (!negotiation.accepted()) {
                throw new IOException("the server refused dialect " + dialect + " it accepted before");
            }
            Logon logon = Logon.as(connection, negotiation, credentials);
            String logonStatus = LogonProbe.result(dialect, logon).status();
            if (!logon.succeeded()) {
                return new Outcome(logonStatus, null, null);
            }
            if (logon.signer() == null) {
                return new Outcome(logonStatus + (logon.isGuest() ? " as guest" : " as anonymous")
                        + ": no signing key", null, null);
            }
            SigningAlgorithm signing = negotiation.signingAlgorithm();
            // The wrong signature is a real one made with another key: right algorithm, wrong session.
            MessageSigner signer = switch (signature) {
                case CORRECT -> logon.signer();
                case WRONG -> signing.newSigner(randomKey());
                case NONE -> null;
            };
            ByteBuf request = treeConnect(connection, logon);
            if (signer != null) {
                try {
                    Smb2Header.setFlags(request, 0, Smb2Header.readFlags(request, 0) | Smb2Header.FLAG_SIGNED);
                    signer.sign(request, 0, request.readableBytes());
                } catch (RuntimeException e) {
                    request.release();
                    throw e;
                }
            }
            return new Outcome(logonStatus, AlgorithmNames.signing(signing.id()), answer(connection, request));
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[SigningAlgorithm.KEY_LENGTH];
        RANDOM.nextBytes(key);
        return key;
    }

    private ByteBuf treeConnect(ProbeConnection connection, Logon logon) {
        ByteBuf request = connection.newRequest(Smb2Command.TREE_CONNECT, logon.sessionId(), 0);
        try {
            new TreeConnectRequest(0, "\\\\" + target.host() + "\\IPC$").encode(request);
            return request;
        } catch (RuntimeException e) {
            request.release();
            throw e;
        }
    }

    /** Sends the request and classifies the answer; a closed connection or silence is a refusal. */
    private static Attempt answer(ProbeConnection connection, ByteBuf request) throws IOException {
        Reply reply;
        try {
            reply = connection.exchange(request);
        } catch (EOFException | SocketException e) {
            return new Attempt(Verdict.REFUSED, "connection closed by the server");
        } catch (SocketTimeoutException e) {
            return new Attempt(Verdict.REFUSED, "no answer (request dropped)");
        }
        if (reply.status() == 0) {
            return new Attempt(Verdict.ACCEPTED, reply.statusName());
        }
        if (reply.status() == NtStatus.STATUS_ACCESS_DENIED.code()) {
            return new Attempt(Verdict.REFUSED, reply.statusName());
        }
        return new Attempt(Verdict.FAILED, reply.statusName());
    }
}
