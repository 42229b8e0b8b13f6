package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.util.ArrayList;
import java.util.List;

/**
 * [MS-SMB2] 2.2.3.1 / 2.2.4.1 SMB2 NEGOTIATE_CONTEXT: ContextType, DataLength, Reserved, Data; each context starts
 * on an 8-byte boundary (measured from the start of the SMB2 header).
 *
 * @param data borrowed slice of the message (requests) or bytes owned by the caller (responses)
 */
public record NegotiateContext(int type, ByteBuf data) {
    public static final int PREAUTH_INTEGRITY_CAPABILITIES = 0x0001;
    public static final int ENCRYPTION_CAPABILITIES = 0x0002;
    public static final int COMPRESSION_CAPABILITIES = 0x0003;
    public static final int NETNAME_NEGOTIATE_CONTEXT_ID = 0x0005;
    public static final int TRANSPORT_CAPABILITIES = 0x0006;
    public static final int RDMA_TRANSFORM_CAPABILITIES = 0x0007;
    public static final int SIGNING_CAPABILITIES = 0x0008;

    /** Windows accepts far fewer; the bound keeps a hostile count from driving work. */
    static final int MAX_CONTEXTS = 64;

    /** Reads {@code count} contexts starting at absolute {@code offset} of {@code msg}. */
    static List<NegotiateContext> readList(ByteBuf msg, int offset, int count) {
        if (count > MAX_CONTEXTS) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "too many negotiate contexts: " + count);
        }
        List<NegotiateContext> out = new ArrayList<>(count);
        int pos = offset;
        int end = msg.readableBytes();
        for (int i = 0; i < count; i++) {
            pos = align8(pos);
            if (pos < 0 || pos + 8 > end) {
                throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "negotiate context past message end");
            }
            int type = msg.getUnsignedShortLE(pos);           // ContextType (2 bytes)
            int length = msg.getUnsignedShortLE(pos + 2);     // DataLength (2 bytes), Reserved (4 bytes)
            if (pos + 8 + length > end) {
                throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "negotiate context data past message end");
            }
            out.add(new NegotiateContext(type, msg.slice(msg.readerIndex() + pos + 8, length)));
            pos += 8 + length;
        }
        return out;
    }

    /**
     * Writes the contexts at the writer index, padding to 8 bytes before each one.
     *
     * @param headerStart absolute index of the SMB2 header in {@code out}, so that alignment is measured from it
     */
    static void writeList(ByteBuf out, int headerStart, List<NegotiateContext> contexts) {
        for (NegotiateContext c : contexts) {
            padTo8(out, headerStart);
            out.writeShortLE(c.type);                          // ContextType (2 bytes)
            out.writeShortLE(c.data.readableBytes());          // DataLength (2 bytes)
            out.writeIntLE(0);                                 // Reserved (4 bytes)
            out.writeBytes(c.data, c.data.readerIndex(), c.data.readableBytes());
        }
    }

    static int align8(int v) {
        return (v + 7) & ~7;
    }

    static void padTo8(ByteBuf out, int headerStart) {
        int rel = out.writerIndex() - headerStart;
        out.writeZero(align8(rel) - rel);
    }
}
