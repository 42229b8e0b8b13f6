package io.signet.protocol.crypto.transform;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * [MS-SMB2] 2.2.41 SMB2 TRANSFORM_HEADER: 52 bytes in front of an encrypted message (or compound).
 *
 * <pre>
 * off len
 *  0   4  ProtocolId          0xFD 'S' 'M' 'B'
 *  4  16  Signature           the AEAD tag
 * 20  16  Nonce               11 (CCM) or 12 (GCM) bytes of nonce, then zero padding
 * 36   4  OriginalMessageSize size of the plaintext message(s)
 * 40   2  Reserved
 * 42   2  Flags               3.1.1: Encrypted (0x0001); 3.0/3.0.2: EncryptionAlgorithm, AES-128-CCM (0x0001)
 * 44   8  SessionId
 * </pre>
 * Bytes 20 to 51, Nonce through SessionId, are the additional authenticated data ([MS-SMB2] 3.1.4.3).
 *
 * @param signature16         the 16-byte Signature field (copied)
 * @param nonce16             the whole 16-byte Nonce field, padding included (copied)
 * @param originalMessageSize OriginalMessageSize, an unsigned 32-bit value held in an int
 *                            (see {@link #originalMessageSizeUnsigned()})
 * @param flags               Flags / EncryptionAlgorithm, 16 bits
 * @param sessionId           SessionId
 */
public record TransformHeader(byte[] signature16, byte[] nonce16, int originalMessageSize, int flags,
                              long sessionId) {
    public static final int SIZE = 52;
    /** 0xFD 'S' 'M' 'B' read as a little-endian int. */
    public static final int PROTOCOL_ID = 0x424D53FD;
    /** [MS-SMB2] 2.2.41: the only defined value of Flags (3.1.1) and of EncryptionAlgorithm (3.0/3.0.2). */
    public static final int FLAG_ENCRYPTED = 0x0001;

    public static final int OFFSET_SIGNATURE = 4;
    public static final int OFFSET_NONCE = 20;
    public static final int OFFSET_ORIGINAL_MESSAGE_SIZE = 36;
    public static final int OFFSET_FLAGS = 42;
    public static final int OFFSET_SESSION_ID = 44;
    /** The AAD runs from the Nonce to the end of the header. */
    public static final int OFFSET_AAD = OFFSET_NONCE;
    public static final int AAD_LENGTH = SIZE - OFFSET_AAD;
    public static final int SIGNATURE_LENGTH = 16;
    public static final int NONCE_FIELD_LENGTH = 16;

    public TransformHeader {
        if (signature16.length != SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("Signature must be 16 bytes, got " + signature16.length);
        }
        if (nonce16.length != NONCE_FIELD_LENGTH) {
            throw new IllegalArgumentException("Nonce field must be 16 bytes, got " + nonce16.length);
        }
        if ((flags & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("Flags is 16 bits, got 0x" + Integer.toHexString(flags));
        }
        signature16 = signature16.clone();
        nonce16 = nonce16.clone();
    }

    /** SessionId (8 bytes) of the header at absolute {@code index}, read without decoding the rest. */
    public static long readSessionId(ByteBuf buf, int index) {
        return buf.getLongLE(index + OFFSET_SESSION_ID);
    }

    /**
     * Reads the header at absolute {@code index} without moving the buffer's indices.
     *
     * @throws SmbException STATUS_INVALID_PARAMETER if fewer than 52 written bytes follow {@code index} or the
     *                      ProtocolId is not 0xFD 'S' 'M' 'B'
     */
    public static TransformHeader decode(ByteBuf buf, int index) {
        if (index < 0 || index > buf.writerIndex() - SIZE) {
            throw malformed("TRANSFORM_HEADER needs " + SIZE + " bytes at " + index + ", the buffer has "
                    + Math.max(0, buf.writerIndex() - Math.max(0, index)));
        }
        int protocolId = buf.getIntLE(index);
        if (protocolId != PROTOCOL_ID) {
            throw malformed("not a TRANSFORM_HEADER: ProtocolId 0x" + Integer.toHexString(protocolId));
        }
        byte[] signature = new byte[SIGNATURE_LENGTH];
        buf.getBytes(index + OFFSET_SIGNATURE, signature);
        byte[] nonce = new byte[NONCE_FIELD_LENGTH];
        buf.getBytes(index + OFFSET_NONCE, nonce);
        return new TransformHeader(signature, nonce,
                buf.getIntLE(index + OFFSET_ORIGINAL_MESSAGE_SIZE),
                buf.getUnsignedShortLE(index + OFFSET_FLAGS),
                buf.getLongLE(index + OFFSET_SESSION_ID));
    }

    /** Writes the 52 bytes at the writer index. */
    public void encode(ByteBuf out) {
        int index = out.writerIndex();
        out.ensureWritable(SIZE);
        set(out, index, signature16, nonce16, originalMessageSize, flags, sessionId);
        out.writerIndex(index + SIZE);
    }

    /** Writes a header at absolute {@code index}; shared by {@link #encode} and the encryptor, which patches in place. */
    static void set(ByteBuf buf, int index, byte[] signature, byte[] nonce, int originalMessageSize, int flags,
                    long sessionId) {
        buf.setIntLE(index, PROTOCOL_ID);                                          // ProtocolId (4 bytes)
        buf.setBytes(index + OFFSET_SIGNATURE, signature, 0, SIGNATURE_LENGTH);    // Signature (16 bytes)
        buf.setBytes(index + OFFSET_NONCE, nonce, 0, NONCE_FIELD_LENGTH);          // Nonce (16 bytes)
        buf.setIntLE(index + OFFSET_ORIGINAL_MESSAGE_SIZE, originalMessageSize);   // OriginalMessageSize (4 bytes)
        buf.setShortLE(index + 40, 0);                                             // Reserved (2 bytes)
        buf.setShortLE(index + OFFSET_FLAGS, flags);                               // Flags (2 bytes)
        buf.setLongLE(index + OFFSET_SESSION_ID, sessionId);                       // SessionId (8 bytes)
    }

    @Override
    public byte[] signature16() {
        return signature16.clone();
    }

    @Override
    public byte[] nonce16() {
        return nonce16.clone();
    }

    /** OriginalMessageSize as the unsigned value it is on the wire. */
    public long originalMessageSizeUnsigned() {
        return Integer.toUnsignedLong(originalMessageSize);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransformHeader h
                && Arrays.equals(signature16, h.signature16)
                && Arrays.equals(nonce16, h.nonce16)
                && originalMessageSize == h.originalMessageSize
                && flags == h.flags
                && sessionId == h.sessionId;
    }

    @Override
    public int hashCode() {
        int h = Arrays.hashCode(signature16);
        h = 31 * h + Arrays.hashCode(nonce16);
        h = 31 * h + originalMessageSize;
        h = 31 * h + flags;
        return 31 * h + Long.hashCode(sessionId);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "TransformHeader[signature=" + hex.formatHex(signature16) + ", nonce=" + hex.formatHex(nonce16)
                + ", originalMessageSize=" + originalMessageSizeUnsigned() + ", flags=0x"
                + Integer.toHexString(flags) + ", sessionId=0x" + Long.toHexString(sessionId) + "]";
    }

    static SmbException malformed(String reason) {
        return new SmbException(NtStatus.STATUS_INVALID_PARAMETER, reason);
    }
}
