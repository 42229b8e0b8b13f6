package io.signet.protocol.rpc.ndr;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Marshals NDR 2.0 stub data ([C706] chapter 14), little-endian, the mirror of {@link NdrReader}: primitives aligned
 * relative to the start of the stub with zero padding, embedded pointers written as referent ids whose pointees are
 * queued and written by {@link #writeDeferred()} ([C706] 14.3.12). Referent ids start at 0x00020000 and grow by 4, as
 * Windows numbers them; any non-zero value is valid.
 */
public final class NdrWriter {
    private final ByteBuf buf;
    private final int base;
    private int nextReferentId = 0x00020000;
    private List<Runnable> pending = new ArrayList<>();
    private final Map<Object, Integer> fullPointers = new IdentityHashMap<>();

    /** Appends to {@code out}; alignment counts from its writer index now. */
    public NdrWriter(ByteBuf out) {
        this.buf = out;
        this.base = out.writerIndex();
    }

    public void align(int boundary) {
        int pad = -(buf.writerIndex() - base) & (boundary - 1);
        buf.writeZero(pad);
    }

    public void writeU8(int v) {
        buf.writeByte(v);
    }

    public void writeU16(int v) {
        align(2);
        buf.writeShortLE(v);
    }

    public void writeU32(int v) {
        align(4);
        buf.writeIntLE(v);
    }

    public void writeU64(long v) {
        align(8);
        buf.writeLongLE(v);
    }

    /** An embedded [unique] pointer: 0 for null, else a fresh referent id, with the pointee queued. */
    public <T> void writeUnique(T value, BiConsumer<NdrWriter, T> pointee) {
        if (value == null) {
            writeU32(0);
            return;
        }
        writeU32(nextReferentId());
        pending.add(() -> pointee.accept(this, value));
    }

    /** An embedded [ptr] (full) pointer: the same object written twice has one referent id and one pointee. */
    public <T> void writeFull(T value, BiConsumer<NdrWriter, T> pointee) {
        if (value == null) {
            writeU32(0);
            return;
        }
        Integer seen = fullPointers.get(value);
        if (seen != null) {
            writeU32(seen);
            return;
        }
        int id = nextReferentId();
        fullPointers.put(value, id);
        writeU32(id);
        pending.add(() -> pointee.accept(this, value));
    }

    /** Writes every queued pointee, each followed by the pointees embedded in it. */
    public void writeDeferred() {
        List<Runnable> batch = pending;
        pending = new ArrayList<>();
        for (Runnable write : batch) {
            write.run();
            writeDeferred();
        }
    }

    /** A conformant array: max_count, then the elements; their embedded pointees are left queued. */
    public <T> void writeConformantArray(List<T> elements, BiConsumer<NdrWriter, T> element) {
        writeU32(elements.size()); // max_count
        for (T e : elements) {
            element.accept(this, e);
        }
    }

    public void writeConformantBytes(byte[] bytes) {
        writeU32(bytes.length); // max_count
        buf.writeBytes(bytes);
    }

    /** A [string] wchar_t* pointee: max_count, offset 0, actual_count, the UTF-16LE units and a NUL. */
    public void writeString(String s) {
        int units = s.length() + 1;
        writeU32(units); // max_count
        writeU32(0); // offset
        writeU32(units); // actual_count
        buf.writeCharSequence(s, StandardCharsets.UTF_16LE);
        buf.writeShortLE(0); // terminating NUL
    }

    private int nextReferentId() {
        int id = nextReferentId;
        nextReferentId += 4;
        return id;
    }
}
