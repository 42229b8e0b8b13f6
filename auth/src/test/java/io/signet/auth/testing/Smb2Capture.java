package io.signet.auth.testing;

import java.util.Arrays;

/** Pulls the security buffers out of the captured SMB2 packets of vector file 01 ([MS-SMB2] 2.2.4, 2.2.5, 2.2.6). */
public final class Smb2Capture {
    private static final int HEADER = 64;

    private Smb2Capture() {
    }

    /** NEGOTIATE response: SecurityBufferOffset at body+56, SecurityBufferLength at body+58. */
    public static byte[] negotiateResponseBuffer(byte[] packet) {
        return slice(packet, HEADER + 56);
    }

    /** SESSION_SETUP request: SecurityBufferOffset at body+12, SecurityBufferLength at body+14. */
    public static byte[] sessionSetupRequestBuffer(byte[] packet) {
        return slice(packet, HEADER + 12);
    }

    /** SESSION_SETUP response: SecurityBufferOffset at body+4, SecurityBufferLength at body+6. */
    public static byte[] sessionSetupResponseBuffer(byte[] packet) {
        return slice(packet, HEADER + 4);
    }

    private static byte[] slice(byte[] packet, int at) {
        int offset = (packet[at] & 0xFF) | (packet[at + 1] & 0xFF) << 8;
        int length = (packet[at + 2] & 0xFF) | (packet[at + 3] & 0xFF) << 8;
        return Arrays.copyOfRange(packet, offset, offset + length);
    }
}
