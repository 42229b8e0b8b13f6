package io.signet.bench;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.crypto.MessageSigner;
import io.signet.protocol.smb2.Smb2Header;
import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.Mac;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.macs.GMac;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * The naive baseline: [MS-SMB2] 3.1.4.1 signing on Bouncy Castle's lightweight API with its pure-Java
 * {@link AESEngine}, the way Java SMB libraries commonly do it. The message is copied into a reused byte array (BC
 * takes arrays only), the Signature field is zeroed there, and the MAC runs over the copy. GMAC is re-initialised per
 * message with the [MS-SMB2] 3.1.4.1 nonce, passing the key only once so BC keeps its GHASH tables. Like the JDK, BC
 * refuses to initialise GCM encryption twice with one nonce, which verifying a just-signed message would do, so GMAC
 * verification runs a second GCM in decrypt mode, whose final step checks the received tag.
 */
final class BouncyCastleSigner implements MessageSigner {
    private final Mac mac;
    private final KeyParameter key;
    private final boolean gmac;
    private final GCMModeCipher gcmVerifier;
    private boolean keyed;
    private boolean verifierKeyed;
    private byte[] copy = new byte[0];
    private final byte[] tag = new byte[16];
    private final byte[] received = new byte[16];
    private final byte[] nonce = new byte[12];

    @SuppressWarnings("deprecation") // new AESEngine() is exactly the pure-Java engine this baseline is about
    static BouncyCastleSigner cmac(byte[] key) {
        return new BouncyCastleSigner(new CMac(new AESEngine()), null, key);
    }

    @SuppressWarnings("deprecation")
    static BouncyCastleSigner gmac(byte[] key) {
        return new BouncyCastleSigner(new GMac(GCMBlockCipher.newInstance(new AESEngine())),
                GCMBlockCipher.newInstance(new AESEngine()), key);
    }

    private BouncyCastleSigner(Mac mac, GCMModeCipher gcmVerifier, byte[] key) {
        this.mac = mac;
        this.gcmVerifier = gcmVerifier;
        this.key = new KeyParameter(key);
        this.gmac = gcmVerifier != null;
        if (!gmac) {
            mac.init(this.key);
        }
    }

    @Override
    public void sign(ByteBuf buf, int offset, int length) {
        compute(buf, offset, length);
        buf.setBytes(offset + Smb2Header.OFFSET_SIGNATURE, tag);
    }

    @Override
    public boolean isValid(ByteBuf buf, int offset, int length) {
        buf.getBytes(offset + Smb2Header.OFFSET_SIGNATURE, received);
        if (!gmac) {
            compute(buf, offset, length);
            return MessageDigest.isEqual(tag, received);
        }
        copyZeroed(buf, offset, length);
        gcmVerifier.init(false, new AEADParameters(verifierKeyed ? null : key, 128, nonce));
        verifierKeyed = true;
        gcmVerifier.processAADBytes(copy, 0, length);
        gcmVerifier.processBytes(received, 0, received.length, tag, 0);
        try {
            gcmVerifier.doFinal(tag, 0);
            return true;
        } catch (InvalidCipherTextException e) {
            return false;
        }
    }

    private void compute(ByteBuf buf, int offset, int length) {
        copyZeroed(buf, offset, length);
        if (gmac) {
            mac.init(new ParametersWithIV(keyed ? null : key, nonce));
            keyed = true;
        }
        mac.update(copy, 0, length);
        mac.doFinal(tag, 0);
    }

    private void copyZeroed(ByteBuf buf, int offset, int length) {
        if (copy.length < length) {
            copy = new byte[length];
        }
        buf.getBytes(offset, copy, 0, length);
        Arrays.fill(copy, Smb2Header.OFFSET_SIGNATURE, Smb2Header.OFFSET_SIGNATURE + 16, (byte) 0);
        System.arraycopy(copy, Smb2Header.OFFSET_MESSAGE_ID, nonce, 0, 8);
        // Direction bit only: the benchmark signs READ responses, never CANCEL requests.
        nonce[8] = (byte) (copy[Smb2Header.OFFSET_FLAGS] & Smb2Header.FLAG_SERVER_TO_REDIR);
    }
}
