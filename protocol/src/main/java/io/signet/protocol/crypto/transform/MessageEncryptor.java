package io.signet.protocol.crypto.transform;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;

/**
 * Encrypts and decrypts whole SMB2 messages (a single message or a compound) under one key: the SMB2
 * TRANSFORM_HEADER of [MS-SMB2] 2.2.41 and the encryption of [MS-SMB2] 3.1.4.3, for the four ciphers of
 * {@link CipherId}.
 *
 * <h2>Keys and directions</h2>
 * An instance holds one key and so serves one direction of one session. Which key is the caller's choice: the server
 * encrypts what it sends with {@code SessionKeys.serverEncryptionKey()} (Session.EncryptionKey, server-to-client) and
 * decrypts what it receives with {@code SessionKeys.serverDecryptionKey()} (Session.DecryptionKey,
 * client-to-server), one instance each. All channels of a multichannel session share the session's keys, so they
 * must share the encrypting instance too (with their own locking): separate instances under one key would rely on
 * their random prefixes alone to keep nonces apart.
 *
 * <h2>Nonces</h2>
 * [MS-SMB2] 3.1.4.3 requires that a nonce never be reused under a key. The nonce of {@link #encrypt} is a 64-bit
 * message counter, little-endian, followed by a random prefix drawn once per instance (3 bytes for CCM's 11-byte
 * nonce, 4 for GCM's 12), then zero padding to the 16-byte Nonce field. The counter starts at zero and the instance
 * refuses to encrypt once all 2^64 values are used, so an instance never repeats a nonce.
 *
 * <h2>Engines</h2>
 * GCM is {@link AesGcm}, on the JDK's AES-GCM encryption and AES-CTR; CCM is {@link AesCcm}, on the JDK's AES-CBC
 * and AES-CTR. Both transform the message in place, in chunks that pass through reused scratch arrays, so that no
 * array sized by the message is allocated whatever kind of buffer holds it (heap, direct, pooled, composite). A
 * read-only buffer is refused.
 *
 * <p>Not thread-safe: the engines and scratch arrays are reused from message to message.
 */
public final class MessageEncryptor {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CipherId cipherId;
    private final AesGcm gcm;
    private final AesCcm ccm;

    private final byte[] prefix;
    private long counter;
    private boolean counterExhausted;

    private final byte[] nonceField = new byte[TransformHeader.NONCE_FIELD_LENGTH];
    private final byte[] nonce;
    private final byte[] aad = new byte[TransformHeader.AAD_LENGTH];
    private final byte[] tag = new byte[TransformHeader.SIGNATURE_LENGTH];

    /**
     * @param cipher the negotiated cipher (always {@link CipherId#AES_128_CCM} for SMB 3.0 and 3.0.2)
     * @param key    the session's EncryptionKey or DecryptionKey, {@link CipherId#keyLength()} bytes (copied)
     */
    public MessageEncryptor(CipherId cipher, byte[] key) {
        this(cipher, key, randomPrefix(cipher), 0);
    }

    /** With a chosen nonce prefix and first counter value, so that tests can reach the end of the counter. */
    MessageEncryptor(CipherId cipher, byte[] key, byte[] prefix, long firstCounter) {
        this.cipherId = Objects.requireNonNull(cipher, "cipher");
        if (key.length != cipher.keyLength()) {
            throw new IllegalArgumentException(cipher + " needs a " + cipher.keyLength() + "-byte key, got "
                    + key.length);
        }
        if (prefix.length != cipher.nonceLength() - Long.BYTES) {
            throw new IllegalArgumentException("nonce prefix must be " + (cipher.nonceLength() - Long.BYTES)
                    + " bytes, got " + prefix.length);
        }
        this.prefix = prefix.clone();
        this.counter = firstCounter;
        this.nonce = new byte[cipher.nonceLength()];
        if (cipher.isCcm()) {
            this.ccm = new AesCcm(key);
            this.gcm = null;
        } else {
            this.gcm = new AesGcm(key);
            this.ccm = null;
        }
    }

    public CipherId cipher() {
        return cipherId;
    }

    /**
     * Encrypts the {@code length} bytes at {@code headerOffset + 52} (one SMB2 message or a compound) in place and
     * writes the TRANSFORM_HEADER into the 52 bytes the caller reserved at {@code headerOffset}: a fresh nonce,
     * OriginalMessageSize = {@code length}, Flags = 0x0001, {@code sessionId}, and the tag as Signature. The AAD is
     * header bytes 20 to 51 ([MS-SMB2] 3.1.4.3). The buffer's reader and writer indices do not move.
     *
     * @throws IndexOutOfBoundsException if {@code [headerOffset, headerOffset + 52 + length)} is not inside the
     *                                   written part of {@code buf}
     * @throws IllegalArgumentException  if the buffer is read-only
     * @throws IllegalStateException     if this instance has used all 2^64 nonces (nothing is written then)
     */
    public void encrypt(ByteBuf buf, int headerOffset, int length, long sessionId) {
        checkBuffer(buf, headerOffset, length);
        if (counterExhausted) {
            throw new IllegalStateException("all 2^64 nonces of this key are used; the session must be re-keyed");
        }
        Arrays.fill(nonceField, (byte) 0);
        long c = counter;
        for (int i = 0; i < Long.BYTES; i++) {
            nonceField[i] = (byte) (c >>> (8 * i));
        }
        System.arraycopy(prefix, 0, nonceField, Long.BYTES, prefix.length);
        if (c == -1L) {
            counterExhausted = true; // -1 is 2^64 - 1 unsigned, the last value
        } else {
            counter = c + 1;
        }
        seal(buf, headerOffset, length, sessionId, nonceField);
    }

