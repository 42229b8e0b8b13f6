package io.signet.interop.raw;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.crypto.MessageSigner;
import io.signet.protocol.smb2.Smb2Header;

/**
 * One SMB2 response as received: its header, its bytes, and whether it carried a signature that verified.
 *
 * @param signed         SMB2_FLAGS_SIGNED was set
 * @param signatureValid the signature verified with the session's signing key (false when unsigned, or when the
 *                       client had no key yet)
 */
public record RawResponse(Smb2Header header, byte[] bytes, boolean signed, boolean signatureValid) {

    public int status() {
        return header.status();
    }

    /** The message as a buffer for the protocol module's decoders (unpooled heap: nothing to release). */
    public ByteBuf buf() {
        return Unpooled.wrappedBuffer(bytes);
    }

    @Override
    public String toString() {
        return String.format("response to command 0x%04x mid=%d status=0x%08x %s, %d bytes", header.commandCode(),
                header.messageId(), header.status(),
                signed ? (signatureValid ? "signed" : "signed with a BAD signature") : "unsigned", bytes.length);
    }

    static RawResponse parse(byte[] message, MessageSigner verifier) {
        ByteBuf buf = Unpooled.wrappedBuffer(message);
        Smb2Header header = Smb2Header.read(buf, 0);
        boolean signed = header.hasFlag(Smb2Header.FLAG_SIGNED);
        boolean valid = signed && verifier != null && verifier.isValid(buf, 0, message.length);
        return new RawResponse(header, message, signed, valid);
    }
}
