package io.signet.server.handler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.signet.protocol.crypto.KeyDerivation;
import io.signet.protocol.crypto.SessionKeys;
import io.signet.protocol.crypto.transform.CipherId;
import io.signet.protocol.smb2.Dialect;
import io.signet.server.auth.SessionAuthentication;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** [MS-SMB2] 3.3.5.5.3 with a GSS session key longer than 16 bytes, as a Kerberos AES-256 context has. */
class SessionSetupKeysTest {
    private static final byte[] KERBEROS_AES256_KEY = new byte[32];
    private static final byte[] PREAUTH = new byte[64];

    static {
        for (int i = 0; i < 32; i++) {
            KERBEROS_AES256_KEY[i] = (byte) (i + 1);
        }
        Arrays.fill(PREAUTH, (byte) 0x5a);
    }

    @Test
    void sessionKeyIsTheFirst16BytesOrZeroPadded() {
        assertArrayEquals(Arrays.copyOf(KERBEROS_AES256_KEY, 16),
                SessionAuthentication.smbSessionKey(KERBEROS_AES256_KEY));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0},
                SessionAuthentication.smbSessionKey(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
    }

    @Test
    void aes256CipherKeysComeFromTheFullKeyAndAes128FromTheFirst16Bytes() {
        byte[] sessionKey = SessionAuthentication.smbSessionKey(KERBEROS_AES256_KEY);
        SessionKeys keys = KeyDerivation.derive(Dialect.SMB3_1_1, sessionKey, PREAUTH);

        byte[][] aes256 = SessionSetupHandler.cipherKeys(CipherId.AES_256_GCM, keys, KERBEROS_AES256_KEY, PREAUTH);
        byte[][] fromFull = KeyDerivation.aes256CipherKeys(KERBEROS_AES256_KEY, PREAUTH);
        assertArrayEquals(fromFull[0], aes256[0]);
        assertArrayEquals(fromFull[1], aes256[1]);
        assertFalse(Arrays.equals(KeyDerivation.aes256CipherKeys(sessionKey, PREAUTH)[0], aes256[0]),
                "the full key, not its first 16 bytes, keys AES-256");

        byte[][] aes128 = SessionSetupHandler.cipherKeys(CipherId.AES_128_GCM, keys, KERBEROS_AES256_KEY, PREAUTH);
        assertArrayEquals(keys.serverEncryptionKey(), aes128[0]);
        assertArrayEquals(keys.serverDecryptionKey(), aes128[1]);
    }
}
