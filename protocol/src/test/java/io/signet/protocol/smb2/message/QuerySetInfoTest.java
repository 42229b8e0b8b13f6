package io.signet.protocol.smb2.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.protocol.dtyp.SecurityInformation;
import io.signet.protocol.smb2.Smb2Command;
import org.junit.jupiter.api.Test;

class QuerySetInfoTest extends MessageTestSupport {

    /** [MS-SMB2] 2.2.37 for FileAllInformation (18), no input; Windows points InputBufferOffset at 0x68 anyway. */
    static final String QUERY_REQUEST = ""
            + "2900"            // StructureSize 41
            + "01"              // InfoType SMB2_0_INFO_FILE
            + "12"              // FileInfoClass 18
            + "00100000"        // OutputBufferLength 4096
            + "6800"            // InputBufferOffset 0x68
            + "0000"            // Reserved
            + "00000000"        // InputBufferLength
            + "00000000"        // AdditionalInformation
            + "00000000"        // Flags
            + FILE_ID_HEX;      // FileId

    /** FileFullEaInformation (15) restricted by an EA list: one [MS-FSCC] 2.4.15.1 entry for "user.a". */
    static final String QUERY_EA_REQUEST = ""
            + "2900" + "01"
            + "0f"              // FileInfoClass 15
            + "00020000"        // OutputBufferLength 512
            + "6800" + "0000"   // InputBufferOffset 0x68
            + "0c000000"        // InputBufferLength 12
            + "00000000"        // AdditionalInformation
            + "01000000"        // Flags SL_RESTART_SCAN
            + FILE_ID_HEX
            + "00000000" + "06" + "757365722e61" + "00"; // NextEntryOffset, EaNameLength 6, "user.a", NUL

    /** [MS-SMB2] 2.2.38 with a 24-byte FileStandardInformation. */
    static final String QUERY_RESPONSE = ""
            + "0900"            // StructureSize 9
            + "4800"            // OutputBufferOffset 0x48
            + "18000000"        // OutputBufferLength 24
            + "0010000000000000" + "0500000000000000" + "01000000" + "00" + "00" + "0000";

    /** [MS-SMB2] 2.2.39 setting FileEndOfFileInformation (20) to 4096. */
    static final String SET_REQUEST = ""
            + "2100"            // StructureSize 33
            + "01"              // InfoType SMB2_0_INFO_FILE
            + "14"              // FileInfoClass 20
            + "08000000"        // BufferLength 8
            + "6000"            // BufferOffset 0x60
            + "0000"            // Reserved
            + "00000000"        // AdditionalInformation
            + FILE_ID_HEX       // FileId
            + "0010000000000000"; // EndOfFile 4096

    @Test
    void queryRequestFixtureDecodes() {
        QueryInfoRequest request = QueryInfoRequest.decode(message(Smb2Command.QUERY_INFO, QUERY_REQUEST));
        assertEquals(new QueryInfoRequest(QueryInfoRequest.INFO_FILE, 18, 4096, 0, 0, FILE_ID, Unpooled.EMPTY_BUFFER),
                request);
        assertFalse(request.input().isReadable());
    }

    @Test
    void queryRequestWithInputFixtureDecodesAndEncodesBack() {
        QueryInfoRequest request = QueryInfoRequest.decode(message(Smb2Command.QUERY_INFO, QUERY_EA_REQUEST));
        assertEquals(15, request.fileInfoClass());
        assertEquals(512, request.outputBufferLength());
        assertEquals(QueryInfoRequest.SL_RESTART_SCAN, request.flags());
        assertEquals("00000000" + "06" + "757365722e61" + "00", ByteBufUtil.hexDump(request.input()));
        assertEquals(normalize(QUERY_EA_REQUEST), bodyHex(encode(Smb2Command.QUERY_INFO, request::encode)));
    }

