package io.signet.protocol.smb2.message;

import static io.signet.protocol.smb2.message.MessageBounds.BODY;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * [MS-SMB2] 2.2.24.2 Lease Break Acknowledgment and 2.2.25.2 Lease Break Response: the two share one 36-byte layout.
 * An OPLOCK_BREAK request with StructureSize 36 is this; with 24 it is an {@link OplockBreak}.
 *
 * @param flags    Flags, reserved: zero
 * @param state    the LeaseState the client acknowledges (the server's answer repeats it)
 * @param duration LeaseDuration, reserved: zero
 */
public record LeaseBreakAck(int flags, LeaseKey key, int state, long duration) {
    public static final int STRUCTURE_SIZE = 36;

    public LeaseBreakAck {
        Objects.requireNonNull(key, "key");
    }

    public static LeaseBreakAck decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "lease break acknowledgment");
        int b = msg.readerIndex() + BODY;
        return new LeaseBreakAck(msg.getIntLE(b + 4),          // Reserved (2 bytes), Flags (4 bytes)
                LeaseKey.read(msg, b + 8),                      // LeaseKey (16 bytes)
                msg.getIntLE(b + 24),                           // LeaseState (4 bytes)
                msg.getLongLE(b + 28));                         // LeaseDuration (8 bytes)
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);                       // StructureSize (2 bytes)
        out.writeShortLE(0);                                    // Reserved (2 bytes)
        out.writeIntLE(flags);                                  // Flags (4 bytes)
        key.write(out);                                         // LeaseKey (16 bytes)
        out.writeIntLE(state);                                  // LeaseState (4 bytes)
        out.writeLongLE(duration);                              // LeaseDuration (8 bytes)
    }

    /** The StructureSize of an OPLOCK_BREAK request body, which tells an oplock from a lease acknowledgment. */
    public static int structureSizeOf(ByteBuf msg) {
        if (msg.readableBytes() < BODY + 2) {
            throw MessageBounds.invalid("OPLOCK_BREAK: message shorter than a header and a StructureSize");
        }
        return msg.getUnsignedShortLE(msg.readerIndex() + BODY);
    }
}
