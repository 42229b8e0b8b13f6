package io.signet.server.probe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.status.NtStatus;
import java.io.IOException;

/** One SMB2 response as received: its header and its bytes. */
record Reply(Smb2Header header, byte[] bytes) {
    static Reply parse(byte[] message) throws IOException {
        ByteBuf buf = Unpooled.wrappedBuffer(message);
        if (Smb2Header.readProtocolId(buf, 0) != Smb2Header.PROTOCOL_ID || Smb2Header.readStructureSize(buf, 0) != 64) {
            throw new IOException("the server answered something that is not an SMB2 message");
        }
        return new Reply(Smb2Header.read(buf, 0), message);
    }

    int status() {
        return header.status();
    }

    /** The message as a buffer for protocol's decoders; it wraps the bytes, nothing to release. */
    ByteBuf buf() {
        return Unpooled.wrappedBuffer(bytes);
    }

    /** The status by its [MS-ERREF] name when protocol knows it, else in hex. */
    String statusName() {
        return statusName(status());
    }

    static String statusName(int status) {
        NtStatus known = NtStatus.fromCode(status);
        return known != null ? known.name() : String.format("0x%08X", status);
    }
}
