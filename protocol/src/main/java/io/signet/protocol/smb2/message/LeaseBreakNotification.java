package io.signet.protocol.smb2.message;

import static io.signet.protocol.smb2.message.MessageBounds.BODY;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * [MS-SMB2] 2.2.23.2 Lease Break Notification: sent unsolicited (MessageId 0xFFFFFFFFFFFFFFFF) to tell the client
 * that a lease's state is lowered from {@code currentState} to {@code newState}.
 *
 * @param newEpoch     NewEpoch: the lease's epoch after the break (version 2 leases; 0 for version 1)
 * @param flags        {@link #ACK_REQUIRED} when the client must acknowledge
 * @param currentState the state the lease has now
 * @param newState     the state the lease is broken to
 */
public record LeaseBreakNotification(int newEpoch, int flags, LeaseKey key, int currentState, int newState) {
    public static final int STRUCTURE_SIZE = 44;
    /** SMB2_NOTIFY_BREAK_LEASE_FLAG_ACK_REQUIRED. */
    public static final int ACK_REQUIRED = 0x01;

    public LeaseBreakNotification {
        Objects.requireNonNull(key, "key");
    }

    /** Client-side decoding. */
    public static LeaseBreakNotification decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "lease break notification");
        int b = msg.readerIndex() + BODY;
        return new LeaseBreakNotification(msg.getUnsignedShortLE(b + 2),   // NewEpoch (2 bytes)
                msg.getIntLE(b + 4),                                     // Flags (4 bytes)
                LeaseKey.read(msg, b + 8),                               // LeaseKey (16 bytes)
                msg.getIntLE(b + 24),                                    // CurrentLeaseState (4 bytes)
                msg.getIntLE(b + 28));                                   // NewLeaseState (4 bytes)
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);                       // StructureSize (2 bytes)
        out.writeShortLE(newEpoch);                             // NewEpoch (2 bytes)
        out.writeIntLE(flags);                                  // Flags (4 bytes)
        key.write(out);                                         // LeaseKey (16 bytes)
        out.writeIntLE(currentState);                           // CurrentLeaseState (4 bytes)
        out.writeIntLE(newState);                               // NewLeaseState (4 bytes)
        out.writeIntLE(0);                                      // BreakReason (4 bytes), reserved
        out.writeIntLE(0);                                      // AccessMaskHint (4 bytes), reserved
        out.writeIntLE(0);                                      // ShareMaskHint (4 bytes), reserved
    }
}
