package io.signet.server.tree;

import io.signet.auth.AuthenticatedUser;
import io.signet.auth.UserKind;
import io.signet.config.ShareConfig;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

/**
 * Who may use a disk share: a user account the share's {@code valid users} admits, or a guest or anonymous session
 * only when the share says {@code guest ok = yes}, as Samba with its default {@code map to guest = never} and Windows
 * (whose anonymous token is not in Everyone, so that only shares opened to guests admit it). IPC$ is not a disk
 * share: every session may connect to it, and reaches only its pipes.
 *
 * <p>The check runs at TREE_CONNECT ([MS-SMB2] 3.3.5.7) and again at each CREATE ([MS-SMB2] 3.3.5.9), with the
 * session's identity of that moment: a session re-authenticated as anonymous or as another user keeps its tree
 * connects and open handles, but opens nothing the new identity could not have connected to.
 */
public final class ShareAdmission {
    private ShareAdmission() {
    }

    /** Fails with STATUS_ACCESS_DENIED unless {@code user} may use {@code share}; a missing identity is refused. */
    public static void check(ShareConfig share, AuthenticatedUser user) {
        if (user == null) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "share " + share.name() + ": session has no user");
        }
        if (user.kind() != UserKind.USER) {
            if (!share.guestOk()) {
                throw new SmbException(NtStatus.STATUS_ACCESS_DENIED,
                        "share " + share.name() + " does not admit " + user.kind() + " sessions (guest ok = no)");
            }
            return;
        }
        if (!share.allows(user.name())) {
            // [MS-SMB2] 3.3.5.7: the share's permissions (valid users) do not admit this user.
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED,
                    "share " + share.name() + " does not admit " + user.name());
        }
    }
}
