package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * [MS-SMB2] 2.2.13.2 SMB2_CREATE_CONTEXT (and its 2.2.14.2 response form): a tagged blob chained after a CREATE.
 *
 * <p>Names are byte strings on the wire: most are four ASCII characters ({@link #QUERY_MAXIMAL_ACCESS} "MxAc"), a few
 * are 16-byte GUIDs. They are held as ISO-8859-1 strings, which map each byte to one char and back unchanged.
 *
 * @param name the context name, one char per wire byte
 * @param data the context data; when decoded, a borrowed slice of the message, valid only while the message is
 */
public record CreateContext(String name, ByteBuf data) {
    /** Decoding stops with STATUS_INVALID_PARAMETER past this many contexts; real clients send fewer than ten. */
    public static final int MAX_CONTEXTS = 32;

    public static final String EA_BUFFER = "ExtA";
    public static final String SD_BUFFER = "SecD";
    public static final String DURABLE_HANDLE_REQUEST = "DHnQ";
    public static final String DURABLE_HANDLE_RECONNECT = "DHnC";
    public static final String ALLOCATION_SIZE = "AlSi";
    public static final String QUERY_MAXIMAL_ACCESS = "MxAc";
    public static final String TIMEWARP_TOKEN = "TWrp";
    public static final String QUERY_ON_DISK_ID = "QFid";
    /** Lease request and response, V1 and V2 alike. */
    public static final String LEASE = "RqLs";
    public static final String DURABLE_HANDLE_REQUEST_V2 = "DH2Q";
    public static final String DURABLE_HANDLE_RECONNECT_V2 = "DH2C";
    /** [MS-SMB2] 2.2.13.2.13: the GUID {45BCA66A-EFA7-F74A-9008-FA462E144D74}, as its 16 wire bytes. */
    public static final String APP_INSTANCE_ID =
            "\u0045\u00bc\u00a6\u006a\u00ef\u00a7\u00f7\u004a\u0090\u0008\u00fa\u0046\u002e\u0014\u004d\u0074";

    /**
     * [MS-SMB2] 2.2.13.2: context names are 4-byte tags (or 16-byte GUIDs); Windows refuses a shorter name with
     * STATUS_INVALID_PARAMETER and ignores a longer unknown one.
     */
    static final int MIN_NAME_LENGTH = 4;

    /** Next (4), NameOffset (2), NameLength (2), Reserved (2), DataOffset (2), DataLength (4). */
    static final int HEADER_SIZE = 16;

    public CreateContext {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        if (name.isEmpty() || name.length() > 0xFFFF) {
            throw new IllegalArgumentException("create context name length " + name.length());
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) > 0xFF) {
                throw new IllegalArgumentException("create context name is a byte string: " + name);
            }
        }
    }

    /**
     * Walks a create context chain at {@code offset}/{@code length} (header-relative) of {@code msg}. The chain must
     * start 8-byte aligned at or after {@code minOffset}; every Next is a forward, 8-byte aligned step that stays
     * inside the chain, and each context's name and data lie inside that context.
     */
    static List<CreateContext> decodeChain(ByteBuf msg, long offset, long length, int minOffset) {
        if (length == 0) {
            return List.of();
        }
        MessageBounds.checkRange(msg, offset, length, minOffset, "create contexts");
        if ((offset & 7) != 0) {
            throw MessageBounds.invalid("create contexts not 8-byte aligned");
        }
        int base = msg.readerIndex();
        int pos = (int) offset;
        int end = (int) (offset + length);
        List<CreateContext> contexts = new ArrayList<>();
        while (true) {
            if (contexts.size() == MAX_CONTEXTS) {
                throw MessageBounds.invalid("more than " + MAX_CONTEXTS + " create contexts");
            }
            int remaining = end - pos;
            if (remaining < HEADER_SIZE) {
                throw MessageBounds.invalid("create context header outside the chain");
            }
            long next = msg.getUnsignedIntLE(base + pos);              // Next (4 bytes)
            int nameOffset = msg.getUnsignedShortLE(base + pos + 4);   // NameOffset (2 bytes)
            int nameLength = msg.getUnsignedShortLE(base + pos + 6);   // NameLength (2 bytes), Reserved (2 bytes)
            int dataOffset = msg.getUnsignedShortLE(base + pos + 10);  // DataOffset (2 bytes)
            long dataLength = msg.getUnsignedIntLE(base + pos + 12);   // DataLength (4 bytes)
            // Next is unsigned and relative to this context: a "backwards" value is huge and fails the bound.
            if (next != 0 && ((next & 7) != 0 || next < HEADER_SIZE || next > remaining)) {
                throw MessageBounds.invalid("create context Next " + next + " outside the chain");
            }
            long extent = next == 0 ? remaining : next;
            if (nameLength == 0 || nameOffset < HEADER_SIZE || nameOffset + nameLength > extent) {
                throw MessageBounds.invalid("create context name outside its context");
            }
            if (nameLength < MIN_NAME_LENGTH) {
                throw MessageBounds.invalid("create context name of " + nameLength + " bytes");
            }
            ByteBuf data = Unpooled.EMPTY_BUFFER;
            if (dataLength != 0) {
                if ((dataOffset & 7) != 0 || dataOffset < nameOffset + nameLength || dataOffset + dataLength > extent) {
                    throw MessageBounds.invalid("create context data outside its context");
                }
                data = msg.slice(base + pos + dataOffset, (int) dataLength);
            }
            String name = msg.toString(base + pos + nameOffset, nameLength, StandardCharsets.ISO_8859_1);
            contexts.add(new CreateContext(name, data));
            if (next == 0) {
                return List.copyOf(contexts);
            }
            pos += (int) next;
        }
    }

    /** Bytes {@link #encodeChain} writes: no padding after the last context. */
    static int chainLength(List<CreateContext> contexts) {
        int n = 0;
        for (int i = 0; i < contexts.size(); i++) {
            n = MessageBounds.align8(n) + contexts.get(i).encodedLength();
        }
        return n;
    }

    /** Writes the chain at the writer index, which must be 8-byte aligned relative to the header. */
    static void encodeChain(ByteBuf out, List<CreateContext> contexts) {
        for (int i = 0; i < contexts.size(); i++) {
            CreateContext c = contexts.get(i);
            int size = c.encodedLength();
            boolean last = i == contexts.size() - 1;
            int nameLength = c.name.length();
            int dataLength = c.data.readableBytes();
            int dataOffset = dataLength == 0 ? 0 : MessageBounds.align8(HEADER_SIZE + nameLength);
            out.writeIntLE(last ? 0 : MessageBounds.align8(size));   // Next (4 bytes)
            out.writeShortLE(HEADER_SIZE);                           // NameOffset (2 bytes)
            out.writeShortLE(nameLength);                            // NameLength (2 bytes)
            out.writeShortLE(0);                                     // Reserved (2 bytes)
            out.writeShortLE(dataOffset);                            // DataOffset (2 bytes)
            out.writeIntLE(dataLength);                              // DataLength (4 bytes)
            out.writeCharSequence(c.name, StandardCharsets.ISO_8859_1); // Buffer: name
            if (dataLength != 0) {
                out.writeZero(dataOffset - HEADER_SIZE - nameLength);    // padding to 8-byte aligned data
                MessageBounds.writeAll(out, c.data);                 // Buffer: data
            }
            if (!last) {
                out.writeZero(MessageBounds.align8(size) - size);    // padding to the next 8-byte aligned context
            }
        }
    }

    private int encodedLength() {
        int dataLength = data.readableBytes();
        int withName = HEADER_SIZE + name.length();
        return dataLength == 0 ? withName : MessageBounds.align8(withName) + dataLength;
    }
}
