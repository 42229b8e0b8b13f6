package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

/** [MS-SMB2] 2.2.6 SMB2 SESSION_SETUP Response. */
public record SessionSetupResponse(int sessionFlags, byte[] securityBuffer) {
    public static final int STRUCTURE_SIZE = 9;
    public static final int IS_GUEST = 0x0001;
    public static final int IS_NULL = 0x0002;
    public static final int ENCRYPT_DATA = 0x0004;

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeShortLE(sessionFlags);                       // SessionFlags (2 bytes)
        out.writeShortLE(securityBuffer.length == 0 ? 0 : 64 + 8); // SecurityBufferOffset (2 bytes)
        out.writeShortLE(securityBuffer.length);              // SecurityBufferLength (2 bytes)
        if (securityBuffer.length == 0) {
            out.writeByte(0);                                 // StructureSize 9 implies at least one buffer byte
        } else {
            out.writeBytes(securityBuffer);
        }
    }

    /** Client-side decoding, used by tests and the raw test client. */
    public static SessionSetupResponse decode(ByteBuf msg) {
        int len = msg.readableBytes();
        int r = msg.readerIndex();
        int b = r + 64;
        if (len < 64 + 8 || msg.getUnsignedShortLE(b) != STRUCTURE_SIZE) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "bad SESSION_SETUP response StructureSize");
        }
        int offset = msg.getUnsignedShortLE(b + 4);
        int length = msg.getUnsignedShortLE(b + 6);
        if (length > 0 && offset + length > len) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "security buffer outside message");
        }
        byte[] token = new byte[length];
        msg.getBytes(r + offset, token);
        return new SessionSetupResponse(msg.getUnsignedShortLE(b + 2), token);
    }
}
