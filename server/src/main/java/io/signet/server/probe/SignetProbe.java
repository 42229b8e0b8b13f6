package io.signet.server.probe;

import io.signet.protocol.smb2.Dialect;
import io.signet.server.probe.ProbeReport.DialectResult;
import io.signet.server.probe.ProbeReport.Enforcement;
import io.signet.server.probe.ProbeReport.LogonResult;
import io.signet.server.probe.ProbeReport.Smb311Algorithms;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Audits one server's signing: the dialects and their SecurityMode, the 3.1.1 algorithms, anonymous and guest
 * logons, and, with credentials, whether unsigned and wrongly signed requests are refused at each dialect. Every step
 * opens connections of its own ({@link ProbeConnection}); the anonymous and guest logons run at the highest dialect
 * the server accepted.
 */
public final class SignetProbe {
    private final ProbeTarget target;

    public SignetProbe(ProbeTarget target) {
        this.target = target;
    }

    /** Raised when the server cannot be reached at all: nothing could be audited. */
    public static final class UnreachableException extends IOException {
        UnreachableException(ProbeTarget target, IOException cause) {
            super("cannot reach " + target + ": " + cause.getMessage(), cause);
        }
    }

    /**
     * Runs the audit.
     *
     * @param credentials the account for the enforcement test, or null to skip it
     * @throws UnreachableException when the first connection fails
     * @throws IOException          when the server breaks the protocol or the frame bound later on
     */
    public ProbeReport run(Credentials credentials) throws IOException {
        try (ProbeConnection reach = ProbeConnection.open(target)) {
            // Reachable; the connection itself is not used, each probe opens its own.
        } catch (ConnectException | UnknownHostException | NoRouteToHostException | SocketTimeoutException e) {
            throw new UnreachableException(target, e);
        }
        NegotiateProbe negotiate = new NegotiateProbe(target);
        List<DialectResult> dialects = negotiate.dialects();
        Smb311Algorithms smb311 = accepted(dialects, Dialect.SMB3_1_1) ? negotiate.smb311() : null;
        Dialect highest = highest(dialects);
        LogonResult anonymous = null;
        LogonResult guest = null;
        List<Enforcement> enforcement = credentials == null ? null : new ArrayList<>();
        if (highest != null) {
            LogonProbe logons = new LogonProbe(target, highest);
            anonymous = logons.anonymous();
            guest = logons.guest();
        }
        if (credentials != null) {
            // Every accepted dialect: a server may enforce signing at one and not at another.
            for (Dialect d : Dialect.values()) {
                if (accepted(dialects, d)) {
                    enforcement.add(new EnforcementProbe(target, d, credentials).run());
                }
            }
        }
        return new ProbeReport(target.toString(), dialects, smb311, anonymous, guest, enforcement);
    }

    private static boolean accepted(List<DialectResult> dialects, Dialect dialect) {
        return dialects.stream().anyMatch(d -> d.accepted() && d.dialect().equals(dialect.toString()));
    }

    private static Dialect highest(List<DialectResult> dialects) {
        Dialect best = null;
        for (Dialect d : Dialect.values()) {
            if (accepted(dialects, d)) {
                best = d;
            }
        }
        return best;
    }
}
