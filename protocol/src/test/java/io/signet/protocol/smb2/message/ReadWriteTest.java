package io.signet.protocol.smb2.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.protocol.smb2.Smb2Command;
import org.junit.jupiter.api.Test;

class ReadWriteTest extends MessageTestSupport {

    /** [MS-SMB2] 2.2.19 as Windows sends it: 64 KiB at 0x2000, Padding 0x50, and the one Buffer byte. */
    static final String READ_REQUEST = ""
            + "3100"            // StructureSize 49
            + "50"              // Padding 0x50
            + "00"              // Flags
            + "00000100"        // Length 65536
            + "0020000000000000" // Offset 0x2000
            + FILE_ID_HEX       // FileId
            + "00000000"        // MinimumCount
            + "00000000"        // Channel NONE
            + "00000000"        // RemainingBytes
            + "0000"            // ReadChannelInfoOffset
            + "0000"            // ReadChannelInfoLength
            + "00";             // Buffer

    /** [MS-SMB2] 2.2.20: "hello" at DataOffset 0x50. */
    static final String READ_RESPONSE = ""
            + "1100"            // StructureSize 17
            + "50"              // DataOffset 0x50
            + "00"              // Reserved
            + "05000000"        // DataLength 5
            + "00000000"        // DataRemaining
            + "00000000"        // Flags / Reserved2
            + "68656c6c6f";     // "hello"

    /** [MS-SMB2] 2.2.21: "hello" written through at 4096, data at 0x70. */
    static final String WRITE_REQUEST = ""
            + "3100"            // StructureSize 49
            + "7000"            // DataOffset 0x70
            + "05000000"        // Length 5
            + "0010000000000000" // Offset 4096
            + FILE_ID_HEX       // FileId
            + "00000000"        // Channel NONE
            + "00000000"        // RemainingBytes
            + "0000"            // WriteChannelInfoOffset
            + "0000"            // WriteChannelInfoLength
            + "01000000"        // Flags SMB2_WRITEFLAG_WRITE_THROUGH
            + "68656c6c6f";     // "hello"

    /** [MS-SMB2] 2.2.22. */
    static final String WRITE_RESPONSE = ""
            + "1100"            // StructureSize 17
            + "0000"            // Reserved
            + "05000000"        // Count 5
            + "00000000"        // Remaining
            + "0000"            // WriteChannelInfoOffset
            + "0000";           // WriteChannelInfoLength

    @Test
    void readRequestFixture() {
        ReadRequest request = ReadRequest.decode(message(Smb2Command.READ, READ_REQUEST));
        assertEquals(new ReadRequest(0x50, 0, 65536, 0x2000, FILE_ID, 0, Channel.NONE, 0, Unpooled.EMPTY_BUFFER),
                request);
        assertEquals(normalize(READ_REQUEST), bodyHex(encode(Smb2Command.READ, request::encode)));
    }

    @Test
    void readRequestWithoutTheBufferByteIsAccepted() {
        ReadRequest request = ReadRequest.decode(message(Smb2Command.READ, READ_REQUEST.substring(0, 96)));
        assertEquals(65536, request.length());
    }

    @Test
    void readRequestRoundTripsWithChannelInfo() {
        ReadRequest request = new ReadRequest(0, ReadRequest.READFLAG_READ_UNBUFFERED, 0xFFFFFFFFL, -1L, FILE_ID,
                0x80000000L, Channel.RDMA_V1, 1234, wrap("0102030405060708090a0b0c0d0e0f10"));
        ByteBuf msg = encode(Smb2Command.READ, request::encode);
        ReadRequest decoded = ReadRequest.decode(msg);
        assertEquals(request, decoded);
        assertEquals(0xFFFFFFFFL, decoded.length());
        assertEquals(0x80000000L, decoded.minimumCount());
    }

    @Test
    void readChannelInfoPastTheEndIsRejected() {
        String body = READ_REQUEST.substring(0, 88) + "7000" + "1000" + "00";
        assertRejected(Smb2Command.READ, body, ReadRequest::decode);
    }

