package io.signet.protocol.smb2.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb2.Smb2Command;
import org.junit.jupiter.api.Test;

class TreeConnectTest extends MessageTestSupport {

    /** UTF-16LE of \\srv\share, 22 bytes. */
    static final String PATH_HEX = "5c005c00730072007600" + "5c0073006800610072006500";

    /** [MS-SMB2] 2.2.9: path right after the 8-byte fixed part, at 0x48. */
    static final String REQUEST = ""
            + "0900"            // StructureSize 9
            + "0000"            // Flags/Reserved
            + "4800"            // PathOffset 72
            + "1600"            // PathLength 22
            + PATH_HEX;

    /** [MS-SMB2] 2.2.9.1: the extension's 16-byte fixed part first, so PathName (and PathOffset) is at 0x58. */
    static final String REQUEST_WITH_EXTENSION = ""
            + "0900"
            + "0400"            // Flags: SMB2_TREE_CONNECT_FLAG_EXTENSION_PRESENT
            + "5800"            // PathOffset 88
            + "1600"            // PathLength 22
            + "00000000"        // TreeConnectContextOffset
            + "0000"            // TreeConnectContextCount
            + "00000000000000000000" // Reserved (10 bytes)
            + PATH_HEX;

    /** [MS-SMB2] 2.2.10 for a disk share with access-based enumeration and full access. */
    static final String RESPONSE = ""
            + "1000"            // StructureSize 16
            + "01"              // ShareType DISK
            + "00"              // Reserved
            + "00080000"        // ShareFlags ACCESS_BASED_DIRECTORY_ENUM
            + "00000000"        // Capabilities
            + "ff011f00";       // MaximalAccess 0x001F01FF

    @Test
    void requestFixtureDecodesAndEncodesBack() {
        TreeConnectRequest request = TreeConnectRequest.decode(message(Smb2Command.TREE_CONNECT, REQUEST));
        assertEquals(new TreeConnectRequest(0, "\\\\srv\\share"), request);
        assertEquals(normalize(REQUEST), bodyHex(encode(Smb2Command.TREE_CONNECT, request::encode)));
    }

    @Test
    void pathIsReadFromTheExtensionForm() {
        TreeConnectRequest request =
                TreeConnectRequest.decode(message(Smb2Command.TREE_CONNECT, REQUEST_WITH_EXTENSION));
        assertEquals("\\\\srv\\share", request.path());
        assertTrue(request.hasFlag(TreeConnectRequest.FLAG_EXTENSION_PRESENT));
        assertEquals(normalize(REQUEST_WITH_EXTENSION), bodyHex(encode(Smb2Command.TREE_CONNECT, request::encode)));
    }

    @Test
    void requestRoundTrips() {
        TreeConnectRequest request = new TreeConnectRequest(
                TreeConnectRequest.FLAG_REDIRECT_TO_OWNER, "\\\\server.example.com\\Données");
        ByteBuf msg = encode(Smb2Command.TREE_CONNECT, request::encode);
        assertEquals(request, TreeConnectRequest.decode(msg));
    }

    @Test
    void pathPastTheEndIsRejected() {
        assertRejected(Smb2Command.TREE_CONNECT, "0900 0000 4800 1800" + PATH_HEX, TreeConnectRequest::decode);
    }

    @Test
    void pathInsideTheFixedPartIsRejected() {
        assertRejected(Smb2Command.TREE_CONNECT, "0900 0000 4000 1600" + PATH_HEX, TreeConnectRequest::decode);
    }

    @Test
    void extensionFormPathOverlappingTheExtensionIsRejected() {
        String body = "0900 0400 4800 1600 00000000 0000 00000000000000000000" + PATH_HEX;
        assertRejected(Smb2Command.TREE_CONNECT, body, TreeConnectRequest::decode);
    }

    @Test
    void truncatedExtensionIsRejected() {
        assertRejected(Smb2Command.TREE_CONNECT, "0900 0400 5800 0000 00000000", TreeConnectRequest::decode);
    }

    @Test
    void oddPathLengthIsRejected() {
        assertRejected(Smb2Command.TREE_CONNECT, "0900 0000 4800 1500" + PATH_HEX, TreeConnectRequest::decode);
    }

    @Test
    void wrongStructureSizeIsRejected() {
        assertRejected(Smb2Command.TREE_CONNECT, "0800 0000 4800 1600" + PATH_HEX, TreeConnectRequest::decode);
    }

    @Test
    void responseFixtureEncodesAndDecodes() {
        TreeConnectResponse response = new TreeConnectResponse(TreeConnectResponse.SHARE_TYPE_DISK,
                TreeConnectResponse.SHAREFLAG_ACCESS_BASED_DIRECTORY_ENUM, 0, 0x001F01FF);
        assertEquals(normalize(RESPONSE), bodyHex(encode(Smb2Command.TREE_CONNECT, response::encode)));
        assertEquals(response, TreeConnectResponse.decode(message(Smb2Command.TREE_CONNECT, RESPONSE)));
    }

    @Test
    void responseRoundTrips() {
        TreeConnectResponse response = new TreeConnectResponse(TreeConnectResponse.SHARE_TYPE_PIPE,
                TreeConnectResponse.SHAREFLAG_NO_CACHING | TreeConnectResponse.SHAREFLAG_ENCRYPT_DATA,
                TreeConnectResponse.SHARE_CAP_DFS, 0x0012019F);
        assertEquals(response, TreeConnectResponse.decode(encode(Smb2Command.TREE_CONNECT, response::encode)));
    }

    @Test
    void truncatedResponseIsRejected() {
        assertRejected(Smb2Command.TREE_CONNECT, "1000 01 00 00080000 00000000 ff01", TreeConnectResponse::decode);
    }
}