    @Test
    void queryRequestRoundTrips() {
        QueryInfoRequest security = new QueryInfoRequest(QueryInfoRequest.INFO_SECURITY, 0, 0xFFFFFFFFL,
                SecurityInformation.OWNER_SECURITY_INFORMATION | SecurityInformation.GROUP_SECURITY_INFORMATION
                        | SecurityInformation.DACL_SECURITY_INFORMATION, 0, FILE_ID, Unpooled.EMPTY_BUFFER);
        assertEquals(security, QueryInfoRequest.decode(encode(Smb2Command.QUERY_INFO, security::encode)));
        QueryInfoRequest quota = new QueryInfoRequest(QueryInfoRequest.INFO_QUOTA, 0, 1024, 0,
                QueryInfoRequest.SL_RETURN_SINGLE_ENTRY, FileId.ANY, wrap("0000000000000000" + "0000000000000000"));
        assertEquals(quota, QueryInfoRequest.decode(encode(Smb2Command.QUERY_INFO, quota::encode)));
    }

    @Test
    void queryInputPastTheEndIsRejected() {
        assertRejected(Smb2Command.QUERY_INFO, QUERY_EA_REQUEST.replace("0c000000", "0d000000"),
                QueryInfoRequest::decode);
        assertRejected(Smb2Command.QUERY_INFO, QUERY_EA_REQUEST.replace("6800" + "0000", "6400" + "0000"),
                QueryInfoRequest::decode);
    }

    @Test
    void queryResponseFixtureEncodesAndDecodes() {
        QueryInfoResponse response = new QueryInfoResponse(
                wrap("0010000000000000" + "0500000000000000" + "01000000" + "00" + "00" + "0000"));
        assertEquals(normalize(QUERY_RESPONSE), bodyHex(encode(Smb2Command.QUERY_INFO, response::encode)));
        assertEquals(response, QueryInfoResponse.decode(message(Smb2Command.QUERY_INFO, QUERY_RESPONSE)));
        assertRejected(Smb2Command.QUERY_INFO, QUERY_RESPONSE.replace("18000000", "19000000"),
                QueryInfoResponse::decode);
    }

    @Test
    void setRequestFixtureDecodesAndEncodesBack() {
        SetInfoRequest request = SetInfoRequest.decode(message(Smb2Command.SET_INFO, SET_REQUEST));
        assertEquals(new SetInfoRequest(QueryInfoRequest.INFO_FILE, 20, 0, FILE_ID, wrap("0010000000000000")),
                request);
        assertEquals(normalize(SET_REQUEST), bodyHex(encode(Smb2Command.SET_INFO, request::encode)));
    }

    @Test
    void setRequestRoundTrips() {
        SetInfoRequest request = new SetInfoRequest(QueryInfoRequest.INFO_SECURITY, 0,
                SecurityInformation.DACL_SECURITY_INFORMATION, FILE_ID, wrap("0100048400000000"));
        assertEquals(request, SetInfoRequest.decode(encode(Smb2Command.SET_INFO, request::encode)));
    }

    @Test
    void setBufferPastTheEndIsRejected() {
        assertRejected(Smb2Command.SET_INFO, SET_REQUEST.replace("08000000" + "6000", "09000000" + "6000"),
                SetInfoRequest::decode);
        assertRejected(Smb2Command.SET_INFO, SET_REQUEST.replace("08000000" + "6000", "08000000" + "6100"),
                SetInfoRequest::decode);
        assertRejected(Smb2Command.SET_INFO, SET_REQUEST.replace("08000000" + "6000", "08000000" + "0000"),
                SetInfoRequest::decode);
    }

    @Test
    void wrongStructureSizesAreRejected() {
        assertRejected(Smb2Command.QUERY_INFO, "2800" + QUERY_REQUEST.substring(4), QueryInfoRequest::decode);
        assertRejected(Smb2Command.QUERY_INFO, "1900" + QUERY_RESPONSE.substring(4), QueryInfoResponse::decode);
        assertRejected(Smb2Command.SET_INFO, "2000" + SET_REQUEST.substring(4), SetInfoRequest::decode);
        assertRejected(Smb2Command.QUERY_INFO, QUERY_REQUEST.substring(0, 78), QueryInfoRequest::decode);
    }
}
