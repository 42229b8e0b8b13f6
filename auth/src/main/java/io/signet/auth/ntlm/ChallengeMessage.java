package io.signet.auth.ntlm;

import java.util.Arrays;
import java.util.List;

/**
 * CHALLENGE_MESSAGE ([MS-NLMP] 2.2.1.2): Signature (8 bytes), MessageType = 2 (4), TargetNameFields (8),
 * NegotiateFlags (4), ServerChallenge (8), Reserved (8), TargetInfoFields (8), Version (8), Payload
 * (TargetName, then TargetInfo).
 *
 * @param flags           the flags the server grants
 * @param targetName      the TargetName, or {@code ""}
 * @param serverChallenge the 8-byte nonce
 * @param targetInfo      the AV pairs, without the terminating MsvAvEOL
 * @param version         the server's Version structure ([MS-NLMP] 2.2.2.10), or {@code null} for zeros/absent
 */
public record ChallengeMessage(int flags, String targetName, byte[] serverChallenge, List<AvPair> targetInfo,
                               byte[] version) {
    private static final int MIN_LENGTH = 48;
    private static final int HEADER_LENGTH = 56;

    public ChallengeMessage {
        if (serverChallenge.length != 8) {
            throw new IllegalArgumentException("ServerChallenge is 8 bytes");
        }
        targetInfo = List.copyOf(targetInfo);
    }

    public byte[] encode() {
        byte[] name = NtlmWire.utf16(targetName);
        byte[] info = AvPair.encodeList(targetInfo);
        byte[] m = new byte[HEADER_LENGTH + name.length + info.length];
        System.arraycopy(NtlmWire.SIGNATURE, 0, m, 0, 8);
        NtlmWire.putI32(m, 8, 2);
        int next = NtlmWire.putField(m, 12, HEADER_LENGTH, name.length);
        System.arraycopy(name, 0, m, HEADER_LENGTH, name.length);
        NtlmWire.putI32(m, 20, flags);
        System.arraycopy(serverChallenge, 0, m, 24, 8);
        // Reserved (8 bytes) at 32 stays zero.
        NtlmWire.putField(m, 40, next, info.length);
        System.arraycopy(info, 0, m, next, info.length);
        if (version != null) {
            System.arraycopy(version, 0, m, 48, 8);
        }
        return m;
    }

    public static ChallengeMessage decode(byte[] m) throws NtlmFormatException {
        NtlmWire.checkHeader(m, 2, MIN_LENGTH, "CHALLENGE_MESSAGE");
        NtlmWire.Field name = NtlmWire.field(m, 12, MIN_LENGTH, "TargetName");
        int flags = NtlmWire.i32(m, 20);
        byte[] challenge = Arrays.copyOfRange(m, 24, 32);
        NtlmWire.Field info = NtlmWire.field(m, 40, MIN_LENGTH, "TargetInfo");
        int payloadStart = m.length;
        if (!name.isEmpty()) {
            payloadStart = Math.min(payloadStart, name.offset());
        }
        if (!info.isEmpty()) {
            payloadStart = Math.min(payloadStart, info.offset());
        }
        byte[] version = payloadStart >= HEADER_LENGTH ? Arrays.copyOfRange(m, 48, HEADER_LENGTH) : null;
        List<AvPair> pairs = info.isEmpty() ? List.of() : AvPair.decodeList(m, info.offset(), info.length());
        String target = NtlmWire.string(name.copy(m), NtlmFlags.isSet(flags, NtlmFlags.NEGOTIATE_UNICODE),
                "TargetName");
        return new ChallengeMessage(flags, target, challenge, pairs, version);
    }

    @Override
    public String toString() {
        return String.format("ChallengeMessage[flags=0x%08X, targetName=%s, %d AV pairs]", flags, targetName,
                targetInfo.size());
    }
}
