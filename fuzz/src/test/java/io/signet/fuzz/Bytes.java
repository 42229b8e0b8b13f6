package io.signet.fuzz;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Small helpers shared by the fuzz tests. */
public final class Bytes {
    private Bytes() {
    }

    /** A 64-byte SMB2 header (ProtocolId set, the rest zero) followed by {@code body}: what a request decoder reads. */
    public static ByteBuf smb2Message(byte[] body) {
        ByteBuf msg = Unpooled.buffer(64 + body.length);
        msg.writeIntLE(0x424D53FE);
        msg.writeZero(60);
        msg.writeBytes(body);
        return msg;
    }

    /** The readable bytes of {@code buf}, without moving its indices. */
    public static byte[] of(ByteBuf buf) {
        byte[] out = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), out);
        return out;
    }
}
