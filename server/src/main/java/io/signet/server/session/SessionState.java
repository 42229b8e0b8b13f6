package io.signet.server.session;

/** [MS-SMB2] 3.3.1.8 Session.State. */
public enum SessionState {
    IN_PROGRESS,
    VALID,
    EXPIRED
}
