package io.signet.server.conn;

/**
 * Thrown when a request is so malformed, or breaks the protocol so badly, that [MS-SMB2] says the server terminates
 * the connection instead of answering (e.g. a message id outside the credit window, 3.3.5.2.3).
 */
public final class Disconnect extends RuntimeException {
    public Disconnect(String reason) {
        super(reason, null, false, false);
    }
}
