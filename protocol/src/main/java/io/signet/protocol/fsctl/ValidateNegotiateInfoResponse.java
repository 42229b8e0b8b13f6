package io.signet.protocol.fsctl;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * [MS-SMB2] 2.2.32.6 VALIDATE_NEGOTIATE_INFO Response: the output buffer of the IOCTL, repeating what the server
 * answered in NEGOTIATE.
 *
 * @param capabilities the server's SMB2_GLOBAL_CAP_* bits
 * @param guid         the ServerGuid, 16 bytes as on the wire
 * @param securityMode SMB2_NEGOTIATE_SIGNING_* bits
 * @param dialect      the negotiated dialect code
 */
public record ValidateNegotiateInfoResponse(int capabilities, byte[] guid, int securityMode, int dialect) {
    /** Capabilities (4), Guid (16), SecurityMode (2), Dialect (2). */
    public static final int SIZE = 24;

    public ValidateNegotiateInfoResponse {
        if (guid.length != 16) {
            throw new IllegalArgumentException("Guid is 16 bytes, not " + guid.length);
        }
        guid = guid.clone();
    }

    @Override
    public byte[] guid() {
        return guid.clone();
    }

    /** Decodes the structure from the readable bytes of {@code output} without moving its indices. */
    public static ValidateNegotiateInfoResponse decode(ByteBuf output) {
        int r = output.readerIndex();
        if (output.readableBytes() < SIZE) {
            throw Malformed.because("VALIDATE_NEGOTIATE_INFO output shorter than 24 bytes");
        }
        byte[] guid = new byte[16];
        output.getBytes(r + 4, guid);                         // Guid (16 bytes)
        return new ValidateNegotiateInfoResponse(
                output.getIntLE(r),                           // Capabilities (4 bytes)
                guid,
                output.getUnsignedShortLE(r + 20),            // SecurityMode (2 bytes)
                output.getUnsignedShortLE(r + 22));           // Dialect (2 bytes)
    }

    /** Writes the 24 bytes at the writer index. */
    public void encode(ByteBuf out) {
        out.writeIntLE(capabilities);                         // Capabilities (4 bytes)
        out.writeBytes(guid);                                 // Guid (16 bytes)
        out.writeShortLE(securityMode);                       // SecurityMode (2 bytes)
        out.writeShortLE(dialect);                            // Dialect (2 bytes)
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValidateNegotiateInfoResponse v && capabilities == v.capabilities
                && securityMode == v.securityMode && dialect == v.dialect && Arrays.equals(guid, v.guid);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * capabilities + securityMode) + dialect) + Arrays.hashCode(guid);
    }

    @Override
    public String toString() {
        return "ValidateNegotiateInfoResponse[capabilities=0x" + Integer.toHexString(capabilities) + ", guid="
                + HexFormat.of().formatHex(guid) + ", securityMode=" + securityMode
                + String.format(", dialect=0x%04x]", dialect);
    }
}
