package io.signet.protocol.smb2.message;

import static io.signet.protocol.smb2.message.MessageBounds.BODY;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * [MS-SMB2] 2.2.26 SMB2 LOCK Request.
 *
 * @param lockSequence the raw LockSequenceNumber/LockSequenceIndex field (reserved in SMB 2.0.2)
 * @param locks        at least one element
 */
public record LockRequest(int lockSequence, FileId fileId, List<LockElement> locks) {
    /** Counts the fixed part and exactly one lock element, whatever LockCount is. */
    public static final int STRUCTURE_SIZE = 48;

    private static final int FIXED = 24;

    public LockRequest {
        Objects.requireNonNull(fileId, "fileId");
        locks = List.copyOf(locks);
        if (locks.isEmpty() || locks.size() > 0xFFFF) {
            throw new IllegalArgumentException("LockCount must be 1..65535, not " + locks.size());
        }
    }

    /** LockSequenceNumber: the low 4 bits. */
    public int lockSequenceNumber() {
        return lockSequence & 0xF;
    }

    /** LockSequenceIndex: the high 28 bits; 0 is reserved, 1..64 index Open.LockSequenceArray. */
    public int lockSequenceIndex() {
        return lockSequence >>> 4;
    }

    /** Decodes the request; a LockCount of zero, or more elements than the message holds, is INVALID_PARAMETER. */
    public static LockRequest decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "LOCK Request");
        int b = msg.readerIndex() + BODY;
        int lockCount = msg.getUnsignedShortLE(b + 2);        // LockCount (2 bytes)
        int lockSequence = msg.getIntLE(b + 4);               // LockSequenceNumber/LockSequenceIndex (4 bytes)
        FileId fileId = FileId.read(msg, b + 8);              // FileId (16 bytes)
        if (lockCount == 0) {
            throw MessageBounds.invalid("LOCK with LockCount 0");
        }
        if ((long) BODY + FIXED + (long) lockCount * LockElement.SIZE > msg.readableBytes()) {
            throw MessageBounds.invalid("LockCount " + lockCount + " exceeds the message");
        }
        List<LockElement> locks = new ArrayList<>(lockCount);
        for (int i = 0, at = b + FIXED; i < lockCount; i++, at += LockElement.SIZE) {
            locks.add(new LockElement(
                    msg.getLongLE(at),                        // Offset (8 bytes)
                    msg.getLongLE(at + 8),                    // Length (8 bytes)
                    msg.getIntLE(at + 16)));                  // Flags (4 bytes), Reserved (4 bytes)
        }
        return new LockRequest(lockSequence, fileId, locks);
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeShortLE(locks.size());                       // LockCount (2 bytes)
        out.writeIntLE(lockSequence);                         // LockSequenceNumber/LockSequenceIndex (4 bytes)
        fileId.write(out);                                    // FileId (16 bytes)
        for (LockElement lock : locks) {
            out.writeLongLE(lock.offset());                   // Offset (8 bytes)
            out.writeLongLE(lock.length());                   // Length (8 bytes)
            out.writeIntLE(lock.flags());                     // Flags (4 bytes)
            out.writeIntLE(0);                                // Reserved (4 bytes)
        }
    }
}
