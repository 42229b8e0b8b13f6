package io.signet.protocol.crypto;

import io.netty.buffer.ByteBuf;

/**
 * Signs and verifies SMB2 messages in place with one signing key ([MS-SMB2] 3.1.4.1 Signing An Outgoing Message,
 * 3.1.5.1 Verifying An Incoming Message).
 *
 * <p>Make one instance per (session, connection) and reuse it for every message: the JDK {@code Mac}/{@code Cipher}
 * behind it is created and keyed once. Instances are <b>not thread-safe</b>; a connection's event loop owns its
 * signers. Both methods borrow the buffer (no retain, no release) and never move its reader or writer index.
 */
public interface MessageSigner {

    /**
     * Signs one message. {@code buf[offset, offset+length)} is exactly one SMB2 message, header at {@code offset}
     * (in a compound chain: one element including its trailing alignment padding). The caller has already set
     * SMB2_FLAGS_SIGNED in the header. The MAC is computed as if the 16-byte Signature field at {@code offset + 48}
     * were zero, over the whole range, and the 16-byte signature is written into that field.
     *
     * @throws IllegalArgumentException if {@code length} is shorter than the 64-byte SMB2 header
     * @throws IndexOutOfBoundsException if the range is not inside the buffer
     * @throws IllegalStateException if the algorithm refuses to sign this message (see the AES-GMAC signer: two
     *                               different messages with the same MessageId and direction in a row)
     */
    void sign(ByteBuf buf, int offset, int length);

    /**
     * True iff the Signature field at {@code offset + 48} holds the correct signature for
     * {@code buf[offset, offset+length)}. The comparison is constant-time ({@code MessageDigest.isEqual}) and the
     * buffer is only read: its contents are identical on return. A range shorter than an SMB2 header is not valid.
     *
     * @throws IndexOutOfBoundsException if the range is not inside the buffer
     */
    boolean isValid(ByteBuf buf, int offset, int length);
}
