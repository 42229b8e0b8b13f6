package io.signet.protocol.smb2.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.signet.protocol.smb2.Smb2Command;
import org.junit.jupiter.api.Test;

class CloseFlushTest extends MessageTestSupport {

    /** [MS-SMB2] 2.2.15 with POSTQUERY_ATTRIB. */
    static final String CLOSE_REQUEST = ""
            + "1800"            // StructureSize 24
            + "0100"            // Flags SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB
            + "00000000"        // Reserved
            + FILE_ID_HEX;      // FileId

    /** [MS-SMB2] 2.2.16 answering POSTQUERY_ATTRIB. */
    static final String CLOSE_RESPONSE = ""
            + "3c00"            // StructureSize 60
            + "0100"            // Flags SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB
            + "00000000"        // Reserved
            + "e5d4c3b2a1c0d901" // CreationTime
            + "e6d4c3b2a1c0d901" // LastAccessTime
            + "e7d4c3b2a1c0d901" // LastWriteTime
            + "e8d4c3b2a1c0d901" // ChangeTime
            + "0010000000000000" // AllocationSize 4096
            + "d204000000000000" // EndofFile 1234
            + "20000000";       // FileAttributes ARCHIVE

    /** [MS-SMB2] 2.2.17. */
    static final String FLUSH_REQUEST = ""
            + "1800"            // StructureSize 24
            + "0000"            // Reserved1
            + "00000000"        // Reserved2
            + FILE_ID_HEX;

    @Test
    void closeRequestFixture() {
        CloseRequest request = CloseRequest.decode(message(Smb2Command.CLOSE, CLOSE_REQUEST));
        assertEquals(new CloseRequest(CloseRequest.POSTQUERY_ATTRIB, FILE_ID), request);
        assertEquals(normalize(CLOSE_REQUEST), bodyHex(encode(Smb2Command.CLOSE, request::encode)));
    }

    @Test
    void closeRequestRoundTrips() {
        CloseRequest request = new CloseRequest(0, FileId.ANY);
        assertEquals(request, CloseRequest.decode(encode(Smb2Command.CLOSE, request::encode)));
    }

    @Test
    void closeResponseFixture() {
        CloseResponse response = new CloseResponse(CloseRequest.POSTQUERY_ATTRIB, 0x01D9C0A1B2C3D4E5L,
                0x01D9C0A1B2C3D4E6L, 0x01D9C0A1B2C3D4E7L, 0x01D9C0A1B2C3D4E8L, 4096, 1234, 0x20);
        assertEquals(normalize(CLOSE_RESPONSE), bodyHex(encode(Smb2Command.CLOSE, response::encode)));
        assertEquals(response, CloseResponse.decode(message(Smb2Command.CLOSE, CLOSE_RESPONSE)));
    }

    @Test
    void closeResponseWithoutAttributesIsAllZero() {
        assertEquals("3c00" + "00".repeat(58),
                bodyHex(encode(Smb2Command.CLOSE, CloseResponse.WITHOUT_ATTRIBUTES::encode)));
        CloseResponse response = new CloseResponse(1, -1L, 2, 3, 4, Long.MAX_VALUE, 6, 0x10);
        assertEquals(response, CloseResponse.decode(encode(Smb2Command.CLOSE, response::encode)));
    }

    @Test
    void flushRequestFixture() {
        FlushRequest request = FlushRequest.decode(message(Smb2Command.FLUSH, FLUSH_REQUEST));
        assertEquals(new FlushRequest(FILE_ID), request);
        assertEquals(normalize(FLUSH_REQUEST), bodyHex(encode(Smb2Command.FLUSH, request::encode)));
        FlushRequest any = new FlushRequest(FileId.ANY);
        assertEquals(any, FlushRequest.decode(encode(Smb2Command.FLUSH, any::encode)));
    }

    @Test
    void malformedBodiesAreRejected() {
        assertRejected(Smb2Command.CLOSE, "1900" + CLOSE_REQUEST.substring(4), CloseRequest::decode);
        assertRejected(Smb2Command.CLOSE, CLOSE_REQUEST.substring(0, 40), CloseRequest::decode);
        assertRejected(Smb2Command.CLOSE, "3d00" + CLOSE_RESPONSE.substring(4), CloseResponse::decode);
        assertRejected(Smb2Command.CLOSE, CLOSE_RESPONSE.substring(0, 118), CloseResponse::decode);
        assertRejected(Smb2Command.FLUSH, "1000" + FLUSH_REQUEST.substring(4), FlushRequest::decode);
        assertRejected(Smb2Command.FLUSH, FLUSH_REQUEST.substring(0, 46), FlushRequest::decode);
    }
}
