package io.signet.protocol.smb2;

/** [MS-SMB2] 2.2.13 CreateOptions bits. */
public final class CreateOptions {
    public static final int DIRECTORY_FILE = 0x00000001;
    public static final int WRITE_THROUGH = 0x00000002;
    public static final int SEQUENTIAL_ONLY = 0x00000004;
    public static final int NO_INTERMEDIATE_BUFFERING = 0x00000008;
    /** MUST be ignored by the server. */
    public static final int SYNCHRONOUS_IO_ALERT = 0x00000010;
    /** MUST be ignored by the server. */
    public static final int SYNCHRONOUS_IO_NONALERT = 0x00000020;
    public static final int NON_DIRECTORY_FILE = 0x00000040;
    /** MUST be ignored by the server. */
    public static final int CREATE_TREE_CONNECTION = 0x00000080;
    /** MUST be ignored by the server. */
    public static final int COMPLETE_IF_OPLOCKED = 0x00000100;
    public static final int NO_EA_KNOWLEDGE = 0x00000200;
    /** MUST be ignored by the server. */
    public static final int OPEN_REMOTE_INSTANCE = 0x00000400;
    public static final int RANDOM_ACCESS = 0x00000800;
    public static final int DELETE_ON_CLOSE = 0x00001000;
    public static final int OPEN_BY_FILE_ID = 0x00002000;
    public static final int OPEN_FOR_BACKUP_INTENT = 0x00004000;
    public static final int NO_COMPRESSION = 0x00008000;
    /** MUST be ignored by the server. */
    public static final int OPEN_REQUIRING_OPLOCK = 0x00010000;
    /** MUST be ignored by the server. */
    public static final int DISALLOW_EXCLUSIVE = 0x00020000;
    public static final int RESERVE_OPFILTER = 0x00100000;
    public static final int OPEN_REPARSE_POINT = 0x00200000;
    public static final int OPEN_NO_RECALL = 0x00400000;
    /** MUST be ignored by the server. */
    public static final int OPEN_FOR_FREE_SPACE_QUERY = 0x00800000;

    /** The bits [MS-SMB2] 2.2.13 tells the server to ignore. */
    public static final int IGNORED = SYNCHRONOUS_IO_ALERT | SYNCHRONOUS_IO_NONALERT | CREATE_TREE_CONNECTION
            | COMPLETE_IF_OPLOCKED | OPEN_REMOTE_INSTANCE | OPEN_REQUIRING_OPLOCK | DISALLOW_EXCLUSIVE
            | OPEN_FOR_FREE_SPACE_QUERY;

    /**
     * The options that may accompany DIRECTORY_FILE ([MS-FSA] 2.1.5.1 phase 1, ValidDirectoryCreateOptions, less the
     * bits already ignored); any other bit with DIRECTORY_FILE is STATUS_INVALID_PARAMETER.
     */
    public static final int VALID_WITH_DIRECTORY = DIRECTORY_FILE | WRITE_THROUGH | OPEN_FOR_BACKUP_INTENT
            | DELETE_ON_CLOSE | OPEN_BY_FILE_ID | OPEN_REPARSE_POINT;

    /**
     * The options an open reports back in [MS-FSCC] 2.4 FileModeInformation (its Mode field carries exactly these
     * bits).
     */
    public static final int MODE_BITS = WRITE_THROUGH | SEQUENTIAL_ONLY | NO_INTERMEDIATE_BUFFERING
            | SYNCHRONOUS_IO_ALERT | SYNCHRONOUS_IO_NONALERT | DELETE_ON_CLOSE;

    private CreateOptions() {
    }
}
