package io.signet.server.probe;

import java.util.List;

/**
 * What {@code signet probe} found out about one server's signing.
 *
 * @param dialects    one entry per dialect offered alone, oldest first
 * @param smb311      the 3.1.1 algorithms, or null when the server refused 3.1.1
 * @param anonymous   the anonymous logon, or null when no dialect was accepted
 * @param guest       the logon as an unknown user, or null when no dialect was accepted
 * @param enforcement the signed, unsigned and wrongly signed requests at each accepted dialect, oldest first; null
 *                    without credentials
 */
public record ProbeReport(String target, List<DialectResult> dialects, Smb311Algorithms smb311,
                          LogonResult anonymous, LogonResult guest, List<Enforcement> enforcement) {
    public ProbeReport {
        dialects = List.copyOf(dialects);
        enforcement = enforcement == null ? null : List.copyOf(enforcement);
    }

    /** True when credentials were given and every accepted dialect refused unsigned and wrongly signed requests. */
    public boolean signingEnforced() {
        return enforcement != null && !enforcement.isEmpty() && enforcement.stream().allMatch(Enforcement::enforced);
    }

    /**
     * One NEGOTIATE offering a single dialect.
     *
     * @param refusal why it was not accepted (a status name or "connection closed by the server"), or null
     */
    public record DialectResult(String dialect, boolean accepted, String refusal, boolean signingEnabled,
                                boolean signingRequired) {
    }

    /**
     * The 3.1.1 negotiate contexts: the server's choice among all offered, and every one it takes when offered
     * alone.
     */
    public record Smb311Algorithms(String signingChosen, List<String> signingSupported, String cipherChosen,
                                   List<String> ciphersSupported, List<String> compression) {
        public Smb311Algorithms {
            signingSupported = List.copyOf(signingSupported);
            ciphersSupported = List.copyOf(ciphersSupported);
            compression = List.copyOf(compression);
        }
    }

    /**
     * One SESSION_SETUP outcome.
     *
     * @param dialect the dialect it ran on
     * @param status  the final Status name, or "connection closed by the server"
     */
    public record LogonResult(String dialect, boolean accepted, String status, boolean guest, boolean nullSession) {
    }

    /** What the server did with a request after logon. */
    public enum Verdict {
        /** Executed: a success answer. */
        ACCEPTED,
        /** STATUS_ACCESS_DENIED, a closed connection or no answer ([MS-SMB2] 3.3.5.2.4). */
        REFUSED,
        /** Some other error: the request was not executed, but not for its signature as far as the status says. */
        FAILED
    }

    /** One request of the enforcement test and the server's answer. */
    public record Attempt(Verdict verdict, String answer) {
    }

    /**
     * The enforcement test at one dialect.
     *
     * @param logon        the status of the credentials' logon; the attempts are null unless it succeeded
     * @param signed       a correctly signed TREE_CONNECT to IPC$: proves the logon and the key work
     * @param unsigned     the same request without a signature
     * @param badSignature the same request with a wrong signature
     */
    public record Enforcement(String dialect, String signingAlgorithm, String user, String logon, Attempt signed,
                              Attempt unsigned, Attempt badSignature) {
        /** Signing is enforced when both the unsigned and the wrongly signed request were refused. */
        public boolean enforced() {
            return unsigned != null && badSignature != null && unsigned.verdict() == Verdict.REFUSED
                    && badSignature.verdict() == Verdict.REFUSED;
        }
    }
}
