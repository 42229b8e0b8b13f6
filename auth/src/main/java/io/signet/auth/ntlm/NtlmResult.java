package io.signet.auth.ntlm;

import io.signet.auth.UserCredentials;
import io.signet.protocol.status.NtStatus;

/** What checking an AUTHENTICATE_MESSAGE produced. */
public sealed interface NtlmResult {

    /**
     * The client proved knowledge of the user's password, or logged on anonymously.
     *
     * @param credentials        the directory entry that matched, or {@code null} for anonymous
     * @param exportedSessionKey the 16-byte ExportedSessionKey, or {@code null} for anonymous
     * @param negotiatedFlags    the flags both sides agreed on (the CHALLENGE's flags that the client kept)
     * @param micPresent         whether the client's MsvAvFlags announced, and the server verified, a MIC
     */
    record Authenticated(UserCredentials credentials, byte[] exportedSessionKey, int negotiatedFlags,
                         boolean micPresent) implements NtlmResult {
        public boolean anonymous() {
            return credentials == null;
        }

        @Override
        public String toString() {
            return "Authenticated[" + (anonymous() ? "anonymous" : credentials.name()) + "]";
        }
    }

    /**
     * The exchange failed.
     *
     * @param status what to tell the client
     * @param reason why, for the server's log (never contains secrets)
     * @param unknownUser the user name when the only fault was that no such account exists (the proof was checked
     *               against a random hash), else null
     */
    record Rejected(NtStatus status, String reason, String unknownUser) implements NtlmResult {
        public Rejected(NtStatus status, String reason) {
            this(status, reason, null);
        }

        /** A rejection because no account of that name exists: the name, else null (Samba's "bad user"). */
        @Override
        public String unknownUser() {
            return unknownUser;
        }
    }
}
