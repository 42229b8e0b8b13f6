package io.signet.auth.ntlm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One AV_PAIR of a TargetInfo list ([MS-NLMP] 2.2.2.1): AvId (2 bytes), AvLen (2 bytes), Value.
 *
 * @param id    the AvId, one of the constants below or an unknown value kept as is
 * @param value the value bytes
 */
public record AvPair(int id, byte[] value) {
    public static final int MSV_AV_EOL = 0x0000;
    public static final int MSV_AV_NB_COMPUTER_NAME = 0x0001;
    public static final int MSV_AV_NB_DOMAIN_NAME = 0x0002;
    public static final int MSV_AV_DNS_COMPUTER_NAME = 0x0003;
    public static final int MSV_AV_DNS_DOMAIN_NAME = 0x0004;
    public static final int MSV_AV_DNS_TREE_NAME = 0x0005;
    public static final int MSV_AV_FLAGS = 0x0006;
    public static final int MSV_AV_TIMESTAMP = 0x0007;
    public static final int MSV_AV_SINGLE_HOST = 0x0008;
    public static final int MSV_AV_TARGET_NAME = 0x0009;
    public static final int MSV_AV_CHANNEL_BINDINGS = 0x000A;

    /** MsvAvFlags bit: the AUTHENTICATE_MESSAGE carries a MIC ([MS-NLMP] 2.2.2.1). */
    public static final int AV_FLAG_MIC_PRESENT = 0x00000002;

    public AvPair {
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException("AV_PAIR value longer than 65535 bytes");
        }
    }

    /** A pair whose value is a name in UTF-16LE, as all the MsvAv*Name pairs are. */
    public static AvPair ofName(int id, String name) {
        return new AvPair(id, name.getBytes(StandardCharsets.UTF_16LE));
    }

    /**
     * Decodes an AV_PAIR list from {@code buf[offset, offset + length)}, up to and excluding MsvAvEOL. Bytes after
     * MsvAvEOL are ignored (an NTLMv2 client challenge is followed by padding, [MS-NLMP] 3.3.2).
     *
     * @throws NtlmFormatException when a pair runs past the range or MsvAvEOL is missing
     */
    public static List<AvPair> decodeList(byte[] buf, int offset, int length) throws NtlmFormatException {
        List<AvPair> pairs = new ArrayList<>();
        int pos = offset;
        int end = offset + length;
        while (true) {
            if (end - pos < 4) {
                throw new NtlmFormatException("AV_PAIR list ends without MsvAvEOL");
            }
            int id = NtlmWire.u16(buf, pos);
            int len = NtlmWire.u16(buf, pos + 2);
            pos += 4;
            if (id == MSV_AV_EOL) {
                return pairs;
            }
            if (len > end - pos) {
                throw new NtlmFormatException("AV_PAIR " + id + " of " + len + " bytes runs past the list");
            }
            pairs.add(new AvPair(id, Arrays.copyOfRange(buf, pos, pos + len)));
            pos += len;
        }
    }

    /** Encodes {@code pairs} followed by MsvAvEOL. */
    public static byte[] encodeList(List<AvPair> pairs) {
        int size = 4;
        for (AvPair p : pairs) {
            size += 4 + p.value.length;
        }
        byte[] out = new byte[size];
        int pos = 0;
        for (AvPair p : pairs) {
            NtlmWire.putU16(out, pos, p.id);
            NtlmWire.putU16(out, pos + 2, p.value.length);
            System.arraycopy(p.value, 0, out, pos + 4, p.value.length);
            pos += 4 + p.value.length;
        }
        return out; // the trailing 4 zero bytes are MsvAvEOL with AvLen 0
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AvPair other && id == other.id && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * id + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "AvPair[id=" + id + ", " + value.length + " bytes]";
    }
}
