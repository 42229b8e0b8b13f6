package io.signet.auth.spnego;

import java.io.ByteArrayOutputStream;

/** Builds DER elements (X.690 8.1 with the definite, minimal length form of X.690 10.1). */
public final class DerEncoder {
    public static final int INTEGER_ENUMERATED = 0x0A;
    public static final int OCTET_STRING = 0x04;
    public static final int OBJECT_IDENTIFIER = 0x06;
    public static final int GENERAL_STRING = 0x1B;
    public static final int SEQUENCE = 0x30;
    /** [APPLICATION 0] constructed: the GSS-API InitialContextToken of RFC 2743 3.1. */
    public static final int APPLICATION_0 = 0x60;

    private DerEncoder() {
    }

    /** The identifier octet of a constructed context-specific tag {@code [n]}. */
    public static int context(int n) {
        return 0xA0 | n;
    }

    /** One element whose contents are the concatenation of {@code parts}; {@code null} parts are skipped. */
    public static byte[] element(int tag, byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            if (part != null) {
                length += part.length;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        writeLength(out, length);
        for (byte[] part : parts) {
            if (part != null) {
                out.writeBytes(part);
            }
        }
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
            return;
        }
        int octets = length > 0xFFFFFF ? 4 : length > 0xFFFF ? 3 : length > 0xFF ? 2 : 1;
        out.write(0x80 | octets);
        for (int i = octets - 1; i >= 0; i--) {
            out.write(length >>> (8 * i));
        }
    }
}
