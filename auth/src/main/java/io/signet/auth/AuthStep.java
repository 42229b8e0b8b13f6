package io.signet.auth;

import io.signet.protocol.status.NtStatus;
import java.util.Objects;

/**
 * The answer to one SESSION_SETUP request.
 *
 * <ul>
 *   <li>{@link Outcome#CONTINUE}: send {@code responseToken} with STATUS_MORE_PROCESSING_REQUIRED.</li>
 *   <li>{@link Outcome#SUCCESS}: send {@code responseToken} (may be {@code null}, meaning an empty buffer) with
 *       STATUS_SUCCESS; {@code user} is set, and {@code sessionKey} is the full GSS session key, or
 *       {@code null} for an anonymous user: the 16-byte ExportedSessionKey for NTLM ([MS-NLMP] 3.2.5.1.2), the
 *       Kerberos context key for Kerberos (32 bytes for AES-256). It may have any length above zero; SMB2 takes its
 *       first 16 bytes, zero-padded, as Session.SessionKey and the whole key for AES-256 cipher keys ([MS-SMB2]
 *       3.3.5.5.3).</li>
 *   <li>{@link Outcome#FAILURE}: answer with {@code failure}; {@code responseToken}, if not {@code null}, is a
 *       SPNEGO reject; {@code reason} says why, for the server's log line about the refusal (e.g. "NTLM: unknown
 *       user bob", "Kerberos ticket for cifs/host@REALM refused: clock skew 412 s"). It never holds a secret, and
 *       control characters from client-chosen names are replaced, so it cannot forge log lines.</li>
 * </ul>
 *
 * <p>The arrays are handed over, not copied.
 */
public record AuthStep(Outcome outcome, byte[] responseToken, AuthenticatedUser user, byte[] sessionKey,
                       NtStatus failure, String reason) {

    /** A reason is for one log line: longer ones (a client-chosen name can be long) are cut. */
    static final int MAX_REASON_LENGTH = 300;

    public enum Outcome { CONTINUE, SUCCESS, FAILURE }

    public AuthStep {
        Objects.requireNonNull(outcome, "outcome");
        reason = reason == null ? null : printable(reason);
        switch (outcome) {
            case CONTINUE -> Objects.requireNonNull(responseToken, "a CONTINUE step carries a token");
            case SUCCESS -> {
                Objects.requireNonNull(user, "a SUCCESS step names the user");
                // Anonymous and guest logons prove nothing and so yield no key ([MS-NLMP] 3.2.5.1.2, [MS-SMB2]
                // 3.3.5.5.3: such sessions cannot sign); a user's logon always does.
                boolean keyless = user.kind() != UserKind.USER;
                if (keyless ? sessionKey != null : sessionKey == null || sessionKey.length == 0) {
                    throw new IllegalArgumentException(
                            "a session key is not empty, and absent only for anonymous and guest logons");
                }
            }
            case FAILURE -> {
                Objects.requireNonNull(failure, "a FAILURE step carries a status");
                Objects.requireNonNull(reason, "a FAILURE step says why");
            }
            default -> throw new IllegalArgumentException(outcome.toString());
        }
    }

    public static AuthStep continueWith(byte[] responseToken) {
        return new AuthStep(Outcome.CONTINUE, responseToken, null, null, null, null);
    }

    public static AuthStep success(byte[] responseToken, AuthenticatedUser user, byte[] sessionKey) {
        return new AuthStep(Outcome.SUCCESS, responseToken, user, sessionKey, null, null);
    }

    /** @param reason why, for the log; never a password, hash or key */
    public static AuthStep failure(NtStatus status, String reason, byte[] responseToken) {
        return new AuthStep(Outcome.FAILURE, responseToken, null, null, status, reason);
    }

    /** {@code text} with control characters replaced and cut to a log line's length: safe to log. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_REASON_LENGTH + 3));
        for (int i = 0; i < text.length() && out.length() < MAX_REASON_LENGTH; i++) {
            char c = text.charAt(i);
            int type = Character.getType(c);
            boolean breaksLines = type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
            out.append(Character.isISOControl(c) || breaksLines ? '?' : c);
        }
        if (text.length() > MAX_REASON_LENGTH) {
            out.append("...");
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "AuthStep[" + outcome + (responseToken == null ? "" : ", token=" + responseToken.length + " bytes")
                + (user == null ? "" : ", user=" + user)
                + (failure == null ? "" : ", " + failure + ": " + reason) + "]";
    }
}
