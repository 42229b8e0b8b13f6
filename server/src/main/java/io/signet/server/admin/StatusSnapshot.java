package io.signet.server.admin;

import java.util.List;

/**
 * What {@code signet status} shows: the server's sessions with their channels, tree connects and opens, copied from
 * the live tables at one moment (each table is read once; a session may end while the copy is made, so the copy is
 * consistent per object, not across objects). Plain values only: nothing here reaches back into the server.
 */
public record StatusSnapshot(String server, List<SessionStatus> sessions) {

    public StatusSnapshot {
        sessions = List.copyOf(sessions);
    }

    /**
     * A session ([MS-SMB2] 3.3.1.8).
     *
     * @param id              Session.SessionId
     * @param user            "DOMAIN\name", or "-" while the logon is in progress
     * @param kind            "user", "guest" or "anonymous"; "-" while the logon is in progress
     * @param state           Session.State: in_progress, valid or expired
     * @param dialect         the dialect of Session.Connection ("3.1.1"), or "-"
     * @param signing         the signing algorithm ("AES-GMAC"), or "none" for guest and anonymous sessions
     * @param cipher          the cipher of Session.Connection ("AES-128-GCM"), or "none"
     * @param encryptData     Session.EncryptData: requests must come encrypted
     * @param signingRequired Session.SigningRequired
     * @param client          the address of the connection that established the session
     * @param channels        the addresses of Session.ChannelList ([MS-SMB2] 3.3.1.14)
     */
    public record SessionStatus(long id, String user, String kind, String state, String dialect, String signing,
                                String cipher, boolean encryptData, boolean signingRequired, String client,
                                List<String> channels, List<TreeStatus> trees, List<OpenStatus> opens) {
        public SessionStatus {
            channels = List.copyOf(channels);
            trees = List.copyOf(trees);
            opens = List.copyOf(opens);
        }
    }

    /** A tree connect ([MS-SMB2] 3.3.1.10). */
    public record TreeStatus(int id, String share) {
    }

    /**
     * An open ([MS-SMB2] 3.3.1.10).
     *
     * @param path          share-relative, '\' separated, "" for the share root; a pipe's name for IPC$
     * @param fileId        FileId.Volatile
     * @param grantedAccess Open.GrantedAccess
     * @param shareAccess   the ShareAccess of the CREATE (FILE_SHARE_READ | _WRITE | _DELETE)
     * @param oplock        Open.OplockLevel: none, ii, exclusive or batch, or lease(RWH) with the lease's state
     * @param locks         byte-range locks the open holds
     */
    public record OpenStatus(String share, String path, long fileId, int grantedAccess, int shareAccess,
                             String oplock, int locks) {
    }
}
