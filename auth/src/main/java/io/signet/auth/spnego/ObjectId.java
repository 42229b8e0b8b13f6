package io.signet.auth.spnego;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;

/** An ASN.1 OBJECT IDENTIFIER held as its DER contents octets (X.690 8.19), compared by value. */
public final class ObjectId {
    /** SPNEGO itself, the thisMech of the InitialContextToken ([RFC 4178] 3.1). */
    public static final ObjectId SPNEGO = of("1.3.6.1.5.5.2");
    /** NTLMSSP ([MS-SPNG] 1.9, [MS-NLMP] 1.9). */
    public static final ObjectId NTLMSSP = of("1.3.6.1.4.1.311.2.2.10");
    /** Kerberos V5 as Windows 2000 mis-encoded it, still advertised first by Windows ([MS-SPNG] 1.9). */
    public static final ObjectId KERBEROS_MICROSOFT = of("1.2.840.48018.1.2.2");
    /** Kerberos V5 ([RFC 4121] 1.1). */
    public static final ObjectId KERBEROS = of("1.2.840.113554.1.2.2");

    private final byte[] contents;

    private ObjectId(byte[] contents) {
        this.contents = contents;
    }

    /** Wraps received contents octets (copied). */
    public static ObjectId fromContents(byte[] contents) {
        return new ObjectId(contents.clone());
    }

    /** Encodes dotted notation (X.690 8.19.4: first two arcs combined, then base-128 with continuation bits). */
    public static ObjectId of(String dotted) {
        String[] parts = dotted.split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("an OID has at least two arcs: " + dotted);
        }
        long[] arcs = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            arcs[i] = Long.parseLong(parts[i]);
            if (arcs[i] < 0) {
                throw new IllegalArgumentException("negative arc in " + dotted);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeArc(out, arcs[0] * 40 + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            writeArc(out, arcs[i]);
        }
        return new ObjectId(out.toByteArray());
    }

    private static void writeArc(ByteArrayOutputStream out, long arc) {
        int groups = 1;
        while (groups < 10 && (arc >>> (7 * groups)) != 0) {
            groups++;
        }
        for (int g = groups - 1; g >= 0; g--) {
            int septet = (int) ((arc >>> (7 * g)) & 0x7F);
            out.write(g == 0 ? septet : septet | 0x80);
        }
    }

    /** The contents octets (a copy). */
    public byte[] contents() {
        return contents.clone();
    }

    /** The complete DER element: tag 0x06, length, contents. */
    public byte[] encode() {
        return DerEncoder.element(DerEncoder.OBJECT_IDENTIFIER, contents);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectId other && Arrays.equals(contents, other.contents);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(contents);
    }

    /** Dotted notation when the contents are well formed, otherwise the hex of the contents. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        long arc = 0;
        int septets = 0;
        boolean first = true;
        for (byte b : contents) {
            arc = (arc << 7) | (b & 0x7F);
            if (++septets > 8) {
                return "OID:" + HexFormat.of().formatHex(contents);
            }
            if ((b & 0x80) == 0) {
                if (first) {
                    long top = arc < 80 ? arc / 40 : 2;
                    s.append(top).append('.').append(arc - top * 40);
                    first = false;
                } else {
                    s.append('.').append(arc);
                }
                arc = 0;
                septets = 0;
            }
        }
        if (first || septets != 0) {
            return "OID:" + HexFormat.of().formatHex(contents);
        }
        return s.toString();
    }
}
