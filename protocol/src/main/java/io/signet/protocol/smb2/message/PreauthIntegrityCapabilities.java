package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;

/**
 * [MS-SMB2] 2.2.3.1.1 SMB2_PREAUTH_INTEGRITY_CAPABILITIES: the hash algorithms for the preauthentication integrity
 * hash, and a salt.
 *
 * @param hashAlgorithms in the sender's order
 * @param salt           as sent; a Salt shorter than SaltLength is kept as far as the context goes, since the server
 *                       never uses the client's salt
 */
public record PreauthIntegrityCapabilities(List<Integer> hashAlgorithms, byte[] salt)
        implements NegotiateContextData {
    /** HashAlgorithms value SHA-512, the only one [MS-SMB2] defines. */
    public static final int SHA_512 = 0x0001;
    /** HashAlgorithmCount (2 bytes), SaltLength (2 bytes). */
    private static final int FIXED = 4;

    public PreauthIntegrityCapabilities {
        hashAlgorithms = AlgorithmIds.checked(hashAlgorithms, "HashAlgorithms");
        if (salt.length > 0xFFFF) {
            throw new IllegalArgumentException("SaltLength is 2 bytes: " + salt.length);
        }
        salt = salt.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    public boolean offers(int hashAlgorithm) {
        return hashAlgorithms.contains(hashAlgorithm);
    }

    /** Decodes the context's data; a zero or overrunning HashAlgorithmCount is STATUS_INVALID_PARAMETER. */
    public static PreauthIntegrityCapabilities decode(ByteBuf data) {
        List<Integer> hashes = AlgorithmIds.read(data, FIXED);
        int saltLength = data.getUnsignedShortLE(data.readerIndex() + 2);
        int saltStart = FIXED + 2 * hashes.size();
        byte[] salt = new byte[Math.min(saltLength, data.readableBytes() - saltStart)];
        data.getBytes(data.readerIndex() + saltStart, salt);
        return new PreauthIntegrityCapabilities(hashes, salt);
    }

    @Override
    public ByteBuf encode() {
        ByteBuf out = Unpooled.buffer(FIXED + 2 * hashAlgorithms.size() + salt.length);
        out.writeShortLE(hashAlgorithms.size());           // HashAlgorithmCount (2 bytes)
        out.writeShortLE(salt.length);                     // SaltLength (2 bytes)
        AlgorithmIds.writeIds(out, hashAlgorithms);        // HashAlgorithms (2 bytes each)
        out.writeBytes(salt);                              // Salt (variable)
        return out;
    }

    @Override
    public int contextType() {
        return NegotiateContext.PREAUTH_INTEGRITY_CAPABILITIES;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreauthIntegrityCapabilities p && hashAlgorithms.equals(p.hashAlgorithms)
                && Arrays.equals(salt, p.salt);
    }

    @Override
    public int hashCode() {
        return 31 * hashAlgorithms.hashCode() + Arrays.hashCode(salt);
    }

    @Override
    public String toString() {
        return "PreauthIntegrityCapabilities[hashAlgorithms=" + hashAlgorithms + ", salt=" + salt.length + " bytes]";
    }
}
