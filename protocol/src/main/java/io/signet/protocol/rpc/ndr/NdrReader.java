package io.signet.protocol.rpc.ndr;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.rpc.RpcFault;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Unmarshals NDR 2.0 stub data ([C706] chapter 14) in the little-endian, ASCII, IEEE data representation, the only
 * one Signet binds. Every primitive is aligned to its size relative to the start of the stub; every count is
 * checked against the bytes left before anything is allocated for it, so a lying count ends in
 * {@link RpcFault} with nca_s_fault_ndr and never in a large allocation or another exception.
 *
 * <p>Embedded pointers are read in two steps, like the wire: {@link #readUnique} reads the referent id and queues the
 * pointee; {@link #readDeferred()} then reads the queued pointees in order, each followed at once by the pointees
 * embedded in it ([C706] 14.3.12, embedded pointers). A top-level [unique] parameter is a {@code readUnique} followed by {@code readDeferred};
 * a top-level [ref] parameter has no referent id and is read in place.
 */
public final class NdrReader {
    private final ByteBuf buf;
    private final int base;
    private List<Runnable> pending = new ArrayList<>();
    private final Map<Integer, NdrPointer<?>> fullPointers = new HashMap<>();

    /** Reads from the readable bytes of {@code stub}, advancing its reader index; alignment counts from here. */
    public NdrReader(ByteBuf stub) {
        this.buf = stub;
        this.base = stub.readerIndex();
    }

    public int remaining() {
        return buf.readableBytes();
    }

    public void align(int boundary) {
        int pad = -(buf.readerIndex() - base) & (boundary - 1);
        require(pad, "alignment padding");
        buf.skipBytes(pad);
    }

    public int readU8() {
        require(1, "small");
        return buf.readUnsignedByte();
    }

    public int readU16() {
        align(2);
        require(2, "short");
        return buf.readUnsignedShortLE();
    }

    /** An unsigned long (DWORD); values above 2^31 come back negative, as Java ints do. */
    public int readU32() {
        align(4);
        require(4, "long");
        return buf.readIntLE();
    }

    public long readU64() {
        align(8);
        require(8, "hyper");
        return buf.readLongLE();
    }

    /** Reads a referent id of an embedded [unique] pointer and queues {@code pointee} for {@link #readDeferred()}. */
    public <T> NdrPointer<T> readUnique(Function<NdrReader, T> pointee) {
        NdrPointer<T> pointer = new NdrPointer<>(readU32());
        if (!pointer.isNull()) {
            pending.add(() -> pointer.set(pointee.apply(this)));
        }
        return pointer;
    }

    /**
     * Reads a referent id of a [ptr] (full) pointer ([C706] 14.3.10, full pointers): a referent id seen before aliases the same
     * pointee, which is on the wire only once.
     */
    @SuppressWarnings("unchecked")
    public <T> NdrPointer<T> readFull(Function<NdrReader, T> pointee) {
        int id = readU32();
        if (id == 0) {
            return new NdrPointer<>(0);
        }
        NdrPointer<?> seen = fullPointers.get(id);
        if (seen != null) {
            return (NdrPointer<T>) seen;
        }
        NdrPointer<T> pointer = new NdrPointer<>(id);
        fullPointers.put(id, pointer);
        pending.add(() -> pointer.set(pointee.apply(this)));
        return pointer;
    }

    /** Reads every queued pointee, each followed by the pointees embedded in it. */
    public void readDeferred() {
        List<Runnable> batch = pending;
        pending = new ArrayList<>();
        for (Runnable read : batch) {
            read.run();
            readDeferred();
        }
    }

    /**
     * Reads the max_count of a conformant array ([C706] 14.3.3, arrays) and checks that that many elements of at least
     * {@code minElementSize} bytes each can still be in the stub.
     */
    public int readConformance(int minElementSize) {
        return checkedCount(readU32(), minElementSize, "conformant array");
    }

    /** A conformant array of elements read by {@code element}, whose embedded pointees follow the whole array. */
    public <T> List<T> readConformantArray(int minElementSize, Function<NdrReader, T> element) {
        int count = readConformance(minElementSize);
        List<T> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(element.apply(this));
        }
        return out;
    }

    /** A conformant array of bytes ([size_is] unsigned char*). */
    public byte[] readConformantBytes() {
        int count = readConformance(1);
        byte[] out = new byte[count];
        buf.readBytes(out);
        return out;
    }

    /**
     * A [string] wchar_t* pointee: a conformant varying array ([C706] 14.3.4, strings) of UTF-16LE code units ending in NUL,
     * preceded by max_count, offset and actual_count. The NUL is not part of the returned string.
     */
    public String readString() {
        int maxCount = readU32();
        int offset = readU32();
        int actual = readU32();
        if (Integer.toUnsignedLong(offset) + Integer.toUnsignedLong(actual) > Integer.toUnsignedLong(maxCount)) {
            throw RpcFault.badStub("string offset " + Integer.toUnsignedString(offset) + " + actual count "
                    + Integer.toUnsignedString(actual) + " exceeds max count " + Integer.toUnsignedString(maxCount));
        }
        if (actual == 0) {
            throw RpcFault.badStub("[string] without its terminating NUL");
        }
        int units = checkedCount(actual, 2, "string");
        // The NUL is looked for in the code units, not in the decoded string: a malformed surrogate pair decodes to
        // fewer chars than it has code units.
        int start = buf.readerIndex();
        if (buf.getUnsignedShortLE(start + 2 * (units - 1)) != 0) {
            throw RpcFault.badStub("[string] without its terminating NUL");
        }
        String s = buf.toString(start, 2 * (units - 1), StandardCharsets.UTF_16LE);
        buf.skipBytes(2 * units);
        return s;
    }

    private int checkedCount(int count, int minElementSize, String what) {
        long bytes = Integer.toUnsignedLong(count) * minElementSize;
        if (bytes > buf.readableBytes()) {
            throw RpcFault.badStub(what + " claims " + Integer.toUnsignedString(count) + " elements but only "
                    + buf.readableBytes() + " bytes are left");
        }
        return count;
    }

    private void require(int n, String what) {
        if (n > buf.readableBytes()) {
            throw RpcFault.badStub(what + " needs " + n + " bytes but only " + buf.readableBytes() + " are left");
        }
    }
}
