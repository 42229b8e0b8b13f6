package io.signet.protocol.rpc;

import io.netty.buffer.ByteBuf;

import java.util.Objects;

/**
 * [C706] 12.6.3.1 p_syntax_id_t: an interface or transfer syntax UUID and its version. The 32-bit if_version carries
 * the major version in its low 16 bits and the minor version in its high 16 bits.
 */
public record SyntaxId(Uuid uuid, int versionMajor, int versionMinor) {
    public static final int SIZE = 20;

    /** The NDR 2.0 transfer syntax ([C706] Appendix I, [MS-RPCE] 2.2.4.12). */
    public static final SyntaxId NDR20 = new SyntaxId(Uuid.parse("8a885d04-1ceb-11c9-9fe8-08002b104860"), 2, 0);
    /** The NDR64 transfer syntax ([MS-RPCE] 2.2.4.12), which Signet does not speak. */
    public static final SyntaxId NDR64 = new SyntaxId(Uuid.parse("71710533-beba-4937-8319-b5dbef9ccc36"), 1, 0);
    /** The all-zero syntax written into a result that accepted nothing. */
    public static final SyntaxId NONE = new SyntaxId(new Uuid(0, 0), 0, 0);

    public SyntaxId {
        Objects.requireNonNull(uuid, "uuid");
        if ((versionMajor & ~0xFFFF) != 0 || (versionMinor & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("versions are 16-bit: " + versionMajor + "." + versionMinor);
        }
    }

    public static SyntaxId decode(ByteBuf buf) {
        Uuid uuid = Uuid.decode(buf);
        int version = buf.readIntLE();
        return new SyntaxId(uuid, version & 0xFFFF, version >>> 16);
    }

    public void encode(ByteBuf buf) {
        uuid.encode(buf); // if_uuid (16 bytes)
        buf.writeIntLE(versionMinor << 16 | versionMajor); // if_version (4 bytes)
    }

    /**
     * [MS-RPCE] 3.3.1.5.3: a transfer syntax whose UUID starts 6cb71c2c-9812-4540 asks for bind time feature
     * negotiation; the eight octets after that prefix are the BindTimeFeatureNegotiationBitmask (2.2.2.14).
     */
    public boolean isBindTimeFeatureNegotiation() {
        return uuid.mostSignificant() == 0x6cb71c2c98124540L;
    }

    /**
     * The defined bits of a bind time feature negotiation syntax's bitmask ([MS-RPCE] 2.2.2.14: 0x01 security context
     * multiplexing, 0x02 keep connection on orphan), from the first two of its eight octets, little-endian.
     */
    public int featureNegotiationBitmask() {
        long lsb = uuid.leastSignificant();
        return (int) ((lsb >>> 56) & 0xFF | ((lsb >>> 48) & 0xFF) << 8);
    }
}
