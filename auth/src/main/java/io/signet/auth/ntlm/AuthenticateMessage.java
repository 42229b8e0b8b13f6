package io.signet.auth.ntlm;

import java.util.Arrays;

/**
 * AUTHENTICATE_MESSAGE ([MS-NLMP] 2.2.1.3): Signature (8 bytes), MessageType = 3 (4), LmChallengeResponseFields (8),
 * NtChallengeResponseFields (8), DomainNameFields (8), UserNameFields (8), WorkstationFields (8),
 * EncryptedRandomSessionKeyFields (8), NegotiateFlags (4), Version (8), MIC (16), Payload.
 *
 * <p>Version and MIC occupy fixed positions but exist only when the payload starts after them; the payload start
 * is the lowest offset of a non-empty field. Whether the MIC is meaningful is said by the client's MsvAvFlags,
 * which the caller reads from the NTLMv2 response.
 *
 * @param flags                     NegotiateFlags as the client sent them
 * @param lmChallengeResponse       LmChallengeResponse (empty when absent)
 * @param ntChallengeResponse       NtChallengeResponse (empty when absent)
 * @param domainName                DomainName as sent
 * @param userName                  UserName as sent
 * @param workstation               Workstation as sent
 * @param encryptedRandomSessionKey EncryptedRandomSessionKey (empty when absent)
 * @param version                   the Version bytes, or {@code null} when the payload leaves no room for them
 * @param mic                       the 16 MIC bytes, or {@code null} when the payload leaves no room for them
 */
public record AuthenticateMessage(int flags, byte[] lmChallengeResponse, byte[] ntChallengeResponse,
                                  String domainName, String userName, String workstation,
                                  byte[] encryptedRandomSessionKey, byte[] version, byte[] mic) {
    /** Offset of the MIC field. */
    public static final int MIC_OFFSET = 72;
    private static final int FIXED_LENGTH = 64;
    private static final int VERSION_OFFSET = 64;
    private static final int MIC_END = MIC_OFFSET + 16;

    public static AuthenticateMessage decode(byte[] m) throws NtlmFormatException {
        NtlmWire.checkHeader(m, 3, FIXED_LENGTH, "AUTHENTICATE_MESSAGE");
        NtlmWire.Field lm = NtlmWire.field(m, 12, FIXED_LENGTH, "LmChallengeResponse");
        NtlmWire.Field nt = NtlmWire.field(m, 20, FIXED_LENGTH, "NtChallengeResponse");
        NtlmWire.Field domain = NtlmWire.field(m, 28, FIXED_LENGTH, "DomainName");
        NtlmWire.Field user = NtlmWire.field(m, 36, FIXED_LENGTH, "UserName");
        NtlmWire.Field workstation = NtlmWire.field(m, 44, FIXED_LENGTH, "Workstation");
        NtlmWire.Field key = NtlmWire.field(m, 52, FIXED_LENGTH, "EncryptedRandomSessionKey");
        int flags = NtlmWire.i32(m, 60);
        int payloadStart = m.length;
        for (NtlmWire.Field f : new NtlmWire.Field[] {lm, nt, domain, user, workstation, key}) {
            if (!f.isEmpty()) {
                payloadStart = Math.min(payloadStart, f.offset());
            }
        }
        byte[] version = payloadStart >= MIC_OFFSET ? Arrays.copyOfRange(m, VERSION_OFFSET, MIC_OFFSET) : null;
        byte[] mic = payloadStart >= MIC_END ? Arrays.copyOfRange(m, MIC_OFFSET, MIC_END) : null;
        boolean unicode = NtlmFlags.isSet(flags, NtlmFlags.NEGOTIATE_UNICODE);
        return new AuthenticateMessage(flags, lm.copy(m), nt.copy(m),
                NtlmWire.string(domain.copy(m), unicode, "DomainName"),
                NtlmWire.string(user.copy(m), unicode, "UserName"),
                NtlmWire.string(workstation.copy(m), unicode, "Workstation"),
                key.copy(m), version, mic);
    }

    /**
     * Encodes the message in the payload order Windows uses (domain, user, workstation, LM, NT, session key),
     * names in UTF-16LE. With a MIC the payload starts at 88, with only a Version at 72, otherwise at 64.
     */
    public byte[] encode() {
        byte[] d = NtlmWire.utf16(domainName);
        byte[] u = NtlmWire.utf16(userName);
        byte[] w = NtlmWire.utf16(workstation);
        int start = mic != null ? MIC_END : version != null ? MIC_OFFSET : FIXED_LENGTH;
        byte[] m = new byte[start + d.length + u.length + w.length + lmChallengeResponse.length
                + ntChallengeResponse.length + encryptedRandomSessionKey.length];
        System.arraycopy(NtlmWire.SIGNATURE, 0, m, 0, 8);
        NtlmWire.putI32(m, 8, 3);
        int at = start;
        at = place(m, 28, at, d);
        at = place(m, 36, at, u);
        at = place(m, 44, at, w);
        at = place(m, 12, at, lmChallengeResponse);
        at = place(m, 20, at, ntChallengeResponse);
        place(m, 52, at, encryptedRandomSessionKey);
        NtlmWire.putI32(m, 60, flags);
        if (version != null) {
            System.arraycopy(version, 0, m, VERSION_OFFSET, 8);
        }
        if (mic != null) {
            System.arraycopy(mic, 0, m, MIC_OFFSET, 16);
        }
        return m;
    }

    private static int place(byte[] m, int descriptor, int offset, byte[] value) {
        System.arraycopy(value, 0, m, offset, value.length);
        return NtlmWire.putField(m, descriptor, offset, value.length);
    }

    /** A copy of an encoded message with the MIC field zeroed: the MIC's input ([MS-NLMP] 3.1.5.1.2). */
    public static byte[] withMicZeroed(byte[] encoded) {
        byte[] copy = encoded.clone();
        Arrays.fill(copy, MIC_OFFSET, MIC_END, (byte) 0);
        return copy;
    }

    @Override
    public String toString() {
        return String.format("AuthenticateMessage[flags=0x%08X, domain=%s, user=%s, workstation=%s, nt=%d bytes]",
                flags, domainName, userName, workstation, ntChallengeResponse.length);
    }
}
