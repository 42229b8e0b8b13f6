package io.signet.protocol.smb2.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.protocol.fsctl.CtlCode;
import io.signet.protocol.fsctl.ValidateNegotiateInfoRequest;
import io.signet.protocol.fsctl.ValidateNegotiateInfoResponse;
import io.signet.protocol.smb2.Smb2Command;
import org.junit.jupiter.api.Test;

class IoctlTest extends MessageTestSupport {

    static final String CLIENT_GUID_HEX = "0102030405060708090a0b0c0d0e0f10";
    static final String SERVER_GUID_HEX = "a1a2a3a4b1b2c1c2d1d2d3d4d5d6d7d8";

    /** [MS-SMB2] 2.2.31.4 offering 2.0.2, 2.1, 3.0 and 3.0.2. */
    static final String VALIDATE_REQUEST = ""
            + "7f000000"        // Capabilities
            + CLIENT_GUID_HEX   // Guid
            + "0100"            // SecurityMode SIGNING_ENABLED
            + "0400"            // DialectCount 4
            + "0202" + "1002" + "0003" + "0203"; // Dialects

    /**
     * [MS-SMB2] 2.2.31 carrying VALIDATE_NEGOTIATE_INFO the way Windows sends it: FileId all ones, input at 0x78,
     * OutputOffset just past the input with OutputCount 0.
     */
    static final String REQUEST = ""
            + "3900"            // StructureSize 57
            + "0000"            // Reserved
            + "04021400"        // CtlCode FSCTL_VALIDATE_NEGOTIATE_INFO
            + FILE_ID_ANY_HEX   // FileId
            + "78000000"        // InputOffset 0x78
            + "20000000"        // InputCount 32
            + "00000000"        // MaxInputResponse
            + "98000000"        // OutputOffset 0x98
            + "00000000"        // OutputCount
            + "18000000"        // MaxOutputResponse 24
            + "01000000"        // Flags SMB2_0_IOCTL_IS_FSCTL
            + "00000000"        // Reserved2
            + VALIDATE_REQUEST;

    /** [MS-SMB2] 2.2.32.6 for dialect 3.0.2 with signing required. */
    static final String VALIDATE_RESPONSE = ""
            + "01000000"        // Capabilities DFS
            + SERVER_GUID_HEX   // Guid
            + "0300"            // SecurityMode SIGNING_ENABLED | SIGNING_REQUIRED
            + "0203";           // Dialect 3.0.2

    /** [MS-SMB2] 2.2.32: InputOffset at the Buffer even with no input, OutputOffset the same rounded up to 8. */
    static final String RESPONSE = ""
            + "3100"            // StructureSize 49
            + "0000"            // Reserved
            + "04021400"        // CtlCode FSCTL_VALIDATE_NEGOTIATE_INFO
            + FILE_ID_ANY_HEX   // FileId
            + "70000000"        // InputOffset 0x70
            + "00000000"        // InputCount
            + "70000000"        // OutputOffset 0x70
            + "18000000"        // OutputCount 24
            + "00000000"        // Flags
            + "00000000"        // Reserved2
            + VALIDATE_RESPONSE;

    @Test
    void requestFixtureDecodes() {
        IoctlRequest request = IoctlRequest.decode(message(Smb2Command.IOCTL, REQUEST));
        assertEquals(CtlCode.FSCTL_VALIDATE_NEGOTIATE_INFO, request.ctlCode());
        assertTrue(request.fileId().isAny());
        assertTrue(request.isFsctl());
        assertEquals(0, request.maxInputResponse());
        assertEquals(24, request.maxOutputResponse());
        assertEquals(0, request.output().readableBytes());
        assertEquals(normalize(VALIDATE_REQUEST), ByteBufUtil.hexDump(request.input()));

        ValidateNegotiateInfoRequest validate = ValidateNegotiateInfoRequest.decode(request.input());
        assertEquals(0x7f, validate.capabilities());
        assertArrayEquals(hex(CLIENT_GUID_HEX), validate.guid());
        assertEquals(1, validate.securityMode());
        assertArrayEquals(new int[] {0x0202, 0x0210, 0x0300, 0x0302}, validate.dialects());
    }

    @Test
    void requestRoundTripsWithBothBuffers() {
        IoctlRequest request = new IoctlRequest(CtlCode.FSCTL_PIPE_TRANSCEIVE, FILE_ID, wrap("0500000310000000"),
                0, wrap("0102030405"), 4280, IoctlRequest.IS_FSCTL);
        ByteBuf msg = encode(Smb2Command.IOCTL, request::encode);
        assertEquals(request, IoctlRequest.decode(msg));
        // Input at 0x78, 8 bytes; output at the next 8-byte boundary, 0x80.
        assertEquals(0x78, msg.getIntLE(64 + 24));
        assertEquals(0x80, msg.getIntLE(64 + 36));
    }

    @Test
    void requestWithoutBuffersRoundTrips() {
        IoctlRequest request = new IoctlRequest(CtlCode.FSCTL_QUERY_NETWORK_INTERFACE_INFO, FileId.ANY,
                Unpooled.EMPTY_BUFFER, 0, Unpooled.EMPTY_BUFFER, 0xFFFFFFFFL, 0);
        assertEquals(request, IoctlRequest.decode(encode(Smb2Command.IOCTL, request::encode)));
    }

