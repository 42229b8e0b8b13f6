package io.signet.server.metrics;

import io.signet.protocol.crypto.SigningAlgorithm;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.status.NtStatus;
import java.util.Arrays;

/**
 * The label values, each from a small fixed set, and the array slot each takes, so that recording a request looks
 * its data point up by index instead of by a list of strings.
 */
final class MetricLabels {
    static final Smb2Command[] COMMANDS = Smb2Command.values();
    /** The slot of a command code outside [MS-SMB2] 2.2.1.2. */
    static final int UNKNOWN_COMMAND = COMMANDS.length;
    static final int COMMAND_SLOTS = COMMANDS.length + 1;

    static final SigningAlgorithm[] SIGNING = SigningAlgorithm.values();
    /** The slot of a request without a session key: no session yet, a guest or anonymous session. */
    static final int NO_SIGNING = SIGNING.length;
    static final int SIGNING_SLOTS = SIGNING.length + 1;

    static final NtStatus[] STATUSES = NtStatus.values();
    /** The slot of a status code {@link NtStatus} does not name. */
    static final int OTHER_STATUS = STATUSES.length;
    static final int STATUS_SLOTS = STATUSES.length + 1;

    /** The status codes in ascending order, and the ordinal of each: a binary search, no boxing. */
    private static final int[] CODES;
    private static final int[] ORDINALS;

    static {
        NtStatus[] byCode = STATUSES.clone();
        Arrays.sort(byCode, (a, b) -> Integer.compareUnsigned(a.code(), b.code()));
        CODES = new int[byCode.length];
        ORDINALS = new int[byCode.length];
        for (int i = 0; i < byCode.length; i++) {
            CODES[i] = byCode[i].code();
            ORDINALS[i] = byCode[i].ordinal();
        }
    }

    private MetricLabels() {
    }

    static int commandSlot(Smb2Command command) {
        return command == null ? UNKNOWN_COMMAND : command.ordinal();
    }

    static String commandName(int slot) {
        return slot == UNKNOWN_COMMAND ? "UNKNOWN" : COMMANDS[slot].name();
    }

    static int signingSlot(SigningAlgorithm algorithm) {
        return algorithm == null ? NO_SIGNING : algorithm.ordinal();
    }

    /** "AES-CMAC", the spelling of {@code signet status}; "none" without a key. */
    static String signingName(int slot) {
        return slot == NO_SIGNING ? "none" : SIGNING[slot].name().replace('_', '-');
    }

    static int statusSlot(int code) {
        int lo = 0;
        int hi = CODES.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Integer.compareUnsigned(CODES[mid], code);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return ORDINALS[mid];
            }
        }
        return OTHER_STATUS;
    }

    static String statusName(int slot) {
        return slot == OTHER_STATUS ? "OTHER" : STATUSES[slot].name();
    }
}
