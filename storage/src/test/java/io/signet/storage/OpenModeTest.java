package io.signet.storage;

import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.status.NtStatus;
import io.signet.storage.open.OpenMode;
import org.junit.jupiter.api.Test;

import static io.signet.protocol.smb2.CreateOptions.DELETE_ON_CLOSE;
import static io.signet.protocol.smb2.CreateOptions.NO_INTERMEDIATE_BUFFERING;
import static io.signet.protocol.smb2.CreateOptions.SEQUENTIAL_ONLY;
import static io.signet.protocol.smb2.CreateOptions.SYNCHRONOUS_IO_ALERT;
import static io.signet.protocol.smb2.CreateOptions.SYNCHRONOUS_IO_NONALERT;
import static io.signet.protocol.smb2.CreateOptions.WRITE_THROUGH;
import static io.signet.storage.StorageTestSupport.status;
import static org.junit.jupiter.api.Assertions.assertEquals;

class OpenModeTest {
    @Test
    void writeThroughAndSequentialOnlyFollowTheRequest() {
        assertEquals(WRITE_THROUGH, OpenMode.change(0, WRITE_THROUGH));
        assertEquals(SEQUENTIAL_ONLY, OpenMode.change(WRITE_THROUGH, SEQUENTIAL_ONLY));
        assertEquals(0, OpenMode.change(WRITE_THROUGH | SEQUENTIAL_ONLY, 0));
        assertEquals(DELETE_ON_CLOSE | WRITE_THROUGH, OpenMode.change(DELETE_ON_CLOSE, WRITE_THROUGH),
                "bits that cannot be set stay");
    }

    @Test
    void anUnbufferedOpenKeepsWriteThrough() {
        int unbuffered = NO_INTERMEDIATE_BUFFERING | WRITE_THROUGH;
        assertEquals(unbuffered, OpenMode.change(unbuffered, 0));
        assertEquals(NO_INTERMEDIATE_BUFFERING, OpenMode.change(NO_INTERMEDIATE_BUFFERING, WRITE_THROUGH),
                "nor does it gain it");
    }

    @Test
    void synchronousFlagsMustMatchTheOpen() {
        assertEquals(SYNCHRONOUS_IO_NONALERT, OpenMode.change(SYNCHRONOUS_IO_ALERT, SYNCHRONOUS_IO_NONALERT));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, status(() -> OpenMode.change(0, SYNCHRONOUS_IO_ALERT)));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, status(() -> OpenMode.change(SYNCHRONOUS_IO_ALERT, 0)));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, status(() -> OpenMode.change(SYNCHRONOUS_IO_ALERT,
                SYNCHRONOUS_IO_ALERT | SYNCHRONOUS_IO_NONALERT)));
    }

    @Test
    void otherBitsAreInvalid() {
        for (int bad : new int[]{CreateOptions.DIRECTORY_FILE, NO_INTERMEDIATE_BUFFERING, DELETE_ON_CLOSE, 0x40}) {
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, status(() -> OpenMode.change(0, bad)),
                    Integer.toHexString(bad));
        }
    }
}
