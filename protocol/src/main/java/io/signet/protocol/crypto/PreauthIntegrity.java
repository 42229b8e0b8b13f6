package io.signet.protocol.crypto;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * SMB 3.1.1 pre-authentication integrity with SHA-512, HashAlgorithmId 0x0001 ([MS-SMB2] 2.2.3.1.1; server side
 * 3.3.5.4 Receiving an SMB2 NEGOTIATE Request and 3.3.5.5 Receiving an SMB2 SESSION_SETUP Request).
 *
 * <p>The chain starts at 64 zero bytes; the connection hashes the NEGOTIATE request and response; each session (and
 * each binding attempt) starts from the connection's value and hashes every SESSION_SETUP request and every response
 * with STATUS_MORE_PROCESSING_REQUIRED, but not the final STATUS_SUCCESS response. Messages are hashed exactly as on
 * the wire, starting at the 0xFE 'S' 'M' 'B' protocol id (no transport header), signature field included.
 */
public final class PreauthIntegrity {
    public static final int HASH_LENGTH = 64;

    private PreauthIntegrity() {
    }

    /** The initial value: 64 zero bytes. */
    public static byte[] initial() {
        return new byte[HASH_LENGTH];
    }

    /**
     * {@code SHA-512(previous || buf[offset, offset+length))}. Borrows {@code buf}; indices and contents unchanged.
     *
     * @param previous the current 64-byte hash value (not modified)
     */
    public static byte[] update(byte[] previous, ByteBuf buf, int offset, int length) {
        Objects.requireNonNull(previous, "previous");
        if (previous.length != HASH_LENGTH) {
            throw new IllegalArgumentException("a SHA-512 preauth hash is 64 bytes, got " + previous.length);
        }
        if (offset < 0 || length < 0 || offset > buf.capacity() - length) {
            throw new IndexOutOfBoundsException(
                    "message [" + offset + ", +" + length + ") outside buffer of capacity " + buf.capacity());
        }
        MessageDigest sha512 = Crypto.digest("SHA-512");
        sha512.update(previous);
        if (length > 0) {
            for (ByteBuffer part : buf.nioBuffers(offset, length)) {
                sha512.update(part);
            }
        }
        return sha512.digest();
    }
}
