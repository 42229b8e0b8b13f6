package io.signet.bench;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.crypto.MessageSigner;
import io.signet.protocol.smb2.Smb2Header;
import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.Mac;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.macs.GMac;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * The naive baseline: [MS-SMB2] 3.1.4.1 signing on Bouncy Castle's lightweight API with its pure-Java
 * {@link AESEngine}, the way Java SMB libraries commonly do it. The message is copied into a reused byte array (BC
 * takes arrays only), the Signature field is zeroed there, and the MAC runs over the copy. GMAC is re-initialised per
 * message with the [MS-SMB2] 3.1.4.1 nonce, passing the key only once so BC keeps its GHASH tables.
 */
final class BouncyCastleSigner implements MessageSigner {
    private final Mac mac;
    private final KeyParameter key;
    private final boolean gmac;
    private boolean keyed;
    private byte[] copy = new byte[0];
    private final byte[] tag = new byte[16];
    private final byte[] received = new byte[16];
    private final byte[] nonce = new byte[12];

    @SuppressWarnings("deprecation") // new AESEngine() is exactly the pure-Java engine this baseline is about
    static BouncyCastleSigner cmac(byte[] key) {
        return new BouncyCastleSigner(new CMac(new AESEngine()), key, false);
    }

    @SuppressWarnings("deprecation")
    static BouncyCastleSigner gmac(byte[] key) {
        return new BouncyCastleSigner(new GMac(GCMBlockCipher.newInstance(new AESEngine())), key, true);
    }

    private BouncyCastleSigner(Mac mac, byte[] key, boolean gmac) {
        this.mac = mac;
        this.key = new KeyParameter(key);
        this.gmac = gmac;
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
        compute(buf, offset, length);
        return MessageDigest.isEqual(tag, received);
    }

    private void compute(ByteBuf buf, int offset, int length) {
        if (copy.length < length) {
            copy = new byte[length];
        }
        buf.getBytes(offset, copy, 0, length);
        Arrays.fill(copy, Smb2Header.OFFSET_SIGNATURE, Smb2Header.OFFSET_SIGNATURE + 16, (byte) 0);
        if (gmac) {
            System.arraycopy(copy, Smb2Header.OFFSET_MESSAGE_ID, nonce, 0, 8);
            nonce[8] = (byte) (copy[Smb2Header.OFFSET_FLAGS] & Smb2Header.FLAG_SERVER_TO_REDIR);
            mac.init(new ParametersWithIV(keyed ? null : key, nonce));
            keyed = true;
        }
        mac.update(copy, 0, length);
        mac.doFinal(tag, 0);
    }
}
