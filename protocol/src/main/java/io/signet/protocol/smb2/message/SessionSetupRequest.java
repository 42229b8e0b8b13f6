package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

/**
 * [MS-SMB2] 2.2.5 SMB2 SESSION_SETUP Request.
 *
 * @param securityBuffer borrowed slice of the message holding the GSS token
 */
public record SessionSetupRequest(int flags, int securityMode, int capabilities, long previousSessionId,
                                  ByteBuf securityBuffer) {
    public static final int STRUCTURE_SIZE = 25;
    public static final int FLAG_BINDING = 0x01;
    public static final int SIGNING_ENABLED = 0x01;
    public static final int SIGNING_REQUIRED = 0x02;

    /**
     * Whether Flags (1 byte) carries SMB2_SESSION_FLAG_BINDING, read before the request is decoded: the request gate
     * needs it to choose the session table. A body too short to hold Flags is not a binding.
     */
    public static boolean isBinding(ByteBuf msg) {
        int flags = 64 + 2;
        return msg.readableBytes() > flags && (msg.getByte(msg.readerIndex() + flags) & FLAG_BINDING) != 0;
    }

    public static SessionSetupRequest decode(ByteBuf msg) {
        int len = msg.readableBytes();
        int r = msg.readerIndex();
        int b = r + 64;
        if (len < 64 + 24 || msg.getUnsignedShortLE(b) != STRUCTURE_SIZE) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "bad SESSION_SETUP StructureSize");
        }
        int flags = msg.getUnsignedByte(b + 2);               // Flags (1 byte)
        int securityMode = msg.getUnsignedByte(b + 3);        // SecurityMode (1 byte)
        int capabilities = msg.getIntLE(b + 4);               // Capabilities (4 bytes), Channel (4 bytes)
        int offset = msg.getUnsignedShortLE(b + 12);          // SecurityBufferOffset (2 bytes)
        int length = msg.getUnsignedShortLE(b + 14);          // SecurityBufferLength (2 bytes)
        long previous = msg.getLongLE(b + 16);                // PreviousSessionId (8 bytes)
        if (length > 0 && (offset < 64 + 24 || offset + length > len)) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "security buffer outside message");
        }
        ByteBuf token = length == 0 ? msg.slice(r, 0) : msg.slice(r + offset, length);
        return new SessionSetupRequest(flags, securityMode, capabilities, previous, token);
    }

    /** Client-side encoding, used by tests and the raw test client. */
    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeByte(flags);                                 // Flags (1 byte)
        out.writeByte(securityMode);                          // SecurityMode (1 byte)
        out.writeIntLE(capabilities);                         // Capabilities (4 bytes)
        out.writeIntLE(0);                                    // Channel (4 bytes)
        out.writeShortLE(64 + 24);                            // SecurityBufferOffset (2 bytes)
        out.writeShortLE(securityBuffer.readableBytes());     // SecurityBufferLength (2 bytes)
        out.writeLongLE(previousSessionId);                   // PreviousSessionId (8 bytes)
        out.writeBytes(securityBuffer, securityBuffer.readerIndex(), securityBuffer.readableBytes());
    }
}
