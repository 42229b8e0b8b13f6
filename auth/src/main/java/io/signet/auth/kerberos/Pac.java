package io.signet.auth.kerberos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * [MS-PAC] 2.3 PACTYPE and its [MS-PAC] 2.4 PAC_INFO_BUFFER array, checked against the PAC's own length:
 *
 * <pre>
 * cBuffers (4) | Version (4) = 0 | cBuffers x { ulType (4) | cbBufferSize (4) | Offset (8) } | buffers ...
 * </pre>
 *
 * <p>Every buffer must start on an 8-byte boundary after the PAC_INFO_BUFFER array ([MS-PAC] 2.3), end inside the
 * PAC, and not overlap another one. Nothing is allocated from cBuffers: it is checked against the length first.
 * The bytes are borrowed, not copied.
 */
final class Pac {
    /** [MS-PAC] 2.4 ulType values. */
    static final int LOGON_INFO = 0x1;
    static final int SERVER_CHECKSUM = 0x6;
    static final int PRIVSVR_CHECKSUM = 0x7;
    static final int CLIENT_INFO = 0xA;

    private static final int HEADER = 8;
    private static final int INFO_BUFFER = 16;

    /** One PAC_INFO_BUFFER: where a buffer of type {@code type} lies. */
    record Buffer(int type, int offset, int size) {
        int end() {
            return offset + size;
        }
    }

    private final byte[] bytes;
    private final List<Buffer> buffers;

    private Pac(byte[] bytes, List<Buffer> buffers) {
        this.bytes = bytes;
        this.buffers = buffers;
    }

    static Pac parse(byte[] pac) throws KerberosException {
        if (pac.length < HEADER) {
            throw malformed("PAC of " + pac.length + " bytes has no PACTYPE header");
        }
        long count = Le.u32(pac, 0);
        long version = Le.u32(pac, 4);
        if (version != 0) {
            throw malformed("PAC version " + version + ", not 0");
        }
        long headerEnd = HEADER + INFO_BUFFER * count;
        if (count == 0 || headerEnd > pac.length) {
            throw malformed("PAC claims " + count + " buffers in " + pac.length + " bytes");
        }
        List<Buffer> buffers = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            int at = HEADER + INFO_BUFFER * i;
            int type = (int) Le.u32(pac, at);
            long size = Le.u32(pac, at + 4);
            long offset = Le.u64(pac, at + 8);
            if (offset < headerEnd || offset > pac.length || size > pac.length - offset) {
                throw malformed(String.format("PAC buffer of type 0x%x at %s+%d lies outside [%d, %d)", type,
                        Long.toUnsignedString(offset), size, headerEnd, pac.length));
            }
            if (offset % 8 != 0) {
                throw malformed("PAC buffer of type " + type + " at offset " + offset + ", not on an 8-byte boundary");
            }
            buffers.add(new Buffer(type, (int) offset, (int) size));
        }
        checkNoOverlap(buffers);
        return new Pac(pac, List.copyOf(buffers));
    }

    private static void checkNoOverlap(List<Buffer> buffers) throws KerberosException {
        List<Buffer> byOffset = new ArrayList<>(buffers);
        byOffset.removeIf(b -> b.size() == 0);
        byOffset.sort(Comparator.comparingInt(Buffer::offset));
        for (int i = 1; i < byOffset.size(); i++) {
            if (byOffset.get(i).offset() < byOffset.get(i - 1).end()) {
                throw malformed("PAC buffers of types " + byOffset.get(i - 1).type() + " and "
                        + byOffset.get(i).type() + " overlap");
            }
        }
    }

    /**
     * The first buffer of {@code type}. [MS-PAC] 2.4: a PAC has one buffer of each type this server reads, and
     * further ones MUST be ignored; the signatures cover them all the same.
     */
    Optional<Buffer> first(int type) {
        return buffers.stream().filter(b -> b.type() == type).findFirst();
    }

    /** A copy of the whole PAC. */
    byte[] copy() {
        return bytes.clone();
    }

    static KerberosException malformed(String reason) {
        return new KerberosException("malformed PAC: " + reason);
    }

    /** Little-endian reads; the caller has checked the range. */
    static final class Le {
        private Le() {
        }

        static int u16(byte[] b, int at) {
            return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
        }

        static long u32(byte[] b, int at) {
            return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
        }

        /** A ULONG64; values of 2^63 and above come back negative, and so fail any range check. */
        static long u64(byte[] b, int at) {
            return u32(b, at) | u32(b, at + 4) << 32;
        }
    }
}
