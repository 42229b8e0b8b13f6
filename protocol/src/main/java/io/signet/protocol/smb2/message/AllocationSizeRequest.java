package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

/** [MS-SMB2] 2.2.13.2.6 SMB2_CREATE_ALLOCATION_SIZE: AllocationSize (8 bytes), a size in bytes. */
public record AllocationSizeRequest(long allocationSize) implements CreateContextData {
    static final int SIZE = 8;

    public AllocationSizeRequest {
        if (allocationSize < 0) {
            throw new IllegalArgumentException("AllocationSize beyond 2^63 - 1");
        }
    }

    /** Data other than 8 bytes, or a size beyond 2^63 - 1, is STATUS_INVALID_PARAMETER. */
    public static AllocationSizeRequest decode(ByteBuf data) {
        if (data.readableBytes() != SIZE) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER,
                    "SMB2_CREATE_ALLOCATION_SIZE of " + data.readableBytes() + " bytes");
        }
        long size = data.getLongLE(data.readerIndex());
        if (size < 0) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "AllocationSize beyond 2^63 - 1");
        }
        return new AllocationSizeRequest(size);
    }

    @Override
    public String contextName() {
        return CreateContext.ALLOCATION_SIZE;
    }

    @Override
    public ByteBuf encode() {
        return Unpooled.buffer(SIZE).writeLongLE(allocationSize); // AllocationSize (8 bytes)
    }
}
