package io.signet.auth.ntlm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * NTLM message signatures with extended session security ([MS-NLMP] 3.4.4.2), used here only for the SPNEGO
 * mechListMIC ([MS-SPNG] 3.1.5.1): each MIC is the first message signed in its direction, so it uses sequence
 * number 0 and a freshly keyed RC4 handle.
 *
 * <p>Without NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY, NTLM falls back to the CRC32-based signature of
 * [MS-NLMP] 3.4.4.1; no NTLMv2 client this server targets negotiates that, so it is not implemented and
 * {@link #create} refuses such a context.
 */
public final class NtlmSessionSecurity {
    /** Which side signs: the keys of the two directions differ ([MS-NLMP] 3.4.5.2, 3.4.5.3). */
    public enum Direction {
        CLIENT_TO_SERVER("session key to client-to-server signing key magic constant\0",
                "session key to client-to-server sealing key magic constant\0"),
        SERVER_TO_CLIENT("session key to server-to-client signing key magic constant\0",
                "session key to server-to-client sealing key magic constant\0");

        // The magic constants include their terminating NUL byte.
        private final byte[] signMagic;
        private final byte[] sealMagic;

        Direction(String signMagic, String sealMagic) {
            this.signMagic = signMagic.getBytes(StandardCharsets.US_ASCII);
            this.sealMagic = sealMagic.getBytes(StandardCharsets.US_ASCII);
        }
    }

    /**
     * [MS-SPNG] 3.1.5.1: the SPNEGO mechListMIC is the first message each side signs, so it carries sequence number 0.
     */
    public static final int MECH_LIST_MIC_SEQUENCE = 0;
    private static final int SIGNATURE_VERSION = 1;

    private final int flags;
    private final byte[] exportedSessionKey;

    private NtlmSessionSecurity(int flags, byte[] exportedSessionKey) {
        this.flags = flags;
        this.exportedSessionKey = exportedSessionKey.clone();
    }

    /**
     * Session security for the negotiated {@code flags} and ExportedSessionKey.
     *
     * @throws IllegalArgumentException without extended session security
     */
    public static NtlmSessionSecurity create(int flags, byte[] exportedSessionKey) {
        if (!supports(flags)) {
            throw new IllegalArgumentException("NTLM signing without extended session security is not supported");
        }
        return new NtlmSessionSecurity(flags, exportedSessionKey);
    }

    /** Whether {@link #create} accepts these negotiated flags. */
    public static boolean supports(int flags) {
        return NtlmFlags.isSet(flags, NtlmFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY);
    }

    /** SIGNKEY ([MS-NLMP] 3.4.5.2) with extended session security: MD5(ExportedSessionKey || magic). */
    public static byte[] signingKey(byte[] exportedSessionKey, Direction direction) {
        return NtlmCrypto.md5(exportedSessionKey, direction.signMagic);
    }

    /**
     * SEALKEY ([MS-NLMP] 3.4.5.3) with extended session security: MD5 over the first 16, 7 or 5 bytes of the
     * ExportedSessionKey (for NEGOTIATE_128, NEGOTIATE_56, or neither) followed by the magic constant.
     */
    public static byte[] sealingKey(int flags, byte[] exportedSessionKey, Direction direction) {
        int length = NtlmFlags.isSet(flags, NtlmFlags.NEGOTIATE_128) ? 16
                : NtlmFlags.isSet(flags, NtlmFlags.NEGOTIATE_56) ? 7 : 5;
        return NtlmCrypto.md5(Arrays.copyOf(exportedSessionKey, length), direction.sealMagic);
    }

    /**
     * The 16-byte NTLMSSP_MESSAGE_SIGNATURE ([MS-NLMP] 2.2.2.9.1, 3.4.4.2): Version = 1 (4 bytes), Checksum
     * (8 bytes) = first 8 bytes of HMAC_MD5(SigningKey, SeqNum || message), RC4-encrypted with the sealing key
     * when NEGOTIATE_KEY_EXCH was negotiated, then SeqNum (4 bytes).
     */
    public byte[] signature(Direction direction, int sequenceNumber, byte[] message) {
        byte[] seq = new byte[4];
        NtlmWire.putI32(seq, 0, sequenceNumber);
        byte[] checksum = Arrays.copyOf(NtlmCrypto.hmacMd5(signingKey(exportedSessionKey, direction), seq, message), 8);
        if (NtlmFlags.isSet(flags, NtlmFlags.NEGOTIATE_KEY_EXCH)) {
            checksum = NtlmCrypto.rc4(sealingKey(flags, exportedSessionKey, direction), checksum);
        }
        byte[] out = new byte[16];
        NtlmWire.putI32(out, 0, SIGNATURE_VERSION);
        System.arraycopy(checksum, 0, out, 4, 8);
        System.arraycopy(seq, 0, out, 12, 4);
        return out;
    }

    /** Whether {@code signature} is the one {@code direction} would produce, compared in constant time. */
    public boolean isValidSignature(Direction direction, int sequenceNumber, byte[] message, byte[] signature) {
        return MessageDigest.isEqual(signature(direction, sequenceNumber, message), signature);
    }
}
