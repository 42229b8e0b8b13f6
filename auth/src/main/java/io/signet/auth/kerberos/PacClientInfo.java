package io.signet.auth.kerberos;

import io.signet.protocol.fscc.FileTime;
import java.nio.charset.StandardCharsets;

/**
 * [MS-PAC] 2.7 PAC_CLIENT_INFO: ties the PAC to the ticket it came in.
 *
 * <pre>
 * ClientId (8, FILETIME) | NameLength (2, bytes) | Name (NameLength, UTF-16LE, no NUL)
 * </pre>
 *
 * @param clientId the ticket's authtime as a FILETIME (100 ns units since 1601-01-01 UTC)
 * @param name     the client's name, without realm
 */
record PacClientInfo(long clientId, String name) {
    private static final int FIXED = 10;

    static PacClientInfo read(byte[] pac, Pac.Buffer buffer) throws KerberosException {
        if (buffer.size() < FIXED) {
            throw Pac.malformed("PAC_CLIENT_INFO of " + buffer.size() + " bytes");
        }
        int at = buffer.offset();
        long clientId = Pac.Le.u64(pac, at);
        int nameLength = Pac.Le.u16(pac, at + 8);
        if (nameLength % 2 != 0 || nameLength > buffer.size() - FIXED) {
            throw Pac.malformed("PAC_CLIENT_INFO NameLength " + nameLength + " in a buffer of " + buffer.size()
                    + " bytes");
        }
        return new PacClientInfo(clientId, new String(pac, at + FIXED, nameLength, StandardCharsets.UTF_16LE));
    }

    /** A Kerberos time (milliseconds since 1970, whole seconds in a ticket) as a FILETIME. */
    static long fileTime(long epochMillis) {
        return epochMillis * 10_000 + FileTime.UNIX_EPOCH;
    }
}
