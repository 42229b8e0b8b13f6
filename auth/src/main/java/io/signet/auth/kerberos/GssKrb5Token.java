package io.signet.auth.kerberos;

import io.signet.auth.spnego.DerEncoder;
import io.signet.auth.spnego.DerFormatException;
import io.signet.auth.spnego.DerReader;
import io.signet.auth.spnego.ObjectId;
import io.signet.auth.spnego.Tlv;
import java.util.Arrays;

/**
 * The framing of the Kerberos mechanism's context tokens ([RFC 4121] 4.1, [RFC 1964] 1.1, [RFC 2743] 3.1):
 * {@code [APPLICATION 0] { thisMech OID 1.2.840.113554.1.2.2, TOK_ID (2 bytes), Kerberos message }}. The inner
 * message is not wrapped in a DER tag of its own, so it is everything after TOK_ID.
 */
public final class GssKrb5Token {
    /** TOK_ID of a token carrying a KRB_AP_REQ ([RFC 4121] 4.1). */
    public static final int TOK_AP_REQ = 0x0100;
    /** TOK_ID of a token carrying a KRB_AP_REP. */
    public static final int TOK_AP_REP = 0x0200;

    private GssKrb5Token() {
    }

    /** Wraps a Kerberos message as a context token. */
    public static byte[] wrap(int tokId, byte[] message) {
        byte[] inner = new byte[2 + message.length];
        inner[0] = (byte) (tokId >>> 8);
        inner[1] = (byte) tokId;
        System.arraycopy(message, 0, inner, 2, message.length);
        return DerEncoder.element(DerEncoder.APPLICATION_0, ObjectId.KERBEROS.encode(), inner);
    }

    /**
     * The Kerberos message inside a context token whose TOK_ID is {@code expectedTokId}. The mechanism OID may be
     * the RFC one or the one Windows 2000 mis-encoded ([MS-SPNG] 1.9), which some clients also put here.
     */
    public static byte[] unwrap(byte[] token, int expectedTokId) throws KerberosException {
        try {
            DerReader outer = new DerReader(token);
            Tlv app = outer.read(DerEncoder.APPLICATION_0);
            outer.expectEnd();
            DerReader in = outer.enter(app);
            Tlv oid = in.read(DerEncoder.OBJECT_IDENTIFIER);
            ObjectId mech = ObjectId.fromContents(in.value(oid));
            if (!mech.equals(ObjectId.KERBEROS) && !mech.equals(ObjectId.KERBEROS_MICROSOFT)) {
                throw new KerberosException("context token for mechanism " + mech + ", not Kerberos");
            }
            int rest = app.valueEnd() - oid.valueEnd();
            if (rest < 2) {
                throw new KerberosException("context token without a TOK_ID");
            }
            int tokId = (token[oid.valueEnd()] & 0xFF) << 8 | token[oid.valueEnd() + 1] & 0xFF;
            if (tokId != expectedTokId) {
                throw new KerberosException(String.format("context token with TOK_ID %04x, expected %04x",
                        tokId, expectedTokId));
            }
            return Arrays.copyOfRange(token, oid.valueEnd() + 2, app.valueEnd());
        } catch (DerFormatException e) {
            throw new KerberosException("malformed GSS-API context token: " + e.getMessage());
        }
    }
}
