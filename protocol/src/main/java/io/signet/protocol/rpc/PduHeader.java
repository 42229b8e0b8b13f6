package io.signet.protocol.rpc;

import io.netty.buffer.ByteBuf;

/**
 * [C706] 12.6.3.1, [MS-RPCE] 2.2.2: the common header of every connection-oriented PDU (16 bytes).
 *
 * @param versionMinor rpc_vers_minor (rpc_vers is always 5 here)
 * @param type PTYPE, one of the constants below
 * @param flags pfc_flags
 * @param dataRepresentation packed_drep, the 4 bytes read as a little-endian int
 * @param fragLength frag_length, the whole PDU including this header
 * @param authLength auth_length, the auth_value only (the 8-byte sec_trailer comes on top)
 * @param callId call_id
 */
public record PduHeader(int versionMinor, int type, int flags, int dataRepresentation, int fragLength,
                        int authLength, int callId) {
    public static final int SIZE = 16;
    public static final int RPC_VERSION = 5;

    public static final int REQUEST = 0;
    public static final int RESPONSE = 2;
    public static final int FAULT = 3;
    public static final int BIND = 11;
    public static final int BIND_ACK = 12;
    public static final int BIND_NAK = 13;
    public static final int ALTER_CONTEXT = 14;
    public static final int ALTER_CONTEXT_RESP = 15;
    public static final int AUTH3 = 16;
    public static final int SHUTDOWN = 17;
    public static final int CO_CANCEL = 18;
    public static final int ORPHANED = 19;

    public static final int PFC_FIRST_FRAG = 0x01;
    public static final int PFC_LAST_FRAG = 0x02;
    public static final int PFC_DID_NOT_EXECUTE = 0x20;
    public static final int PFC_OBJECT_UUID = 0x80;

    /** packed_drep for little-endian integers, ASCII characters and IEEE floats: 10 00 00 00 ([C706] 14.1). */
    public static final int DREP_LITTLE_ENDIAN_ASCII_IEEE = 0x10;

    /** Size of the sec_trailer that precedes auth_value ([MS-RPCE] 2.2.2.11). */
    public static final int SEC_TRAILER_SIZE = 8;

    /** Whether integers are little-endian (high nibble of the first drep byte is 1). */
    public static boolean isLittleEndian(int drep) {
        return (drep & 0xF0) == 0x10;
    }

    /**
     * Reads frag_length of the PDU starting at {@code index} without consuming anything; the caller has checked that
     * 10 bytes are there. A big-endian sender writes it big-endian, so the drep decides.
     */
    static int peekFragLength(ByteBuf buf, int index) {
        return isLittleEndian(buf.getUnsignedByte(index + 4))
                ? buf.getUnsignedShortLE(index + 8) : buf.getUnsignedShort(index + 8);
    }

    /** Reads the header at the reader index of {@code pdu}, which holds at least 16 bytes; integers per the drep. */
    public static PduHeader decode(ByteBuf pdu) {
        int start = pdu.readerIndex();
        int drep = pdu.getIntLE(start + 4);
        boolean le = isLittleEndian(drep);
        PduHeader header = new PduHeader(pdu.getUnsignedByte(start + 1), pdu.getUnsignedByte(start + 2),
                pdu.getUnsignedByte(start + 3), drep,
                le ? pdu.getUnsignedShortLE(start + 8) : pdu.getUnsignedShort(start + 8),
                le ? pdu.getUnsignedShortLE(start + 10) : pdu.getUnsignedShort(start + 10),
                le ? pdu.getIntLE(start + 12) : pdu.getInt(start + 12));
        pdu.skipBytes(SIZE);
        return header;
    }

    /** Writes a header whose frag_length is patched by {@link #finish}; returns the index the PDU starts at. */
    static int begin(ByteBuf out, int versionMinor, int type, int flags, int callId) {
        int start = out.writerIndex();
        out.writeByte(RPC_VERSION); // rpc_vers (1 byte)
        out.writeByte(versionMinor); // rpc_vers_minor (1 byte)
        out.writeByte(type); // PTYPE (1 byte)
        out.writeByte(flags); // pfc_flags (1 byte)
        out.writeIntLE(DREP_LITTLE_ENDIAN_ASCII_IEEE); // packed_drep (4 bytes)
        out.writeShortLE(0); // frag_length (2 bytes), patched by finish
        out.writeShortLE(0); // auth_length (2 bytes)
        out.writeIntLE(callId); // call_id (4 bytes)
        return start;
    }

    static void finish(ByteBuf out, int start) {
        out.setShortLE(start + 8, out.writerIndex() - start);
    }

    /** Pads with zeros so the next field is 4-byte aligned relative to the start of the PDU ([C706] 12.6.3). */
    static void pad4(ByteBuf out, int start) {
        out.writeZero(-(out.writerIndex() - start) & 3);
    }
}
