package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.util.List;

/** [MS-SMB2] 2.2.4 SMB2 NEGOTIATE Response. */
public record NegotiateResponse(int securityMode, int dialectRevision, byte[] serverGuid, int capabilities,
                                int maxTransactSize, int maxReadSize, int maxWriteSize, long systemTime,
                                long serverStartTime, byte[] securityBuffer, List<NegotiateContext> contexts) {
    public static final int STRUCTURE_SIZE = 65;

    public static final int SIGNING_ENABLED = 0x0001;
    public static final int SIGNING_REQUIRED = 0x0002;

    public static final int CAP_DFS = 0x00000001;
    public static final int CAP_LEASING = 0x00000002;
    public static final int CAP_LARGE_MTU = 0x00000004;
    public static final int CAP_MULTI_CHANNEL = 0x00000008;
    public static final int CAP_PERSISTENT_HANDLES = 0x00000010;
    public static final int CAP_DIRECTORY_LEASING = 0x00000020;
    public static final int CAP_ENCRYPTION = 0x00000040;

    public void encode(ByteBuf out) {
        int headerStart = out.writerIndex() - 64;
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeShortLE(securityMode);                       // SecurityMode (2 bytes)
        out.writeShortLE(dialectRevision);                    // DialectRevision (2 bytes)
        out.writeShortLE(contexts.size());                    // NegotiateContextCount / Reserved (2 bytes)
        out.writeBytes(serverGuid);                           // ServerGuid (16 bytes)
        out.writeIntLE(capabilities);                         // Capabilities (4 bytes)
        out.writeIntLE(maxTransactSize);                      // MaxTransactSize (4 bytes)
        out.writeIntLE(maxReadSize);                          // MaxReadSize (4 bytes)
        out.writeIntLE(maxWriteSize);                         // MaxWriteSize (4 bytes)
        out.writeLongLE(systemTime);                          // SystemTime (8 bytes)
        out.writeLongLE(serverStartTime);                     // ServerStartTime (8 bytes)
        out.writeShortLE(64 + 64);                            // SecurityBufferOffset (2 bytes): right after the fixed part
        out.writeShortLE(securityBuffer.length);              // SecurityBufferLength (2 bytes)
        int ctxOffsetIndex = out.writerIndex();
        out.writeIntLE(0);                                    // NegotiateContextOffset / Reserved2 (4 bytes)
        out.writeBytes(securityBuffer);                       // Buffer (variable)
        if (!contexts.isEmpty()) {
            NegotiateContext.padTo8(out, headerStart);
            out.setIntLE(ctxOffsetIndex, out.writerIndex() - headerStart);
            NegotiateContext.writeList(out, headerStart, contexts);
        } else if (securityBuffer.length == 0) {
            out.writeByte(0);                                 // the fixed part's odd StructureSize implies 1 buffer byte
        }
    }

    /** Client-side decoding, used by tests and the raw test client. */
    public static NegotiateResponse decode(ByteBuf msg) {
        int len = msg.readableBytes();
        int r = msg.readerIndex();
        int b = r + 64;
        if (len < 64 + 64 || msg.getUnsignedShortLE(b) != STRUCTURE_SIZE) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "bad NEGOTIATE response StructureSize");
        }
        int ctxCount = msg.getUnsignedShortLE(b + 6);
        byte[] guid = new byte[16];
        msg.getBytes(b + 8, guid);
        int secOffset = msg.getUnsignedShortLE(b + 56);
        int secLength = msg.getUnsignedShortLE(b + 58);
        if (secOffset + secLength > len) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "security buffer past message end");
        }
        byte[] sec = new byte[secLength];
        msg.getBytes(r + secOffset, sec);
        int dialect = msg.getUnsignedShortLE(b + 4);
        List<NegotiateContext> contexts = dialect == 0x0311 && ctxCount > 0
                ? NegotiateContext.readList(msg, msg.getIntLE(b + 60), ctxCount)
                : List.of();
        return new NegotiateResponse(msg.getUnsignedShortLE(b + 2), dialect, guid, msg.getIntLE(b + 24),
                msg.getIntLE(b + 28), msg.getIntLE(b + 32), msg.getIntLE(b + 36), msg.getLongLE(b + 40),
                msg.getLongLE(b + 48), sec, contexts);
    }
}
