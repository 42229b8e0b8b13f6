package io.signet.protocol.fscc;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

/**
 * [MS-FSCC] 2.4.30 FileModeInformation: FILE_MODE_INFORMATION, 4 bytes, QUERY_INFO and SET_INFO.
 *
 * <p>A SET_INFO may carry only FILE_WRITE_THROUGH, FILE_SEQUENTIAL_ONLY and the two synchronous I/O flags
 * ([MS-FSA] 2.1.5.15.7); any other bit is STATUS_INVALID_PARAMETER here. Whether the open can take the synchronous
 * flags depends on how it was opened, which the server checks.
 */
public record FileModeInformation(int mode) {
    public static final int SIZE = 4;
    /** [MS-FSCC] 2.4: writes go through to the disk. */
    public static final int FILE_WRITE_THROUGH = 0x00000002;
    /** [MS-FSCC] 2.4: the file is accessed sequentially. */
    public static final int FILE_SEQUENTIAL_ONLY = 0x00000004;
    /** [MS-FSCC] 2.4.30: the file is not cached; fixed when the file is opened. */
    public static final int FILE_NO_INTERMEDIATE_BUFFERING = 0x00000008;
    /** [MS-FSCC] 2.4.30: I/O on the open is synchronous, waits can be alerted. */
    public static final int FILE_SYNCHRONOUS_IO_ALERT = 0x00000010;
    /** [MS-FSCC] 2.4.30: I/O on the open is synchronous, waits cannot be alerted. */
    public static final int FILE_SYNCHRONOUS_IO_NONALERT = 0x00000020;
    /** Both synchronous I/O flags. */
    public static final int SYNCHRONOUS_IO = FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT;
    /** The bits a SET_INFO may carry ([MS-FSA] 2.1.5.15.7). */
    public static final int SETTABLE = FILE_WRITE_THROUGH | FILE_SEQUENTIAL_ONLY | SYNCHRONOUS_IO;

    /**
     * Reads the structure at the reader index of {@code buf} (borrowed) for a SET_INFO.
     *
     * @throws SmbException STATUS_INFO_LENGTH_MISMATCH if fewer than 4 bytes, STATUS_INVALID_PARAMETER if a bit
     *                      other than {@link #SETTABLE} is set
     */
    public static FileModeInformation decode(ByteBuf buf) {
        InfoBuffers.requireLength(buf, SIZE, "FILE_MODE_INFORMATION");
        int mode = buf.readIntLE();                                  // Mode (4 bytes)
        if ((mode & ~SETTABLE) != 0) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER,
                    "FileModeInformation 0x" + Integer.toHexString(mode) + " sets a bit that cannot be changed");
        }
        return new FileModeInformation(mode);
    }

    public void encode(ByteBuf out) {
        out.writeIntLE(mode);                                        // Mode (4 bytes)
    }
}
