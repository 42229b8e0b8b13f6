package io.signet.protocol.smb2.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.protocol.smb2.Smb2Command;
import org.junit.jupiter.api.Test;

class ChangeNotifyTest extends MessageTestSupport {

    /** [MS-SMB2] 2.2.35 watching a tree for name, attribute and last-write changes. */
    static final String REQUEST = ""
            + "2000"            // StructureSize 32
            + "0100"            // Flags SMB2_WATCH_TREE
            + "00100000"        // OutputBufferLength 4096
            + FILE_ID_HEX       // FileId
            + "17000000"        // CompletionFilter FILE_NAME | DIR_NAME | ATTRIBUTES | LAST_WRITE
            + "00000000";       // Reserved

    /** [MS-SMB2] 2.2.36 carrying one [MS-FSCC] 2.7.1 FILE_NOTIFY_INFORMATION: a.txt added. */
    static final String RESPONSE = ""
            + "0900"            // StructureSize 9
            + "4800"            // OutputBufferOffset 0x48
            + "16000000"        // OutputBufferLength 22
            + "00000000"        // NextEntryOffset
            + "01000000"        // Action FILE_ACTION_ADDED
            + "0a000000"        // FileNameLength 10
            + "61002e00740078007400"; // "a.txt"

    @Test
    void requestFixtureDecodesAndEncodesBack() {
        ChangeNotifyRequest request = ChangeNotifyRequest.decode(message(Smb2Command.CHANGE_NOTIFY, REQUEST));
        int filter = ChangeNotifyRequest.FILE_NOTIFY_CHANGE_FILE_NAME | ChangeNotifyRequest.FILE_NOTIFY_CHANGE_DIR_NAME
                | ChangeNotifyRequest.FILE_NOTIFY_CHANGE_ATTRIBUTES | ChangeNotifyRequest.FILE_NOTIFY_CHANGE_LAST_WRITE;
        assertEquals(new ChangeNotifyRequest(ChangeNotifyRequest.WATCH_TREE, 4096, FILE_ID, filter), request);
        assertTrue(request.watchTree());
        assertEquals(normalize(REQUEST), bodyHex(encode(Smb2Command.CHANGE_NOTIFY, request::encode)));
    }

    @Test
    void requestRoundTrips() {
        ChangeNotifyRequest request = new ChangeNotifyRequest(0, 0xFFFFFFFFL, FILE_ID,
                ChangeNotifyRequest.FILE_NOTIFY_CHANGE_STREAM_WRITE | ChangeNotifyRequest.FILE_NOTIFY_CHANGE_SECURITY);
        ChangeNotifyRequest decoded =
                ChangeNotifyRequest.decode(encode(Smb2Command.CHANGE_NOTIFY, request::encode));
        assertEquals(request, decoded);
        assertFalse(decoded.watchTree());
    }

    @Test
    void responseFixtureEncodesAndDecodes() {
        ChangeNotifyResponse response = new ChangeNotifyResponse(
                wrap("00000000" + "01000000" + "0a000000" + utf16Hex("a.txt")));
        assertEquals(normalize(RESPONSE), bodyHex(encode(Smb2Command.CHANGE_NOTIFY, response::encode)));
        assertEquals(response, ChangeNotifyResponse.decode(message(Smb2Command.CHANGE_NOTIFY, RESPONSE)));
    }

    @Test
    void malformedBodiesAreRejected() {
        assertRejected(Smb2Command.CHANGE_NOTIFY, "2100" + REQUEST.substring(4), ChangeNotifyRequest::decode);
        assertRejected(Smb2Command.CHANGE_NOTIFY, REQUEST.substring(0, 62), ChangeNotifyRequest::decode);
        assertRejected(Smb2Command.CHANGE_NOTIFY, RESPONSE.replace("16000000", "17000000"),
                ChangeNotifyResponse::decode);
        assertRejected(Smb2Command.CHANGE_NOTIFY, "0a00" + RESPONSE.substring(4), ChangeNotifyResponse::decode);
    }
}
