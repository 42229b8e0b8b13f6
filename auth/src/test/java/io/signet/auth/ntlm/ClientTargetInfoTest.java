package io.signet.auth.ntlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client's NTLMv2 AV pairs against the server's TargetInfo: what Samba's NTLMSSP server refuses. */
class ClientTargetInfoTest {
    private static final AvPair DOMAIN = AvPair.ofName(AvPair.MSV_AV_NB_DOMAIN_NAME, "WORKGROUP");
    private static final AvPair COMPUTER = AvPair.ofName(AvPair.MSV_AV_NB_COMPUTER_NAME, "SIGNET");
    private static final AvPair TIMESTAMP = new AvPair(AvPair.MSV_AV_TIMESTAMP, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    private static final List<AvPair> SENT = List.of(DOMAIN, COMPUTER, TIMESTAMP);
    private static final AvPair MIC_FLAG = new AvPair(AvPair.MSV_AV_FLAGS, new byte[] {2, 0, 0, 0});

    private static String refusal(List<AvPair> client) {
        return assertThrows(NtlmFormatException.class, () -> ClientTargetInfo.check(SENT, client)).getMessage();
    }

    private static List<AvPair> echo(AvPair... more) {
        List<AvPair> pairs = new ArrayList<>(SENT);
        pairs.addAll(List.of(more));
        return pairs;
    }

    @Test
    void theServersPairsEchoedWithExtrasAreAccepted() throws Exception {
        AvPair target = AvPair.ofName(AvPair.MSV_AV_TARGET_NAME, "cifs/signet");
        ClientTargetInfo info = ClientTargetInfo.check(SENT, echo(MIC_FLAG, target));
        assertTrue(info.micPresent());
        assertEquals(2, info.flags());
        assertFalse(ClientTargetInfo.check(SENT, echo()).micPresent(), "no MsvAvFlags: no MIC announced");
    }

    @Test
    void aMissingTimestampOrNameIsRefused() {
        assertEquals("MsvAvTimestamp of the CHALLENGE_MESSAGE is missing from the NTLMv2 response",
                refusal(List.of(DOMAIN, COMPUTER, MIC_FLAG)));
        assertTrue(refusal(List.of(DOMAIN, TIMESTAMP)).startsWith("MsvAvNbComputerName"));
    }

    @Test
    void aChangedTimestampOrNameIsRefused() {
        AvPair older = new AvPair(AvPair.MSV_AV_TIMESTAMP, new byte[] {0, 2, 3, 4, 5, 6, 7, 8});
        assertTrue(refusal(List.of(DOMAIN, COMPUTER, older)).contains("MsvAvTimestamp of the NTLMv2 response differs"));
        AvPair other = AvPair.ofName(AvPair.MSV_AV_NB_COMPUTER_NAME, "OTHER");
        assertTrue(refusal(List.of(DOMAIN, other, TIMESTAMP)).contains("MsvAvNbComputerName"));
    }

    @Test
    void fixedSizePairsOfAnotherLengthAreRefused() {
        assertEquals("MsvAvFlags of 5 bytes, not 4",
                refusal(echo(new AvPair(AvPair.MSV_AV_FLAGS, new byte[] {2, 0, 0, 0, 0}))));
        assertEquals("MsvAvFlags of 3 bytes, not 4", refusal(echo(new AvPair(AvPair.MSV_AV_FLAGS, new byte[3]))));
        List<AvPair> shortTime = List.of(DOMAIN, COMPUTER, new AvPair(AvPair.MSV_AV_TIMESTAMP, new byte[4]));
        assertEquals("MsvAvTimestamp of 4 bytes, not 8",
                assertThrows(NtlmFormatException.class, () -> ClientTargetInfo.check(List.of(DOMAIN, COMPUTER),
                        shortTime)).getMessage());
    }

    @Test
    void theFirstOfTwoPairsCounts() throws Exception {
        AvPair noMic = new AvPair(AvPair.MSV_AV_FLAGS, new byte[4]);
        assertFalse(ClientTargetInfo.check(SENT, echo(noMic, MIC_FLAG)).micPresent());
        assertEquals("MsvAvFlags of 1 bytes, not 4",
                refusal(echo(new AvPair(AvPair.MSV_AV_FLAGS, new byte[1]), MIC_FLAG)));
    }
}
