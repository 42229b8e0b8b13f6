package io.signet.auth.kerberos;

import io.signet.auth.spnego.DerEncoder;
import io.signet.auth.spnego.DerFormatException;
import io.signet.auth.spnego.DerReader;
import io.signet.auth.spnego.Tlv;

/**
 * The authenticator checksum of the Kerberos GSS mechanism ([RFC 4121] 4.1.1): checksum type 0x8003, whose
 * "checksum" carries the channel-binding hash and the GSS context flags.
 *
 * <pre>
 * Lgth (4, little-endian) = 16 | Bnd (16) | Flags (4, little-endian) | [DlgOpt (2) | Dlgth (2) | Deleg] | [Exts]
 * </pre>
 *
 * <p>Kerby maps checksum types it does not know, 0x8003 among them, to NONE, so the checksum is read straight from
 * the decrypted Authenticator's DER. SMB has no channel bindings, so Bnd is not compared ([RFC 2744] 3.11: an
 * acceptor without bindings does not check them). Delegation is not supported: a KRB-CRED is never decoded.
 *
 * @param flags the GSS context flags the initiator asked for
 */
record GssChecksum(int flags) {
    /** [RFC 4121] 4.1.1. */
    static final int TYPE = 0x8003;
    /** GSS_C_DELEG_FLAG, GSS_C_MUTUAL_FLAG ([RFC 2744] 5.1 / [RFC 4121] 4.1.1.1). */
    static final int DELEG_FLAG = 1;
    static final int MUTUAL_FLAG = 2;
    private static final int BINDINGS_LENGTH = 16;

    boolean mutual() {
        return (flags & MUTUAL_FLAG) != 0;
    }

    /**
     * Reads the cksum field of an encoded Authenticator ([RFC 4120] 5.5.1:
     * {@code [APPLICATION 2] SEQUENCE { ..., cksum [3] Checksum OPTIONAL, ... }}, Checksum ::= SEQUENCE
     * { cksumtype [0] Int32, checksum [1] OCTET STRING }) and parses it as the GSS checksum.
     */
    static GssChecksum fromAuthenticator(byte[] authenticator) throws KerberosException {
        try {
            DerReader outer = new DerReader(authenticator, DerNesting.MAX_DEPTH);
            DerReader app = outer.enter(outer.read(0x62));
            DerReader fields = app.enter(app.read(DerEncoder.SEQUENCE));
            while (fields.hasMore()) {
                Tlv field = fields.read();
                if (field.tag() != DerEncoder.context(3)) {
                    continue;
                }
                DerReader cksumField = fields.enter(field);
                DerReader cksum = cksumField.enter(cksumField.read(DerEncoder.SEQUENCE));
                DerReader typeField = cksum.enter(cksum.read(DerEncoder.context(0)));
                long type = integer(typeField, typeField.read(0x02));
                if (type != TYPE) {
                    throw new KerberosException("authenticator checksum of type " + type + ", not the GSS checksum"
                            + " 0x8003");
                }
                DerReader valueField = cksum.enter(cksum.read(DerEncoder.context(1)));
                return parse(valueField.value(valueField.read(DerEncoder.OCTET_STRING)));
            }
            throw new KerberosException("authenticator without the GSS checksum ([RFC 4121] 4.1.1)");
        } catch (DerFormatException e) {
            throw new KerberosException("malformed authenticator: " + e.getMessage());
        }
    }

    static GssChecksum parse(byte[] value) throws KerberosException {
        if (value.length < 4 + BINDINGS_LENGTH + 4) {
            throw new KerberosException("GSS checksum of " + value.length + " bytes, shorter than 24");
        }
        int lgth = littleEndian(value, 0);
        if (lgth != BINDINGS_LENGTH) {
            throw new KerberosException("GSS checksum with a binding length of " + lgth + ", not 16");
        }
        return new GssChecksum(littleEndian(value, 4 + BINDINGS_LENGTH));
    }

    private static int littleEndian(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    /** A DER INTEGER of at most 4 contents octets (Int32, [RFC 4120] 5.2.4), two's complement. */
    private static long integer(DerReader in, Tlv tlv) throws KerberosException {
        if (tlv.length() < 1 || tlv.length() > 5) {
            throw new KerberosException("checksum type of " + tlv.length() + " octets");
        }
        byte[] v = in.value(tlv);
        long n = v[0]; // sign-extended
        for (int i = 1; i < v.length; i++) {
            n = n << 8 | (v[i] & 0xFF);
        }
        return n;
    }
}
