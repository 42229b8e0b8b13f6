package io.signet.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.auth.ntlm.AuthenticateMessage;
import io.signet.auth.ntlm.ChallengeMessage;
import io.signet.auth.ntlm.NegotiateMessage;
import io.signet.auth.ntlm.NtlmAuthenticateVerifier;
import io.signet.auth.ntlm.NtlmResult;
import io.signet.auth.ntlm.NtlmSessionSecurity;
import io.signet.auth.ntlm.NtlmSessionSecurity.Direction;
import io.signet.auth.spnego.NegState;
import io.signet.auth.spnego.NegTokenInit;
import io.signet.auth.spnego.NegTokenResp;
import io.signet.auth.spnego.NegotiationToken;
import io.signet.auth.spnego.ObjectId;
import io.signet.auth.testing.Smb2Capture;
import io.signet.auth.testing.Vectors;
import io.signet.protocol.status.NtStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays the two SMB 3.1.1 session setups Windows 10 performed in vector file 01 (user "administrator", password
 * from file 03): every SPNEGO and NTLM token decodes and re-encodes to the captured bytes, the server-side checks
 * accept the client's tokens and derive the captured session key, and the server's final token is byte for byte
 * what the Windows server sent.
 */
class WindowsCaptureTest {
    private static final Vectors CAPTURE = Vectors.load("01_anatomy_blog_kdf_30_311.txt");
    private static final Vectors NTLM = Vectors.load("03_anatomy_blog_ntlmv2_sut311.txt");
    private static final UserDirectory USERS =
            new InMemoryUserDirectory(Map.of("Administrator", NTLM.text("Passwd")));

    private record Exchange(NegTokenInit init, NegTokenResp challengeResp, NegTokenResp authResp,
                            byte[] finalToken, byte[] sessionKey) {
    }

