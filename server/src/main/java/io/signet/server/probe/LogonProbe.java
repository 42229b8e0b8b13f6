package io.signet.server.probe;

import io.signet.protocol.smb2.Dialect;
import io.signet.server.probe.ProbeReport.LogonResult;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Whether the server lets in an anonymous logon (an empty NTLMSSP AUTHENTICATE_MESSAGE) and a guest (an unknown user
 * with any password), and with which SessionFlags ([MS-SMB2] 2.2.6: IS_GUEST, IS_NULL). Each logon runs on its own
 * connection at the given dialect.
 */
final class LogonProbe {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ProbeTarget target;
    private final Dialect dialect;

    LogonProbe(ProbeTarget target, Dialect dialect) {
        this.target = target;
        this.dialect = dialect;
    }

    LogonResult anonymous() throws IOException {
        return logon(null);
    }

    /** A user name no server has, so that only a guest mapping can let it in. */
    LogonResult guest() throws IOException {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        String suffix = HexFormat.of().formatHex(random);
        return logon(new Credentials("probe-" + suffix, "", "not-a-password-" + suffix));
    }

    private LogonResult logon(Credentials credentials) throws IOException {
        try (ProbeConnection connection = ProbeConnection.open(target)) {
            Negotiation negotiation = Negotiation.run(connection, dialect, NegotiateProbe.OFFER_ALL);
            if (!negotiation.accepted()) {
                throw new IOException("the server refused dialect " + dialect + " it accepted before");
            }
            Logon logon = credentials == null ? Logon.anonymous(connection, negotiation)
                    : Logon.as(connection, negotiation, credentials);
            return result(dialect, logon);
        }
    }

    static LogonResult result(Dialect dialect, Logon logon) {
        String status = logon.status() == Logon.CLOSED ? "connection closed by the server"
                : Reply.statusName(logon.status());
        return new LogonResult(dialect.toString(), logon.succeeded(), status, logon.isGuest(), logon.isNull());
    }
}
