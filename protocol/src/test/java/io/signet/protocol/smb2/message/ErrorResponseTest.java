package io.signet.protocol.smb2.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.signet.protocol.smb2.Smb2Command;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorResponseTest extends MessageTestSupport {

    /** [MS-SMB2] 2.2.2 with no data: Windows sends StructureSize 9 and a single zero ErrorData byte. */
    static final String EMPTY = ""
            + "0900"            // StructureSize 9
            + "00"              // ErrorContextCount
            + "00"              // Reserved
            + "00000000"        // ByteCount
            + "00";             // ErrorData: one zero byte

    /** STATUS_BUFFER_TOO_SMALL carries the required length, 32, as a 4-byte ErrorData. */
    static final String BUFFER_TOO_SMALL = ""
            + "0900" + "00" + "00"
            + "04000000"        // ByteCount 4
            + "20000000";       // ErrorData: 32

    /** SMB 3.1.1: two error contexts, the second starting 8-byte aligned (offset 16) within ErrorData. */
    static final String TWO_CONTEXTS = ""
            + "0900"
            + "02"              // ErrorContextCount 2
            + "00"
            + "1a000000"        // ByteCount 26
            + "04000000"        // [0] ErrorDataLength 4
            + "00000000"        // [0] ErrorId SMB2_ERROR_ID_DEFAULT
            + "20000000"        // [0] ErrorContextData
            + "00000000"        // padding to 16
            + "02000000"        // [1] ErrorDataLength 2
            + "53526472"        // [1] ErrorId SMB2_ERROR_ID_SHARE_REDIRECT 0x72645253
            + "abcd";           // [1] ErrorContextData

    @Test
    void emptyEncodesAsNineBytesWithTheTrailingZero() {
        assertEquals(normalize(EMPTY), bodyHex(encode(Smb2Command.CREATE, ErrorResponse.empty()::encode)));
        ErrorResponse decoded = ErrorResponse.decode(message(Smb2Command.CREATE, EMPTY));
        assertEquals(0, decoded.errorContextCount());
        assertEquals(0, decoded.errorData().readableBytes());
    }

    @Test
    void plainErrorDataRoundTrips() {
        ByteBuf data = wrap("20000000");
        ByteBuf encoded = encode(Smb2Command.QUERY_INFO, ErrorResponse.of(data)::encode);
        assertEquals(normalize(BUFFER_TOO_SMALL), bodyHex(encoded));
        ErrorResponse decoded = ErrorResponse.decode(encoded);
        assertEquals(0, decoded.errorContextCount());
        assertEquals(32, decoded.errorData().getIntLE(0));
        assertEquals(data, decoded.errorData());
    }

    @Test
    void errorContextsAreAlignedAndRoundTrip() {
        ErrorResponse response = ErrorResponse.ofContexts(List.of(
                new ErrorContext(ErrorContext.ERROR_ID_DEFAULT, wrap("20000000")),
                new ErrorContext(ErrorContext.ERROR_ID_SHARE_REDIRECT, wrap("abcd"))));
        ByteBuf encoded = encode(Smb2Command.TREE_CONNECT, response::encode);
        assertEquals(normalize(TWO_CONTEXTS), bodyHex(encoded));

        ErrorResponse decoded = ErrorResponse.decode(message(Smb2Command.TREE_CONNECT, TWO_CONTEXTS));
        assertEquals(2, decoded.errorContextCount());
        assertEquals(response.contexts(), decoded.contexts());
        assertEquals("abcd", ByteBufUtil.hexDump(decoded.contexts().get(1).data()));
        assertTrue(!decoded.errorData().isReadable());
    }

    @Test
    void byteCountPastTheEndIsRejected() {
        assertRejected(Smb2Command.CREATE, "0900 00 00 05000000 20000000", ErrorResponse::decode);
    }

    @Test
    void contextLengthPastByteCountIsRejected() {
        assertRejected(Smb2Command.CREATE, "0900 01 00 0c000000 05000000 00000000 20000000", ErrorResponse::decode);
    }

    @Test
    void moreContextsThanTheDataHoldsAreRejected() {
        assertRejected(Smb2Command.CREATE, "0900 02 00 0c000000 04000000 00000000 20000000", ErrorResponse::decode);
    }

    @Test
    void wrongStructureSizeIsRejected() {
        assertRejected(Smb2Command.CREATE, "0800 00 00 00000000 00", ErrorResponse::decode);
    }
}
