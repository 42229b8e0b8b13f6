package io.signet.server.tree;

/**
 * What a durable open does when its client goes away ([MS-SMB2] 3.3.7.1, 3.3.5.6) and when another client's open
 * needs it to give up its oplock or lease while nobody can hear the break ([MS-SMB2] 3.3.4.6). The table of durable
 * opens sets it on the opens it made durable; an open without one is closed with its session.
 */
public interface Durability {
    /**
     * The open's session ended without a CLOSE (connection lost, LOGOFF, a reconnecting client's new session):
     * true when the open is kept for a reconnect, and so must not be closed.
     */
    boolean keepOnDisconnect(Open open);

    /** A break found no live channel of the open's session: a kept open is closed, which releases what it held. */
    void breakWithoutChannel(Open open);

    /** The open's byte-range locks or position changed ({@link Open#stateChanged}). */
    default void stateChanged(Open open) {
    }
}