    @Test
    void responseEncodesToTheFixtureAndDecodes() {
        ByteBuf output = track(Unpooled.buffer());
        new ValidateNegotiateInfoResponse(1, hex(SERVER_GUID_HEX), 3, 0x0302).encode(output);
        IoctlResponse response = new IoctlResponse(CtlCode.FSCTL_VALIDATE_NEGOTIATE_INFO, FileId.ANY, output);
        assertEquals(normalize(RESPONSE), bodyHex(encode(Smb2Command.IOCTL, response::encode)));

        IoctlResponse decoded = IoctlResponse.decode(message(Smb2Command.IOCTL, RESPONSE));
        assertEquals(response, decoded);
        ValidateNegotiateInfoResponse validate = ValidateNegotiateInfoResponse.decode(decoded.output());
        assertEquals(new ValidateNegotiateInfoResponse(1, hex(SERVER_GUID_HEX), 3, 0x0302), validate);
    }

    @Test
    void responseOutputFollowsInputOnAnEightByteBoundary() {
        IoctlResponse response = new IoctlResponse(CtlCode.FSCTL_SRV_COPYCHUNK, FILE_ID, wrap("010203"),
                wrap("0c000000" + "00000000" + "00000000"), 0);
        ByteBuf msg = encode(Smb2Command.IOCTL, response::encode);
        assertEquals(0x70, msg.getIntLE(64 + 24));
        assertEquals(0x78, msg.getIntLE(64 + 32));
        assertEquals(response, IoctlResponse.decode(msg));
    }

    @Test
    void inputPastTheEndIsRejected() {
        assertRejected(Smb2Command.IOCTL, REQUEST.replace("78000000" + "20000000", "78000000" + "21000000"),
                IoctlRequest::decode);
        assertRejected(Smb2Command.IOCTL, REQUEST.replace("78000000" + "20000000", "ffffffff" + "20000000"),
                IoctlRequest::decode);
    }

    @Test
    void inputInsideTheFixedPartIsRejected() {
        assertRejected(Smb2Command.IOCTL, REQUEST.replace("78000000" + "20000000", "70000000" + "20000000"),
                IoctlRequest::decode);
    }

    @Test
    void outputPastTheEndIsRejected() {
        assertRejected(Smb2Command.IOCTL, REQUEST.replace("98000000" + "00000000", "98000000" + "01000000"),
                IoctlRequest::decode);
        assertRejected(Smb2Command.IOCTL, RESPONSE.replace("70000000" + "18000000", "70000000" + "19000000"),
                IoctlResponse::decode);
    }

    @Test
    void wrongStructureSizesAreRejected() {
        assertRejected(Smb2Command.IOCTL, "3800" + REQUEST.substring(4), IoctlRequest::decode);
        assertRejected(Smb2Command.IOCTL, "3900" + RESPONSE.substring(4), IoctlResponse::decode);
    }

    @Test
    void validateNegotiateInfoRoundTrips() {
        ValidateNegotiateInfoRequest request = new ValidateNegotiateInfoRequest(0x45, hex(CLIENT_GUID_HEX), 2,
                new int[] {0x0300, 0x0302, 0x0311});
        ByteBuf buf = track(Unpooled.buffer());
        request.encode(buf);
        assertEquals(24 + 6, buf.readableBytes());
        assertEquals(request, ValidateNegotiateInfoRequest.decode(buf));
        assertEquals(0, buf.readerIndex());

        ValidateNegotiateInfoResponse response = new ValidateNegotiateInfoResponse(0x2f, hex(SERVER_GUID_HEX), 1,
                0x0300);
        ByteBuf out = track(Unpooled.buffer());
        response.encode(out);
        assertEquals(ValidateNegotiateInfoResponse.SIZE, out.readableBytes());
        assertEquals(response, ValidateNegotiateInfoResponse.decode(out));
    }

    @Test
    void validateNegotiateInfoResponseFixture() {
        assertEquals(new ValidateNegotiateInfoResponse(1, hex(SERVER_GUID_HEX), 3, 0x0302),
                ValidateNegotiateInfoResponse.decode(wrap(VALIDATE_RESPONSE)));
    }

    @Test
    void validateNegotiateInfoDecodesOnlyTheReadableBytes() {
        ByteBuf buf = wrap("eeee" + VALIDATE_REQUEST);
        buf.readerIndex(2);
        assertArrayEquals(new int[] {0x0202, 0x0210, 0x0300, 0x0302},
                ValidateNegotiateInfoRequest.decode(buf).dialects());
    }

    @Test
    void shortValidateNegotiateInfoIsRejected() {
        String fixed = VALIDATE_REQUEST.substring(0, 48);
        assertInvalidParameter(() -> ValidateNegotiateInfoRequest.decode(wrap(fixed.substring(0, 46))));
        // DialectCount 4 but only three dialects present.
        assertInvalidParameter(() -> ValidateNegotiateInfoRequest.decode(
                wrap(VALIDATE_REQUEST.substring(0, VALIDATE_REQUEST.length() - 4))));
        assertInvalidParameter(() -> ValidateNegotiateInfoResponse.decode(
                wrap(VALIDATE_RESPONSE.substring(0, 46))));
    }
}
