package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.util.List;

/** [MS-SMB2] 2.2.3 SMB2 NEGOTIATE Request. */
public record NegotiateRequest(int securityMode, int capabilities, byte[] clientGuid, int[] dialects,
                               List<NegotiateContext> contexts) {
    public static final int STRUCTURE_SIZE = 36;
    /** Bounds the dialect array: a real client offers at most a handful. */
    static final int MAX_DIALECTS = 64;

    public static NegotiateRequest decode(ByteBuf msg) {
        int len = msg.readableBytes();
        int b = msg.readerIndex() + 64;
        if (len < 64 + STRUCTURE_SIZE || msg.getUnsignedShortLE(b) != STRUCTURE_SIZE) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "bad NEGOTIATE StructureSize");
        }
        int dialectCount = msg.getUnsignedShortLE(b + 2);     // DialectCount (2 bytes)
        int securityMode = msg.getUnsignedShortLE(b + 4);     // SecurityMode (2 bytes), Reserved (2 bytes)
        int capabilities = msg.getIntLE(b + 8);               // Capabilities (4 bytes)
        byte[] guid = new byte[16];                           // ClientGuid (16 bytes)
        msg.getBytes(b + 12, guid);
        int ctxOffset = msg.getIntLE(b + 28);                 // NegotiateContextOffset (4 bytes)
        int ctxCount = msg.getUnsignedShortLE(b + 32);        // NegotiateContextCount (2 bytes), Reserved2 (2 bytes)
        if (dialectCount == 0 || dialectCount > MAX_DIALECTS || 64 + STRUCTURE_SIZE + 2 * dialectCount > len) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "bad DialectCount " + dialectCount);
        }
        int[] dialects = new int[dialectCount];
        for (int i = 0; i < dialectCount; i++) {
            dialects[i] = msg.getUnsignedShortLE(b + STRUCTURE_SIZE + 2 * i);
        }
        boolean offers311 = false;
        for (int d : dialects) {
            offers311 |= d == 0x0311;
        }
        // The context fields overlay ClientStartTime for older dialects: only meaningful when 3.1.1 is offered.
        List<NegotiateContext> contexts = offers311 && ctxCount > 0
                ? NegotiateContext.readList(msg, checkedOffset(ctxOffset, len), ctxCount)
                : List.of();
        return new NegotiateRequest(securityMode, capabilities, guid, dialects, contexts);
    }

    private static int checkedOffset(int offset, int len) {
        if (offset < 64 + STRUCTURE_SIZE || offset > len) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "bad NegotiateContextOffset");
        }
        return offset;
    }

    /** Client-side encoding, used by tests and the raw test client. */
    public void encode(ByteBuf out) {
        int headerStart = out.writerIndex() - 64;
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeShortLE(dialects.length);                    // DialectCount (2 bytes)
        out.writeShortLE(securityMode);                       // SecurityMode (2 bytes)
        out.writeShortLE(0);                                  // Reserved (2 bytes)
        out.writeIntLE(capabilities);                         // Capabilities (4 bytes)
        out.writeBytes(clientGuid);                           // ClientGuid (16 bytes)
        int ctxOffsetIndex = out.writerIndex();
        out.writeIntLE(0);                                    // NegotiateContextOffset (4 bytes), patched below
        out.writeShortLE(contexts.size());                    // NegotiateContextCount (2 bytes)
        out.writeShortLE(0);                                  // Reserved2 (2 bytes)
        for (int d : dialects) {
            out.writeShortLE(d);                              // Dialects (2 bytes each)
        }
        if (!contexts.isEmpty()) {
            NegotiateContext.padTo8(out, headerStart);
            out.setIntLE(ctxOffsetIndex, out.writerIndex() - headerStart);
            NegotiateContext.writeList(out, headerStart, contexts);
        }
    }
}
