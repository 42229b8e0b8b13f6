package io.signet.protocol.smb2;

/** [MS-SMB2] 2.2.13 ShareAccess: what other opens of the same file a CREATE lets through. */
public final class ShareAccess {
    public static final int FILE_SHARE_READ = 0x1;
    public static final int FILE_SHARE_WRITE = 0x2;
    public static final int FILE_SHARE_DELETE = 0x4;
    /** Every share bit: what an open that does not say otherwise shares. */
    public static final int ALL = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;

    private ShareAccess() {
    }
}
