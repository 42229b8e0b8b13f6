package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape the [MS-SMB2] 2.2.3.1.x capability contexts share: a u16 count at offset 0, then, after a fixed part of
 * {@code headerSize} bytes, that many u16 algorithm ids.
 */
final class AlgorithmIds {
    /** Bounds a context's algorithm list: real clients send a handful. */
    static final int MAX_ALGORITHMS = 32;

    private AlgorithmIds() {
    }

    /** Reads the ids of {@code data}; a count of zero, above the bound, or overrunning the context is malformed. */
    static List<Integer> read(ByteBuf data, int headerSize) {
        int base = data.readerIndex();
        if (data.readableBytes() < headerSize) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "negotiate context too short");
        }
        int count = data.getUnsignedShortLE(base);
        if (count == 0 || count > MAX_ALGORITHMS || headerSize + 2 * count > data.readableBytes()) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "bad algorithm count " + count);
        }
        List<Integer> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(data.getUnsignedShortLE(base + headerSize + 2 * i));
        }
        return List.copyOf(ids);
    }

    /** A context with only the count and the ids: EncryptionCapabilities, SigningCapabilities. */
    static ByteBuf encode(List<Integer> ids) {
        ByteBuf out = Unpooled.buffer(2 + 2 * ids.size());
        out.writeShortLE(ids.size());                      // count (2 bytes)
        writeIds(out, ids);
        return out;
    }

    static void writeIds(ByteBuf out, List<Integer> ids) {
        for (int id : ids) {
            out.writeShortLE(id);                          // algorithm id (2 bytes each)
        }
    }

    static List<Integer> checked(List<Integer> ids, String what) {
        if (ids.isEmpty() || ids.size() > MAX_ALGORITHMS) {
            throw new IllegalArgumentException(what + ": between 1 and " + MAX_ALGORITHMS + " ids, not " + ids.size());
        }
        for (int id : ids) {
            if (id < 0 || id > 0xFFFF) {
                throw new IllegalArgumentException(what + ": an id is 2 bytes, not " + id);
            }
        }
        return List.copyOf(ids);
    }
}
