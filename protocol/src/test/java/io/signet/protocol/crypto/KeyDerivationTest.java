package io.signet.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.signet.protocol.smb2.Dialect;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.KDFCounterBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KDFCounterParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** [MS-SMB2] 3.1.4.2 key derivation against the Microsoft-published keys (files 01, 04, 05). */
class KeyDerivationTest {

    /**
     * A published key set. The blogs print the CLIENT's keys: client EncryptionKey = server DecryptionKey
     * (client-to-server), client DecryptionKey = server EncryptionKey (server-to-client).
     */
    record Published(String file, Dialect dialect, String sessionKey, String preauthHash, String signingKey,
                     String applicationKey, String clientEncryptionKey, String clientDecryptionKey) {
        @Override
        public String toString() {
            return file.substring(0, 2) + " " + dialect + " " + signingKey;
        }
    }

    static Stream<Published> fullKeySets() {
        return Stream.of(
                new Published(Vectors.ANATOMY_KDF, Dialect.SMB3_0, "S30_CH1_SessionKey", null, "S30_CH1_SigningKey",
                        "S30_CH1_ApplicationKey", "S30_CH1_EncryptionKey", "S30_CH1_DecryptionKey"),
                new Published(Vectors.SMB30_CCM, Dialect.SMB3_0, "SessionKey", null, "SigningKey",
                        "ApplicationKey", "EncryptionKey_Client", "DecryptionKey_Client"),
                new Published(Vectors.ANATOMY_KDF, Dialect.SMB3_1_1, "S311_CH1_SessionKey", "S311_CH1_H5_final",
                        "S311_CH1_SigningKey", "S311_CH1_ApplicationKey", "S311_CH1_EncryptionKey",
                        "S311_CH1_DecryptionKey"),
                new Published(Vectors.SMB311_GCM_CCM, Dialect.SMB3_1_1, "GCM_SessionKey", "GCM_H5_final",
                        "GCM_SigningKey", "GCM_ApplicationKey", "GCM_EncryptionKey", "GCM_DecryptionKey"),
                new Published(Vectors.SMB311_GCM_CCM, Dialect.SMB3_1_1, "CCM_SessionKey", "CCM_H5_final",
                        "CCM_SigningKey", "CCM_ApplicationKey", "CCM_EncryptionKey", "CCM_DecryptionKey"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fullKeySets")
    void derivesThePublishedKeys(Published p) {
        Vectors v = Vectors.load(p.file());
        byte[] preauth = p.preauthHash() == null ? null : v.get(p.preauthHash());
        SessionKeys keys = KeyDerivation.derive(p.dialect(), v.get(p.sessionKey()), preauth);
        assertArrayEquals(v.get(p.signingKey()), keys.signingKey(), "SigningKey");
        assertArrayEquals(v.get(p.applicationKey()), keys.applicationKey(), "ApplicationKey");
        assertArrayEquals(v.get(p.clientDecryptionKey()), keys.serverEncryptionKey(),
                "server EncryptionKey = client DecryptionKey");
        assertArrayEquals(v.get(p.clientEncryptionKey()), keys.serverDecryptionKey(),
                "server DecryptionKey = client EncryptionKey");
    }

    /** Session binding: the second channel derives only its Channel.SigningKey, from its own GSS key and hash. */
    @ParameterizedTest
    @MethodSource("bindingChannels")
    void derivesTheBindingChannelSigningKey(Dialect dialect, String sessionKey, String preauth, String signingKey) {
        Vectors v = Vectors.load(Vectors.ANATOMY_KDF);
        SessionKeys keys = KeyDerivation.derive(dialect, v.get(sessionKey), preauth == null ? null : v.get(preauth));
        assertArrayEquals(v.get(signingKey), keys.signingKey());
    }

    static Stream<Arguments> bindingChannels() {
        return Stream.of(
                Arguments.of(Dialect.SMB3_0, "S30_CH2_SessionKey", null, "S30_CH2_SigningKey"),
                Arguments.of(Dialect.SMB3_0_2, "S30_CH2_SessionKey", null, "S30_CH2_SigningKey"),
                Arguments.of(Dialect.SMB3_1_1, "S311_CH2_SessionKey", "S311_CH2_H5_final", "S311_CH2_SigningKey"));
    }

    /** The generic KDF with the label/context bytes spelled out, NULs included, as [MS-SMB2] 3.1.4.2 uses them. */
    @Test
    void kdfWithExplicitLabelsMatchesThePublishedSmb30Keys() {
        Vectors v = Vectors.load(Vectors.SMB30_CCM);
        byte[] sk = v.get("SessionKey");
        assertArrayEquals(v.get("SigningKey"), KeyDerivation.kdf(sk, nul("SMB2AESCMAC"), nul("SmbSign"), 128));
        assertArrayEquals(v.get("ApplicationKey"), KeyDerivation.kdf(sk, nul("SMB2APP"), nul("SmbRpc"), 128));
        assertArrayEquals(v.get("EncryptionKey_Client"),
                KeyDerivation.kdf(sk, nul("SMB2AESCCM"), nul("ServerIn "), 128));
        assertArrayEquals(v.get("DecryptionKey_Client"),
                KeyDerivation.kdf(sk, nul("SMB2AESCCM"), nul("ServerOut"), 128));
    }

    /**
     * Self-computed cross-check (file 90, not published by Microsoft): AES-256 cipher keys use L = 256, while the
     * signing key stays at L = 128; the L = 256-then-truncate variant is the known interoperability bug.
     */
    @Test
    void aes256CipherKeysUseL256ButTheSigningKeyStaysL128() {
        Vectors derived = Vectors.load(Vectors.DERIVED);
        Vectors v = Vectors.load(Vectors.ANATOMY_KDF);
        byte[] sk = v.get("S311_CH1_SessionKey");
        byte[] h = v.get("S311_CH1_H5_final");
        assertArrayEquals(derived.get("AES256_EncryptionKey_C2S"),
                KeyDerivation.kdf(sk, nul("SMBC2SCipherKey"), h, 256));
        assertArrayEquals(derived.get("AES256_DecryptionKey_S2C"),
                KeyDerivation.kdf(sk, nul("SMBS2CCipherKey"), h, 256));
        byte[] signingL128 = KeyDerivation.kdf(sk, nul("SMBSigningKey"), h, 128);
        assertArrayEquals(derived.get("AES256_SigningKey_L128"), signingL128);
        assertArrayEquals(v.get("S311_CH1_SigningKey"), signingL128);
        byte[] truncatedL256 = Arrays.copyOf(KeyDerivation.kdf(sk, nul("SMBSigningKey"), h, 256), 16);
        assertArrayEquals(derived.get("AES256_SigningKey_L256_truncated_WRONG"), truncatedL256);
        assertFalse(Arrays.equals(signingL128, truncatedL256));
    }

    /** Lengths needing more than one PRF block, against Bouncy Castle's SP800-108 counter-mode generator. */
    @ParameterizedTest
    @ValueSource(ints = {8, 128, 248, 256, 264, 384, 512, 1024})
    void kdfMatchesBouncyCastleCounterModeForAnyLength(int lengthBits) {
        byte[] ki = Vectors.load(Vectors.ANATOMY_KDF).get("S311_CH1_SessionKey");
        byte[] label = nul("SMBSigningKey");
        byte[] context = Vectors.load(Vectors.ANATOMY_KDF).get("S311_CH1_H5_final");
        byte[] fixed = new byte[label.length + 1 + context.length + 4];
        System.arraycopy(label, 0, fixed, 0, label.length);
        System.arraycopy(context, 0, fixed, label.length + 1, context.length);
        fixed[fixed.length - 4] = (byte) (lengthBits >>> 24);
        fixed[fixed.length - 3] = (byte) (lengthBits >>> 16);
        fixed[fixed.length - 2] = (byte) (lengthBits >>> 8);
        fixed[fixed.length - 1] = (byte) lengthBits;
        KDFCounterBytesGenerator bc = new KDFCounterBytesGenerator(new HMac(new SHA256Digest()));
        bc.init(new KDFCounterParameters(ki, new byte[0], fixed, 32));
        byte[] expected = new byte[lengthBits / 8];
        bc.generateBytes(expected, 0, expected.length);
        assertArrayEquals(expected, KeyDerivation.kdf(ki, label, context, lengthBits));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SMB2_0_2", "SMB2_1"})
    void smb2UsesTheSessionKeyForSigningAndHasNoCipherKeys(Dialect dialect) {
        byte[] sk = Vectors.load(Vectors.DERIVED).get("HMAC_RESP_Key");
        SessionKeys keys = KeyDerivation.derive(dialect, sk, null);
        assertArrayEquals(sk, keys.signingKey());
        assertArrayEquals(sk, keys.applicationKey());
        assertNotSame(sk, keys.signingKey());
        assertNull(keys.serverEncryptionKey());
        assertNull(keys.serverDecryptionKey());
    }

    @Test
    void smb311NeedsTheSixtyFourBytePreauthHash() {
        byte[] sk = new byte[16];
        assertThrows(IllegalArgumentException.class, () -> KeyDerivation.derive(Dialect.SMB3_1_1, sk, null));
        assertThrows(IllegalArgumentException.class, () -> KeyDerivation.derive(Dialect.SMB3_1_1, sk, new byte[32]));
    }

    @Test
    void rejectsSessionKeysThatAreNotSixteenBytes() {
        assertThrows(IllegalArgumentException.class, () -> KeyDerivation.derive(Dialect.SMB3_0, new byte[15], null));
        assertThrows(IllegalArgumentException.class, () -> KeyDerivation.derive(Dialect.SMB3_0, new byte[32], null));
        assertThrows(IllegalArgumentException.class, () -> KeyDerivation.derive(Dialect.SMB3_0, null, null));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -128, 12, 129})
    void kdfRejectsLengthsThatAreNotPositiveWholeBytes(int lengthBits) {
        assertThrows(IllegalArgumentException.class,
                () -> KeyDerivation.kdf(new byte[16], nul("SMBAppKey"), new byte[64], lengthBits));
    }

    @Test
    void toStringDoesNotRevealKeys() {
        byte[] sessionKey = Vectors.load(Vectors.SMB30_CCM).get("SessionKey");
        SessionKeys keys = KeyDerivation.derive(Dialect.SMB3_0, sessionKey, null);
        String text = keys.toString();
        assertFalse(text.matches("(?s).*[0-9A-Fa-f]{8}.*"), text);
        assertFalse(text.contains("[B@"), text);
    }

    private static byte[] nul(String label) {
        return (label + "\0").getBytes(StandardCharsets.US_ASCII);
    }
}
