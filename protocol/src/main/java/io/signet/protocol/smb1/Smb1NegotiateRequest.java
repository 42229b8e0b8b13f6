package io.signet.protocol.smb1;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * [MS-CIFS] 2.2.4.52.1 SMB_COM_NEGOTIATE request, as [MS-SMB2] 3.3.5.3 reads it from a client that starts a connection
 * with SMB1: the 32-byte SMB1 header, WordCount, ByteCount, then dialect strings, each a BufferFormat byte 0x02 and a
 * NUL-terminated ASCII name.
 *
 * <p>Only the dialect names are kept: the header's other fields mean nothing to an SMB2 server. The walk over the
 * strings stops, without failing, at the first entry that is not a well-formed dialect string or at ByteCount, as the
 * server only looks for the SMB2 names among them.
 *
 * @param dialects the dialect names in the client's order
 */
public record Smb1NegotiateRequest(List<String> dialects) {
    /** 0xFF 'S' 'M' 'B' read little-endian. */
    public static final int PROTOCOL_ID = 0x424D53FF;
    public static final int HEADER_SIZE = 32;
    public static final int SMB_COM_NEGOTIATE = 0x72;
    /** [MS-SMB2] 3.3.5.3.1: the client also speaks SMB 2.1 or later. */
    public static final String SMB2_WILDCARD = "SMB 2.???";
    /** [MS-SMB2] 3.3.5.3.1: the client speaks SMB 2.0.2. */
    public static final String SMB2_002 = "SMB 2.002";

    private static final int COMMAND = 4;
    private static final int BUFFER_FORMAT_DIALECT = 0x02;
    /** WordCount (1 byte) and ByteCount (2 bytes) after the header. */
    private static final int PARAMETERS = 3;

    public Smb1NegotiateRequest {
        dialects = List.copyOf(dialects);
    }

    /** Whether {@code msg}, from its reader index, holds an SMB1 header with Command SMB_COM_NEGOTIATE and counts. */
    public static boolean isNegotiate(ByteBuf msg) {
        return msg.readableBytes() >= HEADER_SIZE + PARAMETERS
                && msg.getUnsignedByte(msg.readerIndex() + COMMAND) == SMB_COM_NEGOTIATE;
    }

    public boolean offers(String dialect) {
        return dialects.contains(dialect);
    }

    /** Decodes the dialect strings; {@code msg} must pass {@link #isNegotiate}. Indices are not moved. */
    public static Smb1NegotiateRequest decode(ByteBuf msg) {
        if (!isNegotiate(msg)) {
            throw new IllegalArgumentException("not an SMB1 NEGOTIATE request");
        }
        int r = msg.readerIndex();
        int byteCount = msg.getUnsignedShortLE(r + HEADER_SIZE + 1);  // WordCount (1 byte), ByteCount (2 bytes)
        int pos = r + HEADER_SIZE + PARAMETERS;
        int end = Math.min(msg.writerIndex(), pos + byteCount);
        List<String> dialects = new ArrayList<>();
        while (pos < end) {
            if (msg.getByte(pos) != BUFFER_FORMAT_DIALECT) {             // BufferFormat (1 byte)
                break;
            }
            int nul = msg.indexOf(pos + 1, end, (byte) 0);
            if (nul < 0) {
                break;
            }
            dialects.add(msg.toString(pos + 1, nul - pos - 1, StandardCharsets.US_ASCII)); // DialectString
            pos = nul + 1;
        }
        return new Smb1NegotiateRequest(dialects);
    }

    /** Client-side encoding, for tests: a header with only ProtocolId and Command set, WordCount 0. */
    public void encode(ByteBuf out) {
        out.writeIntLE(PROTOCOL_ID);                                 // Protocol (4 bytes)
        out.writeByte(SMB_COM_NEGOTIATE);                            // Command (1 byte)
        out.writeZero(HEADER_SIZE - 5);                              // the rest of the SMB1 header
        out.writeByte(0);                                            // WordCount (1 byte)
        int byteCountIndex = out.writerIndex();
        out.writeShortLE(0);                                         // ByteCount (2 bytes), patched below
        int start = out.writerIndex();
        for (String d : dialects) {
            out.writeByte(BUFFER_FORMAT_DIALECT);                    // BufferFormat (1 byte)
            out.writeCharSequence(d, StandardCharsets.US_ASCII);     // DialectString
            out.writeByte(0);                                        // NUL
        }
        out.setShortLE(byteCountIndex, out.writerIndex() - start);
    }
}
