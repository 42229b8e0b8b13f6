package io.signet.protocol.smb2;

import io.netty.buffer.ByteBuf;

/**
 * [MS-SMB2] 2.2.1 SMB2 Packet Header (sync and async forms), 64 bytes.
 *
 * <p>A mutable holder: the request gate reads one per message and the response writer fills one per response.
 * Field offsets are the constants below so that signing code can patch a header in place.
 */
public final class Smb2Header {
    public static final int SIZE = 64;
    /** 0xFE 'S' 'M' 'B' read as a little-endian int. */
    public static final int PROTOCOL_ID = 0x424D53FE;

    public static final int OFFSET_CREDIT_CHARGE = 6;
    public static final int OFFSET_STATUS = 8;
    public static final int OFFSET_COMMAND = 12;
    public static final int OFFSET_CREDITS = 14;
    public static final int OFFSET_FLAGS = 16;
    public static final int OFFSET_NEXT_COMMAND = 20;
    public static final int OFFSET_MESSAGE_ID = 24;
    /** An async header's AsyncId (8 bytes), where a sync header has Reserved and TreeId. */
    public static final int OFFSET_ASYNC_ID = 32;
    /** A sync header's TreeId. */
    public static final int OFFSET_TREE_ID = 36;
    public static final int OFFSET_SESSION_ID = 40;
    public static final int OFFSET_SIGNATURE = 48;
    public static final int SIGNATURE_SIZE = 16;

    public static final int FLAG_SERVER_TO_REDIR = 0x00000001;
    public static final int FLAG_ASYNC_COMMAND = 0x00000002;
    public static final int FLAG_RELATED_OPERATIONS = 0x00000004;
    public static final int FLAG_SIGNED = 0x00000008;
    public static final int FLAG_PRIORITY_MASK = 0x00000070;
    public static final int FLAG_DFS_OPERATIONS = 0x10000000;
    public static final int FLAG_REPLAY_OPERATION = 0x20000000;

    private int creditCharge;
    private int status;
    private int command;
    private int credits;
    private int flags;
    private int nextCommand;
    private long messageId;
    private long asyncId;
    private int treeId;
    private long sessionId;

    /**
     * Reads a header from {@code buf} at absolute {@code index}, without moving indices. The caller has checked that
     * 64 readable bytes exist and that the protocol id matches.
     */
    public static Smb2Header read(ByteBuf buf, int index) {
        Smb2Header h = new Smb2Header();
        h.creditCharge = buf.getUnsignedShortLE(index + OFFSET_CREDIT_CHARGE);
        h.status = buf.getIntLE(index + OFFSET_STATUS);
        h.command = buf.getUnsignedShortLE(index + OFFSET_COMMAND);
        h.credits = buf.getUnsignedShortLE(index + OFFSET_CREDITS);
        h.flags = buf.getIntLE(index + OFFSET_FLAGS);
        h.nextCommand = buf.getIntLE(index + OFFSET_NEXT_COMMAND);
        h.messageId = buf.getLongLE(index + OFFSET_MESSAGE_ID);
        if ((h.flags & FLAG_ASYNC_COMMAND) != 0) {
            h.asyncId = buf.getLongLE(index + OFFSET_ASYNC_ID);
        } else {
            h.treeId = buf.getIntLE(index + OFFSET_TREE_ID);
        }
        h.sessionId = buf.getLongLE(index + OFFSET_SESSION_ID);
        return h;
    }

    // In-place accessors: the frame's header at absolute index {@code base} is read or patched without decoding it,
    // as the compound loop and the response builder do once a handler has run ([MS-SMB2] 3.3.4.1).

    /** ProtocolId (4 bytes), which tells an SMB2 header from an SMB1 or TRANSFORM one. */
    public static int readProtocolId(ByteBuf buf, int base) {
        return buf.getIntLE(base);
    }

    /** StructureSize (2 bytes): 64 in every well-formed header. */
    public static int readStructureSize(ByteBuf buf, int base) {
        return buf.getUnsignedShortLE(base + 4);
    }

    public static void setStatus(ByteBuf buf, int base, int status) {
        buf.setIntLE(base + OFFSET_STATUS, status);
    }

    public static void setCredits(ByteBuf buf, int base, int credits) {
        buf.setShortLE(base + OFFSET_CREDITS, credits);
    }

