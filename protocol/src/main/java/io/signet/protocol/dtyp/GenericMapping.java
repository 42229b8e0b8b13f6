package io.signet.protocol.dtyp;

import io.signet.protocol.smb2.AccessMask;

import static io.signet.protocol.smb2.AccessMask.GENERIC_ALL;
import static io.signet.protocol.smb2.AccessMask.GENERIC_BITS;
import static io.signet.protocol.smb2.AccessMask.GENERIC_EXECUTE;
import static io.signet.protocol.smb2.AccessMask.GENERIC_READ;
import static io.signet.protocol.smb2.AccessMask.GENERIC_WRITE;

/**
 * A GENERIC_MAPPING ([MS-DTYP] 2.5.3.1.1 and 2.4.3): what GENERIC_READ, GENERIC_WRITE, GENERIC_EXECUTE and
 * GENERIC_ALL stand for on one kind of object.
 *
 * @param read    the rights of GENERIC_READ
 * @param write   the rights of GENERIC_WRITE
 * @param execute the rights of GENERIC_EXECUTE
 * @param all     the rights of GENERIC_ALL
 */
public record GenericMapping(int read, int write, int execute, int all) {

    /**
     * Files and directories ([MS-SMB2] 2.2.13.1.1, the same numbers for both): FILE_GENERIC_READ,
     * FILE_GENERIC_WRITE, FILE_GENERIC_EXECUTE and FILE_ALL_ACCESS.
     */
    public static final GenericMapping FILES = new GenericMapping(AccessMask.FILE_GENERIC_READ,
            AccessMask.FILE_GENERIC_WRITE, AccessMask.FILE_GENERIC_EXECUTE, AccessMask.FILE_ALL_ACCESS);

    /** {@code mask} with each generic bit replaced by the rights it stands for ([MS-DTYP] 2.5.3.1.1 MapGenericBits). */
    public int map(int mask) {
        int result = mask & ~GENERIC_BITS;
        if ((mask & GENERIC_READ) != 0) {
            result |= read;
        }
        if ((mask & GENERIC_WRITE) != 0) {
            result |= write;
        }
        if ((mask & GENERIC_EXECUTE) != 0) {
            result |= execute;
        }
        if ((mask & GENERIC_ALL) != 0) {
            result |= all;
        }
        return result;
    }
}
