package io.signet.auth.ntlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.signet.auth.testing.Vectors;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NtlmMessagesTest {
    private static final Vectors SPEC = Vectors.load("02_msnlmp_4.2.4_ntlmv2.txt");

    private static byte[] auth() {
        return SPEC.hex("AuthenticateMessage");
    }

    @Test
    void negotiateWithoutVersionOrFields() throws NtlmFormatException {
        byte[] shortest = Arrays.copyOf(new NegotiateMessage(0x00000207, null).encode(), 16);
        NegotiateMessage m = NegotiateMessage.decode(shortest);
        assertEquals(0x00000207, m.flags());
        assertNull(m.version());
    }

    @Test
    void wrongSignatureTypeOrLengthIsRefused() {
        byte[] m = auth();
        m[3] = 'X';
        assertThrows(NtlmFormatException.class, () -> AuthenticateMessage.decode(m));
        byte[] typed = auth();
        typed[8] = 2;
        assertThrows(NtlmFormatException.class, () -> AuthenticateMessage.decode(typed));
        assertThrows(NtlmFormatException.class, () -> AuthenticateMessage.decode(Arrays.copyOf(auth(), 63)));
        assertThrows(NtlmFormatException.class, () -> NegotiateMessage.decode(Arrays.copyOf(auth(), 15)));
        assertThrows(NtlmFormatException.class, () -> ChallengeMessage.decode(Arrays.copyOf(
                SPEC.hex("ChallengeMessage"), 47)));
    }

    @Test
    void fieldsPastTheEndAreRefused() {
        byte[] offsetPast = auth();
        NtlmWire.putI32(offsetPast, 24, 0xFFFFFFF0); // NtChallengeResponse offset
        assertThrows(NtlmFormatException.class, () -> AuthenticateMessage.decode(offsetPast));

        byte[] lengthPast = auth();
        NtlmWire.putU16(lengthPast, 20, 0xFFFF); // NtChallengeResponse length
        assertThrows(NtlmFormatException.class, () -> AuthenticateMessage.decode(lengthPast));

        byte[] truncated = Arrays.copyOf(auth(), auth().length - 1); // EncryptedRandomSessionKey now ends past it
        assertThrows(NtlmFormatException.class, () -> AuthenticateMessage.decode(truncated));

        byte[] challenge = SPEC.hex("ChallengeMessage");
        NtlmWire.putU16(challenge, 40, 0x1000); // TargetInfo length
        assertThrows(NtlmFormatException.class, () -> ChallengeMessage.decode(challenge));
    }

    @Test
    void fieldsOverlappingTheFixedPartAreRefused() {
        byte[] m = auth();
        NtlmWire.putI32(m, 40, 8); // UserName offset inside the header
        assertThrows(NtlmFormatException.class, () -> AuthenticateMessage.decode(m));
    }

    @Test
    void oddUtf16LengthIsRefused() {
        byte[] m = auth();
        NtlmWire.putU16(m, 36, 7); // UserName length 7 bytes
        assertThrows(NtlmFormatException.class, () -> AuthenticateMessage.decode(m));
    }

    @Test
    void avPairListsMustEndInsideTheirRange() throws NtlmFormatException {
        byte[] list = AvPair.encodeList(List.of(AvPair.ofName(AvPair.MSV_AV_NB_COMPUTER_NAME, "SRV")));
        assertEquals(1, AvPair.decodeList(list, 0, list.length).size());
        assertThrows(NtlmFormatException.class, () -> AvPair.decodeList(list, 0, list.length - 4)); // no EOL
        byte[] overlong = list.clone();
        NtlmWire.putU16(overlong, 2, 0x7FFF);
        assertThrows(NtlmFormatException.class, () -> AvPair.decodeList(overlong, 0, overlong.length));
        assertThrows(NtlmFormatException.class, () -> AvPair.decodeList(list, 0, 3));
    }

    @Test
    void challengeFlagsEchoOnlyWhatIsSupported() {
        int all = 0xFFFFFFFF;
        int granted = NtlmAcceptor.challengeFlags(all);
        assertEquals(0, granted & NtlmFlags.NEGOTIATE_LM_KEY);
        assertEquals(0, granted & NtlmFlags.NEGOTIATE_DATAGRAM);
        assertEquals(0, granted & NtlmFlags.NEGOTIATE_OEM);
        assertEquals(0, granted & NtlmFlags.NEGOTIATE_ANONYMOUS);
        assertEquals(0, granted & NtlmFlags.TARGET_TYPE_DOMAIN);
        assertEquals(NtlmFlags.NEGOTIATE_UNICODE | NtlmFlags.NEGOTIATE_TARGET_INFO, NtlmAcceptor.challengeFlags(0));
        assertEquals(NtlmFlags.NEGOTIATE_UNICODE | NtlmFlags.NEGOTIATE_TARGET_INFO | NtlmFlags.REQUEST_TARGET
                | NtlmFlags.TARGET_TYPE_SERVER, NtlmAcceptor.challengeFlags(NtlmFlags.REQUEST_TARGET));
    }

    @Test
    void micIsZeroedForItsOwnComputation() {
        byte[] m = new byte[100];
        Arrays.fill(m, (byte) 0x55);
        byte[] zeroed = AuthenticateMessage.withMicZeroed(m);
        assertArrayEquals(new byte[16], Arrays.copyOfRange(zeroed, 72, 88));
        assertEquals(0x55, zeroed[71]);
        assertEquals(0x55, zeroed[88]);
        assertEquals(0x55, m[72], "the input is not modified");
    }
}
