package io.signet.protocol.fsctl;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * [MS-SMB2] 2.2.31.4 VALIDATE_NEGOTIATE_INFO Request: the input buffer of an IOCTL with
 * {@link CtlCode#FSCTL_VALIDATE_NEGOTIATE_INFO}, repeating what the client sent in NEGOTIATE.
 *
 * @param capabilities the client's SMB2_GLOBAL_CAP_* bits
 * @param guid         the ClientGuid, 16 bytes as on the wire (compare with {@code NegotiateRequest.clientGuid()})
 * @param securityMode SMB2_NEGOTIATE_SIGNING_* bits
 * @param dialects     the dialect codes offered, in order
 */
public record ValidateNegotiateInfoRequest(int capabilities, byte[] guid, int securityMode, int[] dialects) {
    /** Capabilities (4), Guid (16), SecurityMode (2), DialectCount (2). */
    public static final int FIXED_SIZE = 24;

    public ValidateNegotiateInfoRequest {
        if (guid.length != 16) {
            throw new IllegalArgumentException("Guid is 16 bytes, not " + guid.length);
        }
        if (dialects.length > 0xFFFF) {
            throw new IllegalArgumentException("DialectCount is two bytes");
        }
        guid = guid.clone();
        dialects = dialects.clone();
    }

    @Override
    public byte[] guid() {
        return guid.clone();
    }

    @Override
    public int[] dialects() {
        return dialects.clone();
    }

    /**
     * Decodes the structure from the readable bytes of {@code input} (the IOCTL input slice) without moving its
     * indices. Fewer than 24 bytes, or fewer than 24 + 2 * DialectCount, is STATUS_INVALID_PARAMETER
     * ([MS-SMB2] 3.3.5.15.12).
     */
    public static ValidateNegotiateInfoRequest decode(ByteBuf input) {
        int r = input.readerIndex();
        if (input.readableBytes() < FIXED_SIZE) {
            throw Malformed.because("VALIDATE_NEGOTIATE_INFO input shorter than 24 bytes");
        }
        int capabilities = input.getIntLE(r);                 // Capabilities (4 bytes)
        byte[] guid = new byte[16];
        input.getBytes(r + 4, guid);                          // Guid (16 bytes)
        int securityMode = input.getUnsignedShortLE(r + 20);  // SecurityMode (2 bytes)
        int dialectCount = input.getUnsignedShortLE(r + 22);  // DialectCount (2 bytes)
        if (FIXED_SIZE + 2 * dialectCount > input.readableBytes()) {
            throw Malformed.because("DialectCount " + dialectCount + " exceeds the input");
        }
        int[] dialects = new int[dialectCount];
        for (int i = 0; i < dialectCount; i++) {
            dialects[i] = input.getUnsignedShortLE(r + FIXED_SIZE + 2 * i); // Dialects (2 bytes each)
        }
        return new ValidateNegotiateInfoRequest(capabilities, guid, securityMode, dialects);
    }

    /** Writes the structure at the writer index (client side). */
    public void encode(ByteBuf out) {
        out.writeIntLE(capabilities);                         // Capabilities (4 bytes)
        out.writeBytes(guid);                                 // Guid (16 bytes)
        out.writeShortLE(securityMode);                       // SecurityMode (2 bytes)
        out.writeShortLE(dialects.length);                    // DialectCount (2 bytes)
        for (int d : dialects) {
            out.writeShortLE(d);                              // Dialects (2 bytes each)
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValidateNegotiateInfoRequest v && capabilities == v.capabilities
                && securityMode == v.securityMode && Arrays.equals(guid, v.guid) && Arrays.equals(dialects, v.dialects);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * capabilities + securityMode) + Arrays.hashCode(guid)) + Arrays.hashCode(dialects);
    }

    @Override
    public String toString() {
        StringBuilder d = new StringBuilder();
        for (int dialect : dialects) {
            d.append(d.length() == 0 ? "" : ",").append(String.format("0x%04x", dialect));
        }
        return "ValidateNegotiateInfoRequest[capabilities=0x" + Integer.toHexString(capabilities) + ", guid="
                + HexFormat.of().formatHex(guid) + ", securityMode=" + securityMode + ", dialects=" + d + "]";
    }
}
