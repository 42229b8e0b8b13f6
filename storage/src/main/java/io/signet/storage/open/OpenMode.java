package io.signet.storage.open;

import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

import static io.signet.protocol.fscc.FileModeInformation.FILE_NO_INTERMEDIATE_BUFFERING;
import static io.signet.protocol.fscc.FileModeInformation.FILE_SEQUENTIAL_ONLY;
import static io.signet.protocol.fscc.FileModeInformation.FILE_WRITE_THROUGH;
import static io.signet.protocol.fscc.FileModeInformation.SETTABLE;
import static io.signet.protocol.fscc.FileModeInformation.SYNCHRONOUS_IO;

/** The mode of an open ([MS-FSCC] 2.4.30 FileModeInformation) and how a SET_INFO may change it. */
public final class OpenMode {
    private OpenMode() {
    }

    /**
     * [MS-FSA] 2.1.5.15.7: the mode an open with mode {@code current} has after a SET_INFO FileModeInformation of
     * {@code requested}. FILE_SEQUENTIAL_ONLY follows the request; so does FILE_WRITE_THROUGH, unless the open has
     * FILE_NO_INTERMEDIATE_BUFFERING (which implies it); an open made synchronous may switch between the two
     * synchronous flags but not drop them, and one that is not synchronous cannot become so. Other bits of
     * {@code current} stay.
     *
     * @throws SmbException STATUS_INVALID_PARAMETER for a bit other than those four, both synchronous flags, or a
     *                      synchronous flag that does not match the open
     */
    public static int change(int current, int requested) {
        if ((requested & ~SETTABLE) != 0) {
            throw invalid("mode 0x" + Integer.toHexString(requested) + " has a bit that cannot be set");
        }
        int requestedSync = requested & SYNCHRONOUS_IO;
        int currentSync = current & SYNCHRONOUS_IO;
        if (requestedSync == SYNCHRONOUS_IO) {
            throw invalid("both synchronous I/O flags");
        }
        if ((requestedSync == 0) != (currentSync == 0)) {
            throw invalid(currentSync == 0 ? "the open is not synchronous" : "a synchronous open must stay so");
        }
        int mode = current;
        if ((current & FILE_NO_INTERMEDIATE_BUFFERING) == 0) {
            mode = (mode & ~FILE_WRITE_THROUGH) | (requested & FILE_WRITE_THROUGH);
        }
        mode = (mode & ~FILE_SEQUENTIAL_ONLY) | (requested & FILE_SEQUENTIAL_ONLY);
        return (mode & ~SYNCHRONOUS_IO) | requestedSync;
    }

    private static SmbException invalid(String why) {
        return new SmbException(NtStatus.STATUS_INVALID_PARAMETER, why);
    }
}
