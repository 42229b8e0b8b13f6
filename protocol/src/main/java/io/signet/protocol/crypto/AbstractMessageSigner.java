package io.signet.protocol.crypto;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb2.Smb2Header;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The part of [MS-SMB2] 3.1.4.1 / 3.1.5.1 that every algorithm shares: the MAC covers the whole message with the
 * 16-byte Signature field taken as zero.
 *
 * <p>The buffer is never written while a MAC is computed: the 64-byte header is copied into a scratch array whose
 * signature bytes are zero, and the body is read where it lies. A heap buffer's body goes to the MAC straight from
 * its backing array; any other buffer (direct, composite) is copied through this thread's scratch array ({@link Scratch}) of at most
 * {@link #CHUNK} bytes, which is what the JDK would do internally for a direct {@code ByteBuffer} anyway, minus its
 * per-call allocation. {@link #sign} then writes only the Signature field, so {@link #isValid} needs no
 * save/zero/restore and works on read-only buffers too.
 */
abstract class AbstractMessageSigner implements MessageSigner {
    static final int CHUNK = 32 * 1024;
    private static final int SIGNATURE_END = Smb2Header.OFFSET_SIGNATURE + Smb2Header.SIGNATURE_SIZE;

    private final byte[] header = new byte[Smb2Header.SIZE];
    private final byte[] computed = new byte[Smb2Header.SIGNATURE_SIZE];
    private final byte[] received = new byte[Smb2Header.SIGNATURE_SIZE];

    @Override
    public final void sign(ByteBuf buf, int offset, int length) {
        checkRange(buf, offset, length);
        if (length < Smb2Header.SIZE) {
            throw new IllegalArgumentException("an SMB2 message is at least 64 bytes, got " + length);
        }
        computeMac(buf, offset, length, true, computed);
        buf.setBytes(offset + Smb2Header.OFFSET_SIGNATURE, computed);
    }

    @Override
    public final boolean isValid(ByteBuf buf, int offset, int length) {
        checkRange(buf, offset, length);
        if (length < Smb2Header.SIZE) {
            return false;
        }
        buf.getBytes(offset + Smb2Header.OFFSET_SIGNATURE, received);
        computeMac(buf, offset, length, false, computed);
        return MessageDigest.isEqual(computed, received);
    }

    /**
     * Starts the MAC of a {@code length}-byte message. {@code header} is the message's header with a zeroed
     * Signature field; subclasses may read fields from it (AES-GMAC builds its nonce there).
     *
     * @param signing true for {@link #sign}, false for {@link #isValid}
     */
    protected abstract void begin(byte[] header, int length, boolean signing);

    protected abstract void update(byte[] b, int off, int len);

    /** Writes the 16-byte signature into {@code tag}. */
    protected abstract void finish(byte[] tag, boolean signing);

    /** Forgets a partly computed MAC so the next message starts clean. */
    protected abstract void abort();

    private void computeMac(ByteBuf buf, int offset, int length, boolean signing, byte[] tag) {
        buf.getBytes(offset, header, 0, Smb2Header.OFFSET_SIGNATURE);
        Arrays.fill(header, Smb2Header.OFFSET_SIGNATURE, SIGNATURE_END, (byte) 0);
        boolean done = false;
        try {
            begin(header, length, signing);
            update(header, 0, Smb2Header.SIZE);
            updateBody(buf, offset + Smb2Header.SIZE, length - Smb2Header.SIZE);
            finish(tag, signing);
            done = true;
        } finally {
            if (!done) {
                abort();
            }
        }
    }

    private void updateBody(ByteBuf buf, int index, int length) {
        if (length == 0) {
            return;
        }
        if (buf.hasArray()) {
            update(buf.array(), buf.arrayOffset() + index, length);
            return;
        }
        byte[] copyChunk = Scratch.array(Scratch.COPY, CHUNK);
        int end = index + length;
        while (index < end) {
            int n = Math.min(CHUNK, end - index);
            buf.getBytes(index, copyChunk, 0, n);
            update(copyChunk, 0, n);
            index += n;
        }
    }

    private static void checkRange(ByteBuf buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset > buf.capacity() - length) {
            throw new IndexOutOfBoundsException(
                    "message [" + offset + ", +" + length + ") outside buffer of capacity " + buf.capacity());
        }
    }
}
