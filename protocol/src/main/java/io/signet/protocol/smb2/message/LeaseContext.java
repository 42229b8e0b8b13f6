package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Objects;

/**
 * The "RqLs" create context in both directions and both versions: [MS-SMB2] 2.2.13.2.8 SMB2_CREATE_REQUEST_LEASE and
 * 2.2.14.2.10 SMB2_CREATE_RESPONSE_LEASE (version 1, 32 bytes), 2.2.13.2.10 SMB2_CREATE_REQUEST_LEASE_V2 and
 * 2.2.14.2.11 SMB2_CREATE_RESPONSE_LEASE_V2 (version 2, 52 bytes). The version is told by Data's length.
 *
 * @param version   1 or 2
 * @param state     {@link io.signet.protocol.smb2.LeaseState} bits
 * @param flags     LeaseFlags: {@link #BREAK_IN_PROGRESS} (response), {@link #PARENT_LEASE_KEY_SET} (version 2)
 * @param duration  LeaseDuration, reserved: zero
 * @param parentKey ParentLeaseKey (version 2; {@link LeaseKey#ZERO} in version 1)
 * @param epoch     Epoch (version 2; 0 in version 1)
 */
public record LeaseContext(int version, LeaseKey key, int state, int flags, long duration, LeaseKey parentKey,
                           int epoch) implements CreateContextData {
    public static final int V1_SIZE = 32;
    public static final int V2_SIZE = 52;
    /** SMB2_LEASE_FLAG_BREAK_IN_PROGRESS. */
    public static final int BREAK_IN_PROGRESS = 0x02;
    /** SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET (version 2 only). */
    public static final int PARENT_LEASE_KEY_SET = 0x04;

    public LeaseContext {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(parentKey, "parentKey");
        if (version != 1 && version != 2) {
            throw new IllegalArgumentException("lease context version " + version);
        }
    }

    /** A version 1 context. */
    public static LeaseContext v1(LeaseKey key, int state, int flags) {
        return new LeaseContext(1, key, state, flags, 0, LeaseKey.ZERO, 0);
    }

    /** A version 2 context. */
    public static LeaseContext v2(LeaseKey key, int state, int flags, LeaseKey parentKey, int epoch) {
        return new LeaseContext(2, key, state, flags, 0, parentKey, epoch);
    }

    /**
     * Decodes either version; any other length is STATUS_INVALID_PARAMETER (a client that sends a lease context the
     * server cannot read gets no open, rather than one without the lease it asked for).
     */
    public static LeaseContext decode(ByteBuf data) {
        int n = data.readableBytes();
        if (n != V1_SIZE && n != V2_SIZE) {
            throw MessageBounds.invalid("lease context of " + n + " bytes");
        }
        int r = data.readerIndex();
        LeaseKey key = LeaseKey.read(data, r);                  // LeaseKey (16 bytes)
        int state = data.getIntLE(r + 16);                      // LeaseState (4 bytes)
        int flags = data.getIntLE(r + 20);                      // LeaseFlags (4 bytes)
        long duration = data.getLongLE(r + 24);                 // LeaseDuration (8 bytes)
        if (n == V1_SIZE) {
            return new LeaseContext(1, key, state, flags, duration, LeaseKey.ZERO, 0);
        }
        return new LeaseContext(2, key, state, flags, duration,
                LeaseKey.read(data, r + 32),                    // ParentLeaseKey (16 bytes)
                data.getUnsignedShortLE(r + 48));               // Epoch (2 bytes), Reserved (2 bytes)
    }

    /** True for a version 2 context whose ParentLeaseKey is meaningful. */
    public boolean hasParentKey() {
        return version == 2 && (flags & PARENT_LEASE_KEY_SET) != 0;
    }

    @Override
    public String contextName() {
        return CreateContext.LEASE;
    }

    @Override
    public ByteBuf encode() {
        ByteBuf out = Unpooled.buffer(version == 1 ? V1_SIZE : V2_SIZE);
        key.write(out);                                         // LeaseKey (16 bytes)
        out.writeIntLE(state);                                  // LeaseState (4 bytes)
        out.writeIntLE(flags);                                  // LeaseFlags (4 bytes)
        out.writeLongLE(duration);                              // LeaseDuration (8 bytes)
        if (version == 2) {
            parentKey.write(out);                               // ParentLeaseKey (16 bytes)
            out.writeShortLE(epoch);                            // Epoch (2 bytes)
            out.writeShortLE(0);                                // Reserved (2 bytes)
        }
        return out;
    }
}
