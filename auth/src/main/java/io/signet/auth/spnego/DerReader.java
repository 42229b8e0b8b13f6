package io.signet.auth.spnego;

import java.util.Arrays;

/**
 * A minimal, bounds-checked DER reader for the few structures SPNEGO needs (X.690 8.1, RFC 4178 4.2).
 *
 * <p>Everything that a peer controls is checked before use: a length must fit in the bytes that remain in the
 * enclosing element, the indefinite form and high tag numbers are refused, and each {@link #enter(Tlv)} counts one
 * level of nesting up to {@link #MAX_DEPTH}. Nothing is allocated from a length field: {@link #value(Tlv)} copies
 * bytes that are already in the input. The reader never recurses on its own, so hostile nesting cannot exhaust the
 * stack; structures are walked by the caller, which knows their shape.
 */
public final class DerReader {
    /** Deeper than any SPNEGO token needs (the NegTokenInit mechTypes list sits at depth 5). */
    public static final int MAX_DEPTH = 8;

    private final byte[] buf;
    private final int end;
    private final int depth;
    private final int maxDepth;
    private int pos;

    /** Reads the whole array; the array is borrowed, not copied, and must not change while the reader is used. */
    public DerReader(byte[] buf) {
        this(buf, 0, buf.length, 0, MAX_DEPTH);
    }

    /**
     * Reads the whole array and allows {@code maxDepth} levels of nesting, for structures deeper than SPNEGO's
     * (Kerberos messages nest about ten levels).
     */
    public DerReader(byte[] buf, int maxDepth) {
        this(buf, 0, buf.length, 0, maxDepth);
    }

    /** Reads {@code length} bytes of {@code buf} from {@code offset}, with {@code maxDepth} levels of nesting. */
    public DerReader(byte[] buf, int offset, int length, int maxDepth) {
        this(buf, checkRange(buf, offset, length), offset + length, 0, maxDepth);
    }

    private DerReader(byte[] buf, int start, int end, int depth, int maxDepth) {
        this.buf = buf;
        this.pos = start;
        this.end = end;
        this.depth = depth;
        this.maxDepth = maxDepth;
    }

    private static int checkRange(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || length > buf.length - offset) {
            throw new IndexOutOfBoundsException("range " + offset + "+" + length + " of " + buf.length + " bytes");
        }
        return offset;
    }

    public boolean hasMore() {
        return pos < end;
    }

    /** The identifier octet of the next element, without consuming it. */
    public int peekTag() throws DerFormatException {
        if (pos >= end) {
            throw new DerFormatException("expected a DER element at offset " + pos + ", but its container ended");
        }
        int tag = buf[pos] & 0xFF;
        if ((tag & 0x1F) == 0x1F) {
            // X.690 8.1.2.4: high tag numbers; nothing in SPNEGO uses them.
            throw new DerFormatException("high-tag-number form at offset " + pos + " is not used by SPNEGO");
        }
        return tag;
    }

    /** Reads the next element's identifier and length and skips over its contents. */
    public Tlv read() throws DerFormatException {
        int start = pos;
        int tag = peekTag();
        int p = pos + 1;
        if (p >= end) {
            throw new DerFormatException("element at offset " + start + " has no length octet");
        }
        int first = buf[p++] & 0xFF;
        long length;
        if (first < 0x80) {
            length = first; // X.690 8.1.3.4 short form
        } else {
            int count = first & 0x7F;
            if (count == 0) {
                throw new DerFormatException("indefinite length at offset " + start + " is not DER (X.690 10.1)");
            }
            if (count > 4) {
                throw new DerFormatException("length of " + count + " octets at offset " + start + " is too large");
            }
            if (end - p < count) {
                throw new DerFormatException("length octets at offset " + start + " run past the enclosing element");
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | (buf[p++] & 0xFF);
            }
        }
        if (length > end - p) {
            throw new DerFormatException("element at offset " + start + " claims " + length + " bytes but only "
                    + (end - p) + " remain");
        }
        pos = p + (int) length;
        return new Tlv(tag, start, p, (int) length);
    }

    /** Reads the next element and insists on its identifier octet. */
    public Tlv read(int expectedTag) throws DerFormatException {
        int tag = peekTag();
        if (tag != expectedTag) {
            throw new DerFormatException(String.format("expected tag 0x%02X at offset %d, found 0x%02X",
                    expectedTag, pos, tag));
        }
        return read();
    }

    /** A reader over a constructed element's contents, one nesting level deeper. */
    public DerReader enter(Tlv element) throws DerFormatException {
        if (!element.isConstructed()) {
            throw new DerFormatException(String.format("tag 0x%02X at offset %d is not constructed",
                    element.tag(), element.start()));
        }
        if (depth + 1 > maxDepth) {
            throw new DerFormatException("DER nesting deeper than " + maxDepth + " levels");
        }
        return new DerReader(buf, element.valueStart(), element.valueEnd(), depth + 1, maxDepth);
    }

    /** A copy of the element's contents octets. */
    public byte[] value(Tlv element) {
        return Arrays.copyOfRange(buf, element.valueStart(), element.valueEnd());
    }

    /** A copy of the element's whole encoding (identifier, length and contents) exactly as received. */
    public byte[] encoding(Tlv element) {
        return Arrays.copyOfRange(buf, element.start(), element.valueEnd());
    }

    /**
     * Reads the next field of a SEQUENCE of explicitly tagged, optional fields ([0], [1], ... in increasing order, as
     * RFC 4178's NegTokenInit and NegTokenResp are): checks that it is context-specific and constructed and that its
     * number is above {@code previous}.
     *
     * @return the field; its number is {@code tag() & 0x1F}
     */
    public Tlv readTaggedField(int previous, String structure) throws DerFormatException {
        Tlv field = read();
        int number = field.tag() & 0x1F;
        if ((field.tag() & 0xE0) != 0xA0) {
            throw new DerFormatException(String.format("unexpected tag 0x%02X in %s", field.tag(), structure));
        }
        if (number <= previous) {
            throw new DerFormatException(structure + " fields out of order or repeated at [" + number + "]");
        }
        return field;
    }

    /** Refuses trailing bytes after the last expected element. */
    public void expectEnd() throws DerFormatException {
        if (pos < end) {
            throw new DerFormatException((end - pos) + " unexpected trailing bytes at offset " + pos);
        }
    }
}
