package io.signet.server.auth;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.signet.auth.AuthExchange;
import io.signet.auth.AuthStep;
import io.signet.protocol.crypto.KeyDerivation;
import io.signet.protocol.crypto.PreauthIntegrity;
import io.signet.protocol.crypto.SessionKeys;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.message.SessionSetupRequest;
import io.signet.protocol.smb2.message.SessionSetupResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.server.conn.RequestContext;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The authentication step of SESSION_SETUP ([MS-SMB2] 3.3.5.5), the same for a new session, a re-authentication and
 * a binding: the preauth integrity hash takes the request ([MS-SMB2] 3.3.5.5.1 for 3.1.1), the GSS/SPNEGO exchange
 * takes its security buffer, a leg to come answers STATUS_MORE_PROCESSING_REQUIRED (its response hashed too once
 * written), a failure is answered after the failed-logon delay, and a success gives the keys of
 * [MS-SMB2] 3.3.5.5.3. What the outcome means for the session is the caller's: {@code SessionSetupHandler} and
 * {@code SessionBinding}.
 */
public final class SessionAuthentication {
    /**
     * Where the legs' preauth integrity hash is kept: Session.PreauthIntegrityHashValue, or the binding's own
     * PreauthSession ([MS-SMB2] 3.3.1.15).
     */
    public record PreauthChain(Supplier<byte[]> hash, Consumer<byte[]> update) {
    }

    private SessionAuthentication() {
    }

    /**
     * Runs one leg. CONTINUE writes the response body and sets its status; a failure marks the response as a failed
     * logon ({@link RequestContext#failedLogon}); SUCCESS is left to the caller, like what a failure answers.
     *
     * @param preauth where the legs are hashed, or null when they are not (before 3.1.1, and re-authentication)
     */
    public static AuthStep step(RequestContext ctx, AuthExchange exchange, PreauthChain preauth,
                                SessionSetupRequest req, ByteBuf out) {
        if (preauth != null) {
            // request bytes as signed on the wire
            ByteBuf m = ctx.message();
            preauth.update().accept(PreauthIntegrity.update(preauth.hash().get(), m, m.readerIndex(),
                    m.readableBytes()));
        }
        byte[] token = ByteBufUtil.getBytes(req.securityBuffer());
        AuthStep step;
        // A re-authentication may come on any channel of the session (docs/ARCHITECTURE.md, Threads): an exchange
        // is not thread-safe, so it takes one leg at a time.
        synchronized (exchange) {
            step = exchange.step(token);
        }
        switch (step.outcome()) {
            case CONTINUE -> {
                ctx.responseStatus(NtStatus.STATUS_MORE_PROCESSING_REQUIRED);
                if (preauth != null) {
                    ctx.onResponseWritten(resp -> preauth.update().accept(PreauthIntegrity.update(
                            preauth.hash().get(), resp, resp.readerIndex(), resp.readableBytes())));
                }
                new SessionSetupResponse(0, orEmpty(step.responseToken())).encode(out);
            }
            case SUCCESS -> {
            }
            default -> ctx.failedLogon();
        }
        return step;
    }

    /**
     * [MS-SMB2] 3.3.5.5.3: the keys derived from the GSS session key of a completed authentication, with the
     * preauth integrity hash of its legs as context for 3.1.1 (null before).
     */
    public static SessionKeys keys(Dialect dialect, byte[] gssSessionKey, byte[] preauthHash) {
        return KeyDerivation.derive(dialect, smbSessionKey(gssSessionKey), preauthHash);
    }

    /**
     * [MS-SMB2] 3.3.5.5.3: Session.SessionKey is the first 16 bytes of the GSS session key, zero-padded when it is
     * shorter; a Kerberos AES-256 key is 32 bytes.
     */
    public static byte[] smbSessionKey(byte[] gssSessionKey) {
        return Arrays.copyOf(gssSessionKey, 16);
    }

    public static byte[] orEmpty(byte[] b) {
        return b == null ? new byte[0] : b;
    }
}
