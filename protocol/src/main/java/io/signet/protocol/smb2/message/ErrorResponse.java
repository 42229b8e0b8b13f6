package io.signet.protocol.smb2.message;

import static io.signet.protocol.smb2.message.MessageBounds.BODY;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * [MS-SMB2] 2.2.2 SMB2 ERROR Response.
 *
 * <p>Holds either plain ErrorData (ErrorContextCount 0: every dialect, e.g. the 4-byte required length that goes with
 * STATUS_BUFFER_TOO_SMALL) or, for SMB 3.1.1 only, a list of [MS-SMB2] 2.2.2.1 error contexts.
 */
public final class ErrorResponse {
    public static final int STRUCTURE_SIZE = 9;
    /** ErrorContextCount is one byte. */
    public static final int MAX_CONTEXTS = 0xFF;

    private static final int FIXED = 8;
    private static final int CONTEXT_HEADER = 8;
    private static final ErrorResponse EMPTY = new ErrorResponse(List.of(), Unpooled.EMPTY_BUFFER);

    private final List<ErrorContext> contexts;
    private final ByteBuf errorData;

    private ErrorResponse(List<ErrorContext> contexts, ByteBuf errorData) {
        this.contexts = contexts;
        this.errorData = errorData;
    }

    /** No error data: what nearly every error response carries. */
    public static ErrorResponse empty() {
        return EMPTY;
    }

    /**
     * Plain error data with ErrorContextCount 0.
     *
     * @param errorData borrowed; must stay readable until {@link #encode} has run
     */
    public static ErrorResponse of(ByteBuf errorData) {
        return new ErrorResponse(List.of(), Objects.requireNonNull(errorData, "errorData"));
    }

    /** SMB 3.1.1 error contexts; the context data buffers are borrowed until {@link #encode} has run. */
    public static ErrorResponse ofContexts(List<ErrorContext> contexts) {
        if (contexts.isEmpty() || contexts.size() > MAX_CONTEXTS) {
            throw new IllegalArgumentException("between 1 and 255 error contexts, not " + contexts.size());
        }
        return new ErrorResponse(List.copyOf(contexts), Unpooled.EMPTY_BUFFER);
    }

    public int errorContextCount() {
        return contexts.size();
    }

    /** The error contexts; empty when the response carries plain {@link #errorData()}. */
    public List<ErrorContext> contexts() {
        return contexts;
    }

    /** Plain ErrorData (ErrorContextCount 0); empty when the response carries {@link #contexts()}. */
    public ByteBuf errorData() {
        return errorData;
    }

    /** Decodes an ERROR response; buffers in the result are borrowed slices of {@code msg}. */
    public static ErrorResponse decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "ERROR");
        int b = msg.readerIndex() + BODY;
        int contextCount = msg.getUnsignedByte(b + 2);        // ErrorContextCount (1 byte)
        long byteCount = msg.getUnsignedIntLE(b + 4);         // ByteCount (4 bytes)
        ByteBuf data = MessageBounds.slice(msg, BODY + FIXED, byteCount, BODY + FIXED, "ErrorData");
        if (contextCount == 0) {
            return data.isReadable() ? new ErrorResponse(List.of(), data) : EMPTY;
        }
        List<ErrorContext> contexts = new ArrayList<>(contextCount);
        int pos = 0;
        for (int i = 0; i < contextCount; i++) {
            // Each context starts 8-byte aligned relative to the start of ErrorData.
            pos = MessageBounds.align8(pos);
            if (pos + CONTEXT_HEADER > data.readableBytes()) {
                throw MessageBounds.invalid("error context " + i + " outside ErrorData");
            }
            long length = data.getUnsignedIntLE(data.readerIndex() + pos);      // ErrorDataLength (4 bytes)
            int errorId = data.getIntLE(data.readerIndex() + pos + 4);          // ErrorId (4 bytes)
            if (length > data.readableBytes() - pos - CONTEXT_HEADER) {
                throw MessageBounds.invalid("error context " + i + " data outside ErrorData");
            }
            ByteBuf contextData = data.slice(data.readerIndex() + pos + CONTEXT_HEADER, (int) length);
            contexts.add(new ErrorContext(errorId, contextData));
            pos += CONTEXT_HEADER + (int) length;
        }
        return new ErrorResponse(List.copyOf(contexts), Unpooled.EMPTY_BUFFER);
    }

    public void encode(ByteBuf out) {
        int byteCount = contexts.isEmpty() ? errorData.readableBytes() : contextsLength();
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeByte(contexts.size());                       // ErrorContextCount (1 byte)
        out.writeByte(0);                                     // Reserved (1 byte)
        out.writeIntLE(byteCount);                            // ByteCount (4 bytes)
        if (byteCount == 0) {
            out.writeByte(0);                                 // ErrorData: one zero byte when empty, as Windows sends
        } else if (contexts.isEmpty()) {
            MessageBounds.writeAll(out, errorData);           // ErrorData (variable)
        } else {
            int start = out.writerIndex();
            for (ErrorContext c : contexts) {
                out.writeZero(MessageBounds.align8(out.writerIndex() - start) - (out.writerIndex() - start));
                out.writeIntLE(c.data().readableBytes());     // ErrorDataLength (4 bytes)
                out.writeIntLE(c.errorId());                  // ErrorId (4 bytes)
                MessageBounds.writeAll(out, c.data());        // ErrorContextData (variable)
            }
        }
    }

    private int contextsLength() {
        int n = 0;
        for (ErrorContext c : contexts) {
            n = MessageBounds.align8(n) + CONTEXT_HEADER + c.data().readableBytes();
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErrorResponse e && contexts.equals(e.contexts) && errorData.equals(e.errorData);
    }

    @Override
    public int hashCode() {
        return 31 * contexts.hashCode() + errorData.hashCode();
    }

    @Override
    public String toString() {
        return "ErrorResponse[contexts=" + contexts.size() + ", errorData=" + errorData.readableBytes() + " bytes]";
    }
}
