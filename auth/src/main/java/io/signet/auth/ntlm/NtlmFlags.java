package io.signet.auth.ntlm;

/** NegotiateFlags bits ([MS-NLMP] 2.2.2.5); the spec's letter for each bit is in the comment. */
public final class NtlmFlags {
    public static final int NEGOTIATE_UNICODE = 0x00000001;                 // A
    public static final int NEGOTIATE_OEM = 0x00000002;                     // B
    public static final int REQUEST_TARGET = 0x00000004;                    // C
    public static final int NEGOTIATE_SIGN = 0x00000010;                    // D
    public static final int NEGOTIATE_SEAL = 0x00000020;                    // E
    public static final int NEGOTIATE_DATAGRAM = 0x00000040;                // F
    public static final int NEGOTIATE_LM_KEY = 0x00000080;                  // G
    public static final int NEGOTIATE_NTLM = 0x00000200;                    // H
    public static final int NEGOTIATE_ANONYMOUS = 0x00000800;               // J
    public static final int NEGOTIATE_OEM_DOMAIN_SUPPLIED = 0x00001000;     // K
    public static final int NEGOTIATE_OEM_WORKSTATION_SUPPLIED = 0x00002000; // L
    public static final int NEGOTIATE_ALWAYS_SIGN = 0x00008000;             // M
    public static final int TARGET_TYPE_DOMAIN = 0x00010000;                // N
    public static final int TARGET_TYPE_SERVER = 0x00020000;                // O
    public static final int NEGOTIATE_EXTENDED_SESSIONSECURITY = 0x00080000; // P
    public static final int NEGOTIATE_IDENTIFY = 0x00100000;                // Q
    public static final int REQUEST_NON_NT_SESSION_KEY = 0x00400000;        // R
    public static final int NEGOTIATE_TARGET_INFO = 0x00800000;             // S
    public static final int NEGOTIATE_VERSION = 0x02000000;                 // T
    public static final int NEGOTIATE_128 = 0x20000000;                     // U
    public static final int NEGOTIATE_KEY_EXCH = 0x40000000;                // V
    public static final int NEGOTIATE_56 = 0x80000000;                      // W

    private NtlmFlags() {
    }

    public static boolean isSet(int flags, int bit) {
        return (flags & bit) != 0;
    }
}
