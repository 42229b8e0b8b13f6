package io.signet.interop.raw;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.interop.raw.RawSmb2Client.RawSession;
import io.signet.protocol.crypto.KeyDerivation;
import io.signet.protocol.crypto.SessionKeys;
import io.signet.protocol.crypto.transform.CipherId;
import io.signet.protocol.crypto.transform.MessageEncryptor;
import io.signet.protocol.crypto.transform.TransformHeader;
import io.signet.protocol.smb2.Dialect;
import java.util.Arrays;

/**
 * The raw client's side of SMB3 encryption ([MS-SMB2] 2.2.41, 3.1.4.3, 3.2.5.3.1): a session's keys for the
 * negotiated cipher, and TRANSFORM messages sealed and opened with the protocol module's {@link MessageEncryptor}.
 */
public final class RawTransform {
    private RawTransform() {
    }

    /**
     * The keys of a session authenticated with {@code sessionKey}: {@link KeyDerivation#derive}'s, with 32-byte
     * cipher keys for an AES-256 cipher at 3.1.1 ([MS-SMB2] 3.2.5.3.1: L = 256, keyed with Session.FullSessionKey,
     * which for NTLM is the 16-byte session key itself).
     */
    static SessionKeys keys(Dialect dialect, CipherId cipher, byte[] sessionKey, byte[] preauthHash) {
        SessionKeys keys = KeyDerivation.derive(dialect, sessionKey, preauthHash);
        if (dialect != Dialect.SMB3_1_1 || cipher == null || cipher.keyLength() == 16) {
            return keys;
        }
        byte[][] cipherKeys = KeyDerivation.aes256CipherKeys(sessionKey, preauthHash);
        return new SessionKeys(keys.signingKey(), keys.applicationKey(), cipherKeys[0], cipherKeys[1]);
    }

    /**
     * {@code message} (one request or a compound) inside a TRANSFORM message naming {@code as}'s SessionId, encrypted
     * with {@code as}'s client-to-server key: the bytes of a Direct TCP frame's payload, to send or to tamper with.
     * Takes and releases {@code message}.
     */
    public static byte[] seal(CipherId cipher, ByteBuf message, RawSession as) {
        ByteBuf transform = Unpooled.buffer(TransformHeader.SIZE + message.readableBytes());
        try {
            transform.writeZero(TransformHeader.SIZE);
            int length = message.readableBytes();
            transform.writeBytes(message);
            new MessageEncryptor(cipher, as.keys().serverDecryptionKey()).encrypt(transform, 0, length, as.id());
            return ByteBufUtil.getBytes(transform);
        } finally {
            transform.release();
            message.release();
        }
    }

    /** The plaintext of the TRANSFORM message {@code message}, opened with the server-to-client key of {@code k}. */
    static byte[] open(CipherId cipher, byte[] message, SessionKeys k) {
        int length = new MessageEncryptor(cipher, k.serverEncryptionKey())
                .decrypt(Unpooled.wrappedBuffer(message), 0, message.length);
        return Arrays.copyOfRange(message, TransformHeader.SIZE, TransformHeader.SIZE + length);
    }
}
