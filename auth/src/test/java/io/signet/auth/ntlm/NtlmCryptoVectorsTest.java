package io.signet.auth.ntlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.signet.auth.NtHash;
import io.signet.auth.ntlm.NtlmSessionSecurity.Direction;
import io.signet.auth.testing.Vectors;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The NTLMv2 computations against [MS-NLMP] 4.2.4 (file 02) and a real Windows exchange (file 03). */
class NtlmCryptoVectorsTest {
    private static final Vectors SPEC = Vectors.load("02_msnlmp_4.2.4_ntlmv2.txt");
    private static final Vectors WINDOWS = Vectors.load("03_anatomy_blog_ntlmv2_sut311.txt");

    @Test
    void specNtowfV1AndV2() {
        assertArrayEquals(SPEC.hex("NTOWFv1"), NtHash.of(SPEC.text("Passwd")));
        assertArrayEquals(SPEC.hex("NTOWFv2"),
                NtlmCrypto.ntowfV2(SPEC.hex("NTOWFv1"), SPEC.text("User"), SPEC.text("UserDom")));
    }

    @Test
    void specProofSessionBaseKeyAndEncryptedKey() {
        byte[] proof = NtlmCrypto.ntProofStr(SPEC.hex("NTOWFv2"), SPEC.hex("ServerChallenge"), SPEC.hex("temp"));
        assertArrayEquals(SPEC.hex("NTProofStr"), proof);
        byte[] sessionBaseKey = NtlmCrypto.sessionBaseKey(SPEC.hex("NTOWFv2"), proof);
        assertArrayEquals(SPEC.hex("SessionBaseKey"), sessionBaseKey);
        assertArrayEquals(SPEC.hex("KeyExchangeKey"), sessionBaseKey);
        assertArrayEquals(SPEC.hex("EncryptedRandomSessionKey"),
                NtlmCrypto.rc4(sessionBaseKey, SPEC.hex("RandomSessionKey")));
        // RC4 is its own inverse: what the server does with the client's encrypted key.
        assertArrayEquals(SPEC.hex("RandomSessionKey"),
                NtlmCrypto.rc4(sessionBaseKey, SPEC.hex("EncryptedRandomSessionKey")));
    }

    @Test
    void specTempEmbedsTheTargetInfo() throws NtlmFormatException {
        byte[] temp = SPEC.hex("temp");
        byte[] info = SPEC.hex("TargetInfo");
        assertArrayEquals(info, Arrays.copyOfRange(temp, 28, 28 + info.length));
        assertArrayEquals(info, AvPair.encodeList(AvPair.decodeList(temp, 28, temp.length - 28)));
    }

    @Test
    void specClientSigningAndSealingKeys() {
        int flags = Integer.reverseBytes(Integer.parseUnsignedInt(SPEC.text("NegotiateFlags_LE"), 16));
        byte[] exported = SPEC.hex("RandomSessionKey");
        assertArrayEquals(SPEC.hex("ClientSigningKey"),
                NtlmSessionSecurity.signingKey(exported, Direction.CLIENT_TO_SERVER));
        assertArrayEquals(SPEC.hex("ClientSealingKey"),
                NtlmSessionSecurity.sealingKey(flags, exported, Direction.CLIENT_TO_SERVER));
    }

    @Test
    void windowsKeysFromPassword() {
        byte[] ntHash = NtHash.of(WINDOWS.text("Passwd"));
        assertArrayEquals(WINDOWS.hex("NtHash_MD4_UNICODE_Passwd"), ntHash);
        byte[] ntowf = NtlmCrypto.ntowfV2(ntHash, WINDOWS.text("UserName"), WINDOWS.text("UserDom"));
        assertArrayEquals(WINDOWS.hex("NTOWFv2"), ntowf);
        byte[] proof = NtlmCrypto.ntProofStr(ntowf, WINDOWS.hex("ServerChallenge"), WINDOWS.hex("temp"));
        assertArrayEquals(WINDOWS.hex("NTProofStr"), proof);
        byte[] keyExchangeKey = NtlmCrypto.sessionBaseKey(ntowf, proof);
        assertArrayEquals(WINDOWS.hex("KeyExchangeKey"), keyExchangeKey);
        assertArrayEquals(WINDOWS.hex("ExportedSessionKey"),
                NtlmCrypto.rc4(keyExchangeKey, WINDOWS.hex("EncryptedRandomSessionKey")));
    }

    @Test
    void windowsSigningAndSealingKeysOfBothDirections() {
        int flags = WINDOWS.int32("AUTHENTICATE_NegotiateFlags");
        byte[] exported = WINDOWS.hex("ExportedSessionKey");
        assertArrayEquals(WINDOWS.hex("ClientSigningKey"),
                NtlmSessionSecurity.signingKey(exported, Direction.CLIENT_TO_SERVER));
        assertArrayEquals(WINDOWS.hex("ServerSigningKey"),
                NtlmSessionSecurity.signingKey(exported, Direction.SERVER_TO_CLIENT));
        assertArrayEquals(WINDOWS.hex("ClientSealingKey"),
                NtlmSessionSecurity.sealingKey(flags, exported, Direction.CLIENT_TO_SERVER));
        assertArrayEquals(WINDOWS.hex("ServerSealingKey"),
                NtlmSessionSecurity.sealingKey(flags, exported, Direction.SERVER_TO_CLIENT));
    }
}