    public static int readFlags(ByteBuf buf, int base) {
        return buf.getIntLE(base + OFFSET_FLAGS);
    }

    public static void setFlags(ByteBuf buf, int base, int flags) {
        buf.setIntLE(base + OFFSET_FLAGS, flags);
    }

    public static void setNextCommand(ByteBuf buf, int base, int nextCommand) {
        buf.setIntLE(base + OFFSET_NEXT_COMMAND, nextCommand);
    }

    /** AsyncId (8 bytes) of an async header, which overlays a sync header's Reserved and TreeId. */
    public static void setAsyncId(ByteBuf buf, int base, long asyncId) {
        buf.setLongLE(base + OFFSET_ASYNC_ID, asyncId);
    }

    /** TreeId (4 bytes) of a sync header. */
    public static void setTreeId(ByteBuf buf, int base, int treeId) {
        buf.setIntLE(base + OFFSET_TREE_ID, treeId);
    }

    public static long readSessionId(ByteBuf buf, int base) {
        return buf.getLongLE(base + OFFSET_SESSION_ID);
    }

    public static void setSessionId(ByteBuf buf, int base, long sessionId) {
        buf.setLongLE(base + OFFSET_SESSION_ID, sessionId);
    }

    /** Copies the Signature field of the header at {@code fromBase} in {@code from} into this header. */
    public static void copySignature(ByteBuf buf, int base, ByteBuf from, int fromBase) {
        buf.setBytes(base + OFFSET_SIGNATURE, from, fromBase + OFFSET_SIGNATURE, SIGNATURE_SIZE);
    }

    public static void clearSignature(ByteBuf buf, int base) {
        buf.setZero(base + OFFSET_SIGNATURE, SIGNATURE_SIZE);
    }

    /** Writes the 64-byte header at the writer index; the signature field is written as zeros. */
    public void write(ByteBuf out) {
        out.writeIntLE(PROTOCOL_ID);          // ProtocolId (4 bytes)
        out.writeShortLE(SIZE);               // StructureSize (2 bytes)
        out.writeShortLE(creditCharge);       // CreditCharge (2 bytes)
        out.writeIntLE(status);               // Status (4 bytes)
        out.writeShortLE(command);            // Command (2 bytes)
        out.writeShortLE(credits);            // CreditRequest/CreditResponse (2 bytes)
        out.writeIntLE(flags);                // Flags (4 bytes)
        out.writeIntLE(nextCommand);          // NextCommand (4 bytes)
        out.writeLongLE(messageId);           // MessageId (8 bytes)
        if ((flags & FLAG_ASYNC_COMMAND) != 0) {
            out.writeLongLE(asyncId);         // AsyncId (8 bytes)
        } else {
            out.writeIntLE(0);                // Reserved / ProcessId (4 bytes)
            out.writeIntLE(treeId);           // TreeId (4 bytes)
        }
        out.writeLongLE(sessionId);           // SessionId (8 bytes)
        out.writeZero(SIGNATURE_SIZE);        // Signature (16 bytes)
    }

    public int creditCharge() { return creditCharge; }
    public Smb2Header creditCharge(int v) { creditCharge = v; return this; }
    public int status() { return status; }
    public Smb2Header status(int v) { status = v; return this; }
    public int commandCode() { return command; }
    public Smb2Command command() { return Smb2Command.fromCode(command); }
    public Smb2Header command(Smb2Command c) { command = c.code(); return this; }
    public Smb2Header commandCode(int v) { command = v; return this; }
    public int credits() { return credits; }
    public Smb2Header credits(int v) { credits = v; return this; }
    public int flags() { return flags; }
    public Smb2Header flags(int v) { flags = v; return this; }
    public boolean hasFlag(int flag) { return (flags & flag) != 0; }
    public int nextCommand() { return nextCommand; }
    public Smb2Header nextCommand(int v) { nextCommand = v; return this; }
    public long messageId() { return messageId; }
    public Smb2Header messageId(long v) { messageId = v; return this; }
    public long asyncId() { return asyncId; }
    public Smb2Header asyncId(long v) { asyncId = v; return this; }
    public int treeId() { return treeId; }
    public Smb2Header treeId(int v) { treeId = v; return this; }
    public long sessionId() { return sessionId; }
    public Smb2Header sessionId(long v) { sessionId = v; return this; }
}
