package io.signet.bench;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.crypto.Crypto;
import io.signet.protocol.crypto.MessageSigner;
import io.signet.protocol.smb2.Smb2Header;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The obvious JDK route to AES-GMAC signing, for comparison: zero the Signature field in place, give the whole message
 * to {@code Cipher.updateAAD} and take the tag of an empty plaintext. Verification uses decrypt mode (the JDK refuses
 * to re-initialise encryption with the previous nonce, which is what verifying a just-signed message would do).
 */
final class JdkGcmAadSigner implements MessageSigner {
    private final Cipher encrypt = Crypto.cipher("AES/GCM/NoPadding");
    private final Cipher decrypt = Crypto.cipher("AES/GCM/NoPadding");
    private final SecretKeySpec key;
    private final byte[] nonce = new byte[12];
    private final byte[] tag = new byte[16];
    private final byte[] saved = new byte[16];

    JdkGcmAadSigner(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    @Override
    public void sign(ByteBuf buf, int offset, int length) {
        nonce(buf, offset);
        buf.setZero(offset + Smb2Header.OFFSET_SIGNATURE, 16);
        try {
            encrypt.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            encrypt.updateAAD(buf.nioBuffer(offset, length));
            encrypt.doFinal(tag, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        buf.setBytes(offset + Smb2Header.OFFSET_SIGNATURE, tag);
    }

    @Override
    public boolean isValid(ByteBuf buf, int offset, int length) {
        nonce(buf, offset);
        buf.getBytes(offset + Smb2Header.OFFSET_SIGNATURE, saved);
        buf.setZero(offset + Smb2Header.OFFSET_SIGNATURE, 16);
        try {
            decrypt.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            decrypt.updateAAD(buf.nioBuffer(offset, length));
            decrypt.doFinal(saved, 0, 16, tag, 0);
            return true;
        } catch (AEADBadTagException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } finally {
            buf.setBytes(offset + Smb2Header.OFFSET_SIGNATURE, saved);
        }
    }

    private void nonce(ByteBuf buf, int offset) {
        buf.getBytes(offset + Smb2Header.OFFSET_MESSAGE_ID, nonce, 0, 8);
        // Direction bit only: the benchmark signs READ responses, never CANCEL requests.
        nonce[8] = (byte) (buf.getByte(offset + Smb2Header.OFFSET_FLAGS) & Smb2Header.FLAG_SERVER_TO_REDIR);
    }
}
