package io.signet.auth.ntlm;

import java.util.Arrays;

/**
 * NEGOTIATE_MESSAGE ([MS-NLMP] 2.2.1.1): Signature (8 bytes), MessageType = 1 (4), NegotiateFlags (4),
 * DomainNameFields (8), WorkstationFields (8), Version (8, meaningful with NEGOTIATE_VERSION), Payload.
 *
 * <p>The OEM domain and workstation names are only hints for a server that may hand the exchange to a domain
 * controller; this server never does, so they are neither decoded nor produced.
 *
 * @param flags   the flags the client asks for
 * @param version the client's Version structure ([MS-NLMP] 2.2.2.10), or {@code null}
 */
public record NegotiateMessage(int flags, byte[] version) {
    /** Signature, type and flags; older clients stop here ([MS-NLMP] 2.2.1.1 allows the fields to be absent). */
    static final int MIN_LENGTH = 16;
    private static final int FIELDS_END = 32;

    public static NegotiateMessage decode(byte[] m) throws NtlmFormatException {
        NtlmWire.checkHeader(m, 1, MIN_LENGTH, "NEGOTIATE_MESSAGE");
        int flags = NtlmWire.i32(m, 12);
        byte[] version = null;
        if (NtlmFlags.isSet(flags, NtlmFlags.NEGOTIATE_VERSION) && m.length >= FIELDS_END + 8) {
            version = Arrays.copyOfRange(m, FIELDS_END, FIELDS_END + 8);
        }
        return new NegotiateMessage(flags, version);
    }

    /** Encodes with empty domain and workstation fields (zero length, zero offset, as Windows sends them). */
    public byte[] encode() {
        byte[] m = new byte[FIELDS_END + (version == null ? 0 : 8)];
        System.arraycopy(NtlmWire.SIGNATURE, 0, m, 0, 8);
        NtlmWire.putI32(m, 8, 1);
        NtlmWire.putI32(m, 12, flags);
        if (version != null) {
            System.arraycopy(version, 0, m, FIELDS_END, 8);
        }
        return m;
    }

    @Override
    public String toString() {
        return String.format("NegotiateMessage[flags=0x%08X]", flags);
    }
}
