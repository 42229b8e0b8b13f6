package io.signet.protocol.fscc;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

/**
 * [MS-FSCC] 2.4 FileModeInformation: FILE_MODE_INFORMATION, 4 bytes, QUERY_INFO and SET_INFO.
 *
 * <p>A SET_INFO may only ask for FILE_WRITE_THROUGH and FILE_SEQUENTIAL_ONLY: the other mode bits
 * (FILE_NO_INTERMEDIATE_BUFFERING and the synchronous I/O flags) are fixed when the file is opened, and an SMB2
 * server's opens are never synchronous, so Windows answers STATUS_INVALID_PARAMETER for any other bit.
 */
public record FileModeInformation(int mode) {
    public static final int SIZE = 4;
    /** [MS-FSCC] 2.4: writes go through to the disk. */
    public static final int FILE_WRITE_THROUGH = 0x00000002;
    /** [MS-FSCC] 2.4: the file is accessed sequentially. */
    public static final int FILE_SEQUENTIAL_ONLY = 0x00000004;
    /** The bits a SET_INFO may carry. */
    public static final int SETTABLE = FILE_WRITE_THROUGH | FILE_SEQUENTIAL_ONLY;

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
