package io.signet.protocol.smb2.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.smb2.Smb2Command;
import org.junit.jupiter.api.Test;

class QueryDirectoryTest extends MessageTestSupport {

    /** [MS-SMB2] 2.2.33: FileIdBothDirectoryInformation (37) for "*", restarting the scan. */
    static final String REQUEST = ""
            + "2100"            // StructureSize 33
            + "25"              // FileInformationClass 37
            + "01"              // Flags SMB2_RESTART_SCANS
            + "00000000"        // FileIndex
            + FILE_ID_HEX       // FileId
            + "6000"            // FileNameOffset 0x60
            + "0200"            // FileNameLength 2
            + "00000100"        // OutputBufferLength 65536
            + "2a00";           // "*"

    /** [MS-SMB2] 2.2.34: eight bytes of entries at 0x48. */
    static final String RESPONSE = ""
            + "0900"            // StructureSize 9
            + "4800"            // OutputBufferOffset 0x48
            + "08000000"        // OutputBufferLength 8
            + "0001020304050607";

    @Test
    void requestFixtureDecodesAndEncodesBack() {
        QueryDirectoryRequest request = QueryDirectoryRequest.decode(message(Smb2Command.QUERY_DIRECTORY, REQUEST));
        assertEquals(new QueryDirectoryRequest(37, QueryDirectoryRequest.RESTART_SCANS, 0, FILE_ID, "*", 65536),
                request);
        assertTrue(request.hasFlag(QueryDirectoryRequest.RESTART_SCANS));
        assertFalse(request.hasFlag(QueryDirectoryRequest.REOPEN));
        assertEquals(normalize(REQUEST), bodyHex(encode(Smb2Command.QUERY_DIRECTORY, request::encode)));
    }

    @Test
    void requestRoundTrips() {
        QueryDirectoryRequest request = new QueryDirectoryRequest(3,
                QueryDirectoryRequest.INDEX_SPECIFIED | QueryDirectoryRequest.RETURN_SINGLE_ENTRY
                        | QueryDirectoryRequest.REOPEN, -2, FILE_ID, "*.tx?", 0xFFFFFFFFL);
        assertEquals(request, QueryDirectoryRequest.decode(encode(Smb2Command.QUERY_DIRECTORY, request::encode)));
        QueryDirectoryRequest noPattern = new QueryDirectoryRequest(1, 0, 0, FILE_ID, "", 1024);
        assertEquals(noPattern,
                QueryDirectoryRequest.decode(encode(Smb2Command.QUERY_DIRECTORY, noPattern::encode)));
    }

    @Test
    void fileNamePastTheEndOrIntoTheFixedPartIsRejected() {
        assertRejected(Smb2Command.QUERY_DIRECTORY, REQUEST.replace("6000" + "0200", "6000" + "0400"),
                QueryDirectoryRequest::decode);
        assertRejected(Smb2Command.QUERY_DIRECTORY, REQUEST.replace("6000" + "0200", "6200" + "0200"),
                QueryDirectoryRequest::decode);
        assertRejected(Smb2Command.QUERY_DIRECTORY, REQUEST.replace("6000" + "0200", "5e00" + "0200"),
                QueryDirectoryRequest::decode);
    }

    @Test
    void wrongStructureSizeIsRejected() {
        assertRejected(Smb2Command.QUERY_DIRECTORY, "2000" + REQUEST.substring(4), QueryDirectoryRequest::decode);
        assertRejected(Smb2Command.QUERY_DIRECTORY, "0800" + RESPONSE.substring(4), QueryDirectoryResponse::decode);
    }

    @Test
    void responseFixtureEncodesAndDecodes() {
        QueryDirectoryResponse response = new QueryDirectoryResponse(wrap("0001020304050607"));
        assertEquals(normalize(RESPONSE), bodyHex(encode(Smb2Command.QUERY_DIRECTORY, response::encode)));
        assertEquals(response, QueryDirectoryResponse.decode(message(Smb2Command.QUERY_DIRECTORY, RESPONSE)));
    }

    @Test
    void emptyResponseRoundTrips() {
        QueryDirectoryResponse response = new QueryDirectoryResponse(Unpooled.EMPTY_BUFFER);
        ByteBuf msg = encode(Smb2Command.QUERY_DIRECTORY, response::encode);
        assertEquals(response, QueryDirectoryResponse.decode(msg));
    }

    @Test
    void responseOutputPastTheEndIsRejected() {
        assertRejected(Smb2Command.QUERY_DIRECTORY, RESPONSE.replace("08000000", "09000000"),
                QueryDirectoryResponse::decode);
        assertRejected(Smb2Command.QUERY_DIRECTORY, RESPONSE.replace("4800", "4000"),
                QueryDirectoryResponse::decode);
    }
}
