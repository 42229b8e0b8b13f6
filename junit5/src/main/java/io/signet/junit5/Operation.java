package io.signet.junit5;

import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.status.NtStatus;

/**
 * One request a client made and how the server answered it.
 *
 * @param command      the SMB2 command
 * @param user         the session's user; null before a logon completed
 * @param share        the share of the request's tree connect; null outside one
 * @param path         share-relative, '/' separated: the name a CREATE asked for, or the file of the open a file
 *                     command (READ, WRITE, CLOSE, QUERY_INFO, ...) named; null for other requests
 * @param statusCode   the NTSTATUS of the response (STATUS_PENDING for a request that went asynchronous)
 * @param bytesRead    what a successful READ returned
 * @param bytesWritten what a successful WRITE wrote
 */
public record Operation(Smb2Command command, String user, String share, String path, int statusCode,
                        long bytesRead, long bytesWritten) {
    /** The status, or null for a code {@link NtStatus} does not name. */
    public NtStatus status() {
        return NtStatus.fromCode(statusCode);
    }

    public boolean succeeded() {
        return statusCode == NtStatus.STATUS_SUCCESS.code();
    }

    @Override
    public String toString() {
        NtStatus s = status();
        return command + (path == null ? "" : " " + share + ":" + path) + " by " + user + " -> "
                + (s == null ? "0x" + Integer.toHexString(statusCode) : s.name())
                + (bytesRead > 0 ? " read " + bytesRead : "") + (bytesWritten > 0 ? " wrote " + bytesWritten : "");
    }
}