    /**
     * {@link #encrypt} with the whole 16-byte Nonce field given, to reproduce published messages: Windows 8 left
     * non-zero bytes in the padding. Production code must not use it: nothing stops a nonce from repeating here.
     */
    void encryptWithNonceField(ByteBuf buf, int headerOffset, int length, long sessionId, byte[] nonceField16) {
        if (nonceField16.length != TransformHeader.NONCE_FIELD_LENGTH) {
            throw new IllegalArgumentException("Nonce field must be 16 bytes, got " + nonceField16.length);
        }
        checkBuffer(buf, headerOffset, length);
        seal(buf, headerOffset, length, sessionId, nonceField16.clone());
    }

    /**
     * Decrypts, in place, the message that follows the TRANSFORM_HEADER at {@code headerOffset}; the plaintext then
     * starts at {@code headerOffset + 52}. The caller has already chosen this instance (the key) from the header's
     * SessionId, for instance with {@link TransformHeader#decode}. The buffer's reader and writer indices do not
     * move.
     *
     * <p>Every {@link SmbException} from here means the message must not be processed; [MS-SMB2] 3.3.5.2.1.1 has
     * the server disconnect. The primitive accepts an empty plaintext; the SMB2-header minimum that 3.3.5.2.1.1 also
     * asks for is the caller's check.
     *
     * @param totalLength the transformed message's length, header included
     * @return the plaintext length (OriginalMessageSize), {@code totalLength - 52}
     * @throws SmbException              STATUS_INVALID_PARAMETER if {@code totalLength} is shorter than the header,
     *                                   the ProtocolId is wrong, Flags is not 0x0001, or OriginalMessageSize is not
     *                                   exactly the number of bytes after the header; STATUS_ACCESS_DENIED if the
     *                                   tag does not verify, in which case the ciphertext range is overwritten with
     *                                   zeros
     * @throws IndexOutOfBoundsException if {@code [headerOffset, headerOffset + totalLength)} is not inside the
     *                                   written part of {@code buf} (a caller bug, not a malformed message)
     * @throws IllegalArgumentException  if the buffer is read-only
     */
    public int decrypt(ByteBuf buf, int headerOffset, int totalLength) {
        Objects.checkFromIndexSize(headerOffset, totalLength, buf.writerIndex());
        if (totalLength < TransformHeader.SIZE) {
            throw TransformHeader.malformed("transformed message of " + totalLength + " bytes is shorter than the "
                    + TransformHeader.SIZE + "-byte TRANSFORM_HEADER");
        }
        checkWritable(buf);
        TransformHeader header = TransformHeader.decode(buf, headerOffset);
        if (header.flags() != TransformHeader.FLAG_ENCRYPTED) {
            throw TransformHeader.malformed("TRANSFORM_HEADER Flags 0x" + Integer.toHexString(header.flags())
                    + " is not Encrypted (0x0001)");
        }
        int length = totalLength - TransformHeader.SIZE;
        if (header.originalMessageSizeUnsigned() != length) {
            throw TransformHeader.malformed("OriginalMessageSize " + header.originalMessageSizeUnsigned() + " but "
                    + length + " bytes follow the TRANSFORM_HEADER");
        }
        buf.getBytes(headerOffset + TransformHeader.OFFSET_SIGNATURE, tag);
        buf.getBytes(headerOffset + TransformHeader.OFFSET_AAD, aad);
        System.arraycopy(aad, 0, nonce, 0, nonce.length); // the Nonce field opens the AAD
        int dataIndex = headerOffset + TransformHeader.SIZE;
        try {
            if (ccm != null) {
                ccm.decrypt(nonce, aad, aad.length, buf, dataIndex, length, tag, 0);
            } else {
                gcm.open(nonce, aad, buf, dataIndex, length, tag);
            }
        } catch (AEADBadTagException e) {
            // AesGcm and AesCcm have already overwritten the range with zeros.
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "TRANSFORM_HEADER Signature does not verify");
        }
        return length;
    }

    private void seal(ByteBuf buf, int headerOffset, int length, long sessionId, byte[] nonceField16) {
        Arrays.fill(tag, (byte) 0);
        TransformHeader.set(buf, headerOffset, tag, nonceField16, length, TransformHeader.FLAG_ENCRYPTED,
                sessionId);
        buf.getBytes(headerOffset + TransformHeader.OFFSET_AAD, aad);
        System.arraycopy(nonceField16, 0, nonce, 0, nonce.length);
        int dataIndex = headerOffset + TransformHeader.SIZE;
        if (ccm != null) {
            ccm.encrypt(nonce, aad, aad.length, buf, dataIndex, length, tag, 0);
        } else {
            gcm.seal(nonce, aad, buf, dataIndex, length, tag);
        }
        buf.setBytes(headerOffset + TransformHeader.OFFSET_SIGNATURE, tag);
    }

    private static void checkBuffer(ByteBuf buf, int headerOffset, int length) {
        if (length < 0 || headerOffset < 0
                || headerOffset + (long) TransformHeader.SIZE + length > buf.writerIndex()) {
            throw new IndexOutOfBoundsException("header at " + headerOffset + " and " + length
                    + " bytes of message do not fit the " + buf.writerIndex() + " written bytes");
        }
        checkWritable(buf);
    }

    private static void checkWritable(ByteBuf buf) {
        if (buf.isReadOnly()) {
            throw new IllegalArgumentException("cannot encrypt or decrypt in place in a read-only buffer");
        }
    }

    private static byte[] randomPrefix(CipherId cipher) {
        byte[] p = new byte[cipher.nonceLength() - Long.BYTES];
        RANDOM.nextBytes(p);
        return p;
    }
}
