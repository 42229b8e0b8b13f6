package io.signet.server.testclient;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.status.NtStatus;

/**
 * One SMB2 message as received (the Direct TCP header stripped): the header fields and raw little-endian reads of the
 * body, for assertions. Heap-backed, so nothing needs releasing.
 */
public final class Smb2Response {
    private final byte[] message;
    private final Smb2Header header;

    Smb2Response(byte[] message) {
        if (message.length < Smb2Header.SIZE) {
            throw new IllegalStateException("message of " + message.length + " bytes is shorter than an SMB2 header");
        }
        this.message = message;
        ByteBuf b = buf();
        if (b.getIntLE(0) != Smb2Header.PROTOCOL_ID) {
            throw new IllegalStateException("not an SMB2 message: protocol id 0x" + Integer.toHexString(b.getIntLE(0)));
        }
        this.header = Smb2Header.read(b, 0);
    }

    /** The whole message, header included, as a fresh unpooled view (reader index 0). */
    public ByteBuf buf() {
        return Unpooled.wrappedBuffer(message);
    }

    public byte[] bytes() {
        return message.clone();
    }

    public Smb2Header header() {
        return header;
    }

    public int statusCode() {
        return header.status();
    }

    /** The status as the enum, or null when the server sent a code the enum does not list. */
    public NtStatus status() {
        return NtStatus.fromCode(header.status());
    }

    /** The body's StructureSize, the first two bytes after the header. */
    public int structureSize() {
        return bodyU16(0);
    }

    /** Unsigned 16-bit little-endian field at {@code offset} from the start of the body. */
    public int bodyU16(int offset) {
        return buf().getUnsignedShortLE(Smb2Header.SIZE + offset);
    }

    /** 32-bit little-endian field at {@code offset} from the start of the body. */
    public int bodyU32(int offset) {
        return buf().getIntLE(Smb2Header.SIZE + offset);
    }

    public int length() {
        return message.length;
    }

    @Override
    public String toString() {
        NtStatus s = status();
        return "Smb2Response[command=0x" + Integer.toHexString(header.commandCode()) + ", mid=" + header.messageId()
                + ", status=" + (s != null ? s : "0x" + Integer.toHexString(header.status())) + ", " + message.length
                + " bytes]";
    }
}
