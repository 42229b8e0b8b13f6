package io.signet.protocol.fsctl;

/**
 * IOCTL/FSCTL control codes carried by SMB2 IOCTL: the SMB2-specific ones of [MS-SMB2] 2.2.31 and the
 * [MS-FSCC] 2.3 file system controls a file server is asked for.
 */
public final class CtlCode {
    // [MS-SMB2] 2.2.31
    public static final int FSCTL_DFS_GET_REFERRALS = 0x00060194;
    public static final int FSCTL_DFS_GET_REFERRALS_EX = 0x000601B0;
    public static final int FSCTL_PIPE_PEEK = 0x0011400C;
    public static final int FSCTL_PIPE_WAIT = 0x00110018;
    public static final int FSCTL_PIPE_TRANSCEIVE = 0x0011C017;
    public static final int FSCTL_SRV_COPYCHUNK = 0x001440F2;
    public static final int FSCTL_SRV_COPYCHUNK_WRITE = 0x001480F2;
    public static final int FSCTL_SRV_ENUMERATE_SNAPSHOTS = 0x00144064;
    public static final int FSCTL_SRV_REQUEST_RESUME_KEY = 0x00140078;
    public static final int FSCTL_SRV_READ_HASH = 0x001441BB;
    public static final int FSCTL_LMR_REQUEST_RESILIENCY = 0x001401D4;
    public static final int FSCTL_QUERY_NETWORK_INTERFACE_INFO = 0x001401FC;
    public static final int FSCTL_SET_REPARSE_POINT = 0x000900A4;
    public static final int FSCTL_FILE_LEVEL_TRIM = 0x00098208;
    public static final int FSCTL_VALIDATE_NEGOTIATE_INFO = 0x00140204;

    // [MS-FSCC] 2.3
    public static final int FSCTL_GET_REPARSE_POINT = 0x000900A8;
    public static final int FSCTL_DELETE_REPARSE_POINT = 0x000900AC;
    public static final int FSCTL_CREATE_OR_GET_OBJECT_ID = 0x000900C0;
    public static final int FSCTL_SET_SPARSE = 0x000900C4;
    public static final int FSCTL_SET_ZERO_DATA = 0x000980C8;
    public static final int FSCTL_QUERY_ALLOCATED_RANGES = 0x000940CF;
    public static final int FSCTL_GET_COMPRESSION = 0x0009003C;
    public static final int FSCTL_SET_COMPRESSION = 0x0009C040;
    public static final int FSCTL_GET_INTEGRITY_INFORMATION = 0x0009027C;
    public static final int FSCTL_SET_INTEGRITY_INFORMATION = 0x0009C280;
    public static final int FSCTL_DUPLICATE_EXTENTS_TO_FILE = 0x00098344;
    public static final int FSCTL_OFFLOAD_READ = 0x00094264;
    public static final int FSCTL_OFFLOAD_WRITE = 0x00098268;

    /** The RequiredAccess field of a control code (bits 14 and 15): FILE_READ_ACCESS. */
    public static final int FILE_READ_ACCESS = 0x1;
    /** The RequiredAccess field of a control code (bits 14 and 15): FILE_WRITE_ACCESS. */
    public static final int FILE_WRITE_ACCESS = 0x2;

    private CtlCode() {
    }

    /**
     * The RequiredAccess field of a control code, bits 14 and 15 (the CTL_CODE layout Windows builds every code
     * with): {@link #FILE_READ_ACCESS} and/or {@link #FILE_WRITE_ACCESS}, or 0 for a control any handle may send.
     */
    public static int requiredAccess(int ctlCode) {
        return (ctlCode >>> 14) & 3;
    }
}