    private static Exchange exchange(String channel) throws Exception {
        String p = "S311_" + channel + "_";
        return new Exchange(
                (NegTokenInit) NegotiationToken.decode(
                        Smb2Capture.sessionSetupRequestBuffer(CAPTURE.hex(p + "SessSetupRequest1"))),
                (NegTokenResp) NegotiationToken.decode(
                        Smb2Capture.sessionSetupResponseBuffer(CAPTURE.hex(p + "SessSetupResponse1"))),
                (NegTokenResp) NegotiationToken.decode(
                        Smb2Capture.sessionSetupRequestBuffer(CAPTURE.hex(p + "SessSetupRequest2"))),
                Smb2Capture.sessionSetupResponseBuffer(CAPTURE.hex(p + "SessSetupResponseFinal")),
                CAPTURE.hex(p + "SessionKey"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CH1", "CH2"})
    void spnegoTokensDecodeAndReencodeExactly(String channel) throws Exception {
        String p = "S311_" + channel + "_";
        Exchange x = exchange(channel);
        assertEquals(List.of(ObjectId.NTLMSSP), x.init().mechTypes());
        assertArrayEquals(Smb2Capture.sessionSetupRequestBuffer(CAPTURE.hex(p + "SessSetupRequest1")),
                NegTokenInit.of(x.init().mechTypes(), x.init().mechToken(), null, null).encode());

        assertEquals(NegState.ACCEPT_INCOMPLETE, x.challengeResp().negState());
        assertEquals(ObjectId.NTLMSSP, x.challengeResp().supportedMech());
        assertArrayEquals(Smb2Capture.sessionSetupResponseBuffer(CAPTURE.hex(p + "SessSetupResponse1")),
                x.challengeResp().encode());

        assertEquals(NegState.ACCEPT_INCOMPLETE, x.authResp().negState());
        assertArrayEquals(Smb2Capture.sessionSetupRequestBuffer(CAPTURE.hex(p + "SessSetupRequest2")),
                x.authResp().encode());

        NegTokenResp done = (NegTokenResp) NegotiationToken.decode(x.finalToken());
        assertEquals(NegState.ACCEPT_COMPLETED, done.negState());
        assertArrayEquals(x.finalToken(), done.encode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"CH1", "CH2"})
    void ntlmMessagesDecodeAndReencodeExactly(String channel) throws Exception {
        Exchange x = exchange(channel);
        NegotiateMessage negotiate = NegotiateMessage.decode(x.init().mechToken());
        assertEquals(0xE2088297, negotiate.flags());
        assertArrayEquals(x.init().mechToken(), negotiate.encode());

        ChallengeMessage challenge = ChallengeMessage.decode(x.challengeResp().responseToken());
        assertEquals(0xE28A8215, challenge.flags());
        assertEquals("SUT311", challenge.targetName());
        assertArrayEquals(x.challengeResp().responseToken(), challenge.encode());

        AuthenticateMessage auth = AuthenticateMessage.decode(x.authResp().responseToken());
        assertEquals("administrator", auth.userName());
        assertEquals("SUT311", auth.domainName());
        assertEquals("DRIVER311", auth.workstation());
        assertArrayEquals(x.authResp().responseToken(), auth.encode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"CH1", "CH2"})
    void serverAcceptsTheWindowsClientAndDerivesTheCapturedSessionKey(String channel) throws Exception {
        Exchange x = exchange(channel);
        NtlmResult result = NtlmAuthenticateVerifier.verify(USERS, x.init().mechToken(),
                x.challengeResp().responseToken(), x.authResp().responseToken());
        NtlmResult.Authenticated ok = assertInstanceOf(NtlmResult.Authenticated.class, result);
        assertEquals("Administrator", ok.credentials().name());
        assertTrue(ok.micPresent());
        assertArrayEquals(x.sessionKey(), ok.exportedSessionKey());
        assertEquals(0xE2888215, ok.negotiatedFlags());
    }

    @ParameterizedTest
    @ValueSource(strings = {"CH1", "CH2"})
    void mechListMicsOfBothSidesMatchTheCapture(String channel) throws Exception {
        Exchange x = exchange(channel);
        NtlmSessionSecurity security = NtlmSessionSecurity.create(0xE2888215, x.sessionKey());
        byte[] mechTypes = x.init().mechTypesEncoding();
        assertTrue(security.isValidSignature(Direction.CLIENT_TO_SERVER, 0, mechTypes, x.authResp().mechListMic()));
        assertFalse(security.isValidSignature(Direction.SERVER_TO_CLIENT, 0, mechTypes, x.authResp().mechListMic()));

        byte[] serverMic = security.signature(Direction.SERVER_TO_CLIENT, 0, mechTypes);
        assertArrayEquals(x.finalToken(), new NegTokenResp(NegState.ACCEPT_COMPLETED, null, null, serverMic).encode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"CH1", "CH2"})
    void tamperedMicIsRefused(String channel) throws Exception {
        Exchange x = exchange(channel);
        byte[] auth = x.authResp().responseToken();
        auth[AuthenticateMessage.MIC_OFFSET + 5] ^= 1;
        NtlmResult result = NtlmAuthenticateVerifier.verify(USERS, x.init().mechToken(),
                x.challengeResp().responseToken(), auth);
        assertEquals(NtStatus.STATUS_LOGON_FAILURE, assertInstanceOf(NtlmResult.Rejected.class, result).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"CH1", "CH2"})
    void micAlsoCoversTheNegotiateMessage(String channel) throws Exception {
        Exchange x = exchange(channel);
        byte[] negotiate = x.init().mechToken();
        negotiate[12] ^= 0x20; // a flag the server never saw must break the MIC (downgrade protection)
        NtlmResult result = NtlmAuthenticateVerifier.verify(USERS, negotiate, x.challengeResp().responseToken(),
                x.authResp().responseToken());
        assertEquals(NtStatus.STATUS_LOGON_FAILURE, assertInstanceOf(NtlmResult.Rejected.class, result).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"CH1", "CH2"})
    void wrongPasswordIsRefused(String channel) throws Exception {
        Exchange x = exchange(channel);
        UserDirectory wrong = new InMemoryUserDirectory(Map.of("administrator", "Password02!"));
        NtlmResult result = NtlmAuthenticateVerifier.verify(wrong, x.init().mechToken(),
                x.challengeResp().responseToken(), x.authResp().responseToken());
        assertEquals(NtStatus.STATUS_LOGON_FAILURE, assertInstanceOf(NtlmResult.Rejected.class, result).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"CH1", "CH2"})
    void negotiateResponseOfTheWindowsServerDecodes(String channel) throws Exception {
        NegTokenInit hint = (NegTokenInit) NegotiationToken.decode(Smb2Capture.negotiateResponseBuffer(
                CAPTURE.hex("S311_" + channel + "_NegotiateResponse")));
        // Windows 10 offers NEGOEX then NTLMSSP, with a NEGOEX message as the optimistic token.
        assertEquals(List.of(ObjectId.of("1.3.6.1.4.1.311.2.2.30"), ObjectId.NTLMSSP), hint.mechTypes());
        assertEquals(0x108, hint.mechToken().length);
    }
}
