package io.signet.protocol.crypto;

import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * AES-128-GMAC message signing ([MS-SMB2] 3.1.4.1, SigningAlgorithmId 0x0002, dialect 3.1.1 only; RFC 4543): GCM
 * with the signing key, the whole message (Signature zeroed) as AAD, an empty plaintext, and the 16-byte tag as the
 * signature. See {@link AesGmac} for how the JDK's GCM is driven.
 *
 * <p>The 12-byte nonce ([MS-SMB2] 3.1.4.1) is the header's MessageId (8 bytes, copied as they are, little-endian)
 * followed by a little-endian uint32 whose bit 0 says the sender is the server (SMB2_FLAGS_SERVER_TO_REDIR) and whose
 * bit 1 says the message is an SMB2 CANCEL request; the other 30 bits are zero.
 *
 * <p>GMAC tags of two different messages under one nonce reveal the hash key, after which anyone can forge
 * signatures. MessageIds are unique per connection, and the server does not sign interim responses ([MS-SMB2]
 * 3.3.4.1.1), so a sender never legitimately signs two different messages with one MessageId. As a last line of
 * defence, {@link #sign} refuses (IllegalStateException, nothing written) when the nonce equals the previous signed
 * nonce and the tag differs from the previous tag, i.e. when the content changed; re-signing identical bytes is
 * harmless and allowed. Verification reveals nothing but a boolean, so it accepts any nonce, including a replayed
 * request's.
 */
final class AesGmacSigner extends AbstractMessageSigner {
    private final AesGmac gmac;
    private final byte[] nonce = new byte[AesGmac.NONCE_LENGTH];
    private final byte[] lastSignedNonce = new byte[AesGmac.NONCE_LENGTH];
    private final byte[] lastSignedTag = new byte[AesGmac.TAG_LENGTH];
    private boolean signedBefore;

    AesGmacSigner(byte[] key) {
        gmac = new AesGmac(key);
    }

    @Override
    protected void begin(byte[] header, int length, boolean signing) {
        nonce(header, nonce);
        gmac.start(nonce, length);
    }

    @Override
    protected void update(byte[] b, int off, int len) {
        gmac.update(b, off, len);
    }

    @Override
    protected void finish(byte[] tag, boolean signing) {
        gmac.finish(tag, 0);
        if (!signing) {
            return;
        }
        if (signedBefore && Arrays.equals(nonce, lastSignedNonce) && !MessageDigest.isEqual(tag, lastSignedTag)) {
            Arrays.fill(tag, (byte) 0);
            throw new IllegalStateException("refusing to sign a second, different message under AES-GMAC nonce "
                    + "of MessageId " + littleEndianLong(nonce) + ": it would expose the signing key's hash key");
        }
        System.arraycopy(nonce, 0, lastSignedNonce, 0, nonce.length);
        System.arraycopy(tag, 0, lastSignedTag, 0, tag.length);
        signedBefore = true;
    }

    @Override
    protected void abort() {
        gmac.reset();
    }

    /** [MS-SMB2] 3.1.4.1: the AES-GMAC nonce of the message whose 64-byte header is in {@code header}. */
    static void nonce(byte[] header, byte[] out) {
        System.arraycopy(header, Smb2Header.OFFSET_MESSAGE_ID, out, 0, 8);
        boolean fromServer = (header[Smb2Header.OFFSET_FLAGS] & Smb2Header.FLAG_SERVER_TO_REDIR) != 0;
        int command = (header[Smb2Header.OFFSET_COMMAND] & 0xFF) | (header[Smb2Header.OFFSET_COMMAND + 1] & 0xFF) << 8;
        boolean cancelRequest = !fromServer && command == Smb2Command.CANCEL.code();
        out[8] = (byte) ((fromServer ? 1 : 0) | (cancelRequest ? 2 : 0));
        out[9] = 0;
        out[10] = 0;
        out[11] = 0;
    }

    private static long littleEndianLong(byte[] b) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }
}
