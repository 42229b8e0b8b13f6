package io.signet.protocol.smb2;

/**
 * [MS-SMB2] 2.2.13 ImpersonationLevel of a CREATE. The server does not act on it, but a value above
 * {@link #DELEGATE} is STATUS_BAD_IMPERSONATION_LEVEL ([MS-SMB2] 3.3.5.9).
 */
public final class ImpersonationLevel {
    public static final int ANONYMOUS = 0;
    public static final int IDENTIFICATION = 1;
    public static final int IMPERSONATION = 2;
    public static final int DELEGATE = 3;

    private ImpersonationLevel() {
    }
}