    @Test
    void readResponseFixture() {
        ReadResponse response = new ReadResponse(wrap("68656c6c6f"));
        assertEquals(normalize(READ_RESPONSE), bodyHex(encode(Smb2Command.READ, response::encode)));
        ReadResponse decoded = ReadResponse.decode(message(Smb2Command.READ, READ_RESPONSE));
        assertEquals(response, decoded);
        assertEquals("hello", decoded.data().toString(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void readResponseEncodeLeavesTheSourceUntouched() {
        ByteBuf data = wrap("00112233445566778899");
        data.readerIndex(2);
        ReadResponse response = new ReadResponse(data, 7, ReadResponse.RESPONSE_RDMA_TRANSFORM);
        ByteBuf msg = encode(Smb2Command.READ, response::encode);
        assertEquals(2, data.readerIndex());
        assertEquals(ReadResponse.DATA_OFFSET + 8, msg.readableBytes());
        assertEquals(response, ReadResponse.decode(msg));
    }

    @Test
    void fixedPartAloneLeavesRoomForDataWrittenInPlace() {
        ByteBuf msg = encode(Smb2Command.READ, out -> ReadResponse.encodeFixedPart(out, 5, 0, 0));
        assertEquals(ReadResponse.DATA_OFFSET, msg.readableBytes());
        msg.writeBytes(hex("68656c6c6f"));
        assertEquals(normalize(READ_RESPONSE), bodyHex(msg));
    }

    @Test
    void readResponseDataPastTheEndIsRejected() {
        assertRejected(Smb2Command.READ, READ_RESPONSE.replace("05000000", "06000000"), ReadResponse::decode);
        assertRejected(Smb2Command.READ, READ_RESPONSE.replace("1100" + "50", "1100" + "40"), ReadResponse::decode);
    }

    @Test
    void writeRequestFixture() {
        ByteBuf msg = message(Smb2Command.WRITE, WRITE_REQUEST);
        WriteRequest request = WriteRequest.decode(msg);
        assertEquals(4096, request.offset());
        assertEquals(FILE_ID, request.fileId());
        assertEquals(Channel.NONE, request.channel());
        assertEquals(WriteRequest.WRITEFLAG_WRITE_THROUGH, request.flags());
        assertEquals("68656c6c6f", ByteBufUtil.hexDump(request.data()));
        assertFalse(request.writeChannelInfo().isReadable());
        assertEquals(normalize(WRITE_REQUEST), bodyHex(encode(Smb2Command.WRITE, request::encode)));
    }

    @Test
    void writeDataIsASliceOfTheMessageNotACopy() {
        ByteBuf msg = message(Smb2Command.WRITE, WRITE_REQUEST);
        ByteBuf data = WriteRequest.decode(msg).data();
        msg.setByte(WriteRequest.DATA_OFFSET, 'j');
        assertEquals('j', data.getByte(data.readerIndex()));
    }

    @Test
    void writeRequestRoundTripsWithChannelInfo() {
        WriteRequest request = new WriteRequest(Long.MIN_VALUE, FILE_ID, Channel.RDMA_V1_INVALIDATE, 65536,
                WriteRequest.WRITEFLAG_WRITE_UNBUFFERED, wrap("aabbccddeeff00112233445566778899"), wrap("010203"));
        assertEquals(request, WriteRequest.decode(encode(Smb2Command.WRITE, request::encode)));
    }

    @Test
    void writeLengthPastTheEndIsRejected() {
        assertRejected(Smb2Command.WRITE, WRITE_REQUEST.replace("7000" + "05000000", "7000" + "06000000"),
                WriteRequest::decode);
        assertRejected(Smb2Command.WRITE, WRITE_REQUEST.replace("7000" + "05000000", "7000" + "ffffffff"),
                WriteRequest::decode);
    }

    @Test
    void writeDataOffsetPastTheEndOrIntoTheHeaderIsRejected() {
        assertRejected(Smb2Command.WRITE, WRITE_REQUEST.replace("7000" + "05000000", "7100" + "05000000"),
                WriteRequest::decode);
        assertRejected(Smb2Command.WRITE, WRITE_REQUEST.replace("7000" + "05000000", "1000" + "05000000"),
                WriteRequest::decode);
    }

    @Test
    void writeChannelInfoPastTheEndIsRejected() {
        assertRejected(Smb2Command.WRITE, WRITE_REQUEST.replace("0000" + "0000" + "01000000",
                "7000" + "0800" + "01000000"), WriteRequest::decode);
    }

    @Test
    void writeResponseFixture() {
        WriteResponse response = new WriteResponse(5);
        assertEquals(normalize(WRITE_RESPONSE), bodyHex(encode(Smb2Command.WRITE, response::encode)));
        assertEquals(response, WriteResponse.decode(message(Smb2Command.WRITE, WRITE_RESPONSE)));
        WriteResponse big = new WriteResponse(0xFFFFFFFFL);
        assertEquals(big, WriteResponse.decode(encode(Smb2Command.WRITE, big::encode)));
    }

    @Test
    void dataLengthAndCountAreReadInPlaceAtTheMessageStart() {
        ByteBuf frame = Unpooled.buffer();
        try {
            frame.writeZero(12); // what precedes the message in a frame: a Direct TCP header, an earlier response
            frame.writeBytes(message(Smb2Command.READ, READ_RESPONSE));
            assertEquals(5, ReadResponse.dataLength(frame, 12));
            frame.clear().writeZero(8);
            frame.writeBytes(encode(Smb2Command.WRITE, new WriteResponse(0xFFFFFFFFL)::encode));
            assertEquals(0xFFFFFFFFL, WriteResponse.count(frame, 8));
        } finally {
            frame.release();
        }
    }

    @Test
    void wrongStructureSizesAreRejected() {
        assertRejected(Smb2Command.READ, "3000" + READ_REQUEST.substring(4), ReadRequest::decode);
        assertRejected(Smb2Command.READ, "1000" + READ_RESPONSE.substring(4), ReadResponse::decode);
        assertRejected(Smb2Command.WRITE, "3000" + WRITE_REQUEST.substring(4), WriteRequest::decode);
        assertRejected(Smb2Command.WRITE, "1000" + WRITE_RESPONSE.substring(4), WriteResponse::decode);
        assertRejected(Smb2Command.READ, READ_REQUEST.substring(0, 94), ReadRequest::decode);
        assertRejected(Smb2Command.WRITE, WRITE_RESPONSE.substring(0, 30), WriteResponse::decode);
    }
}
