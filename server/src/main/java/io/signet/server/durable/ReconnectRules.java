package io.signet.server.durable;

import io.signet.auth.AuthenticatedUser;
import io.signet.auth.UserKind;
import io.signet.protocol.smb2.message.CreateGuid;
import io.signet.protocol.smb2.message.LeaseKey;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.oplock.CachingTable;
import io.signet.server.tree.Open;
import io.signet.server.tree.TreeConnect;
import java.util.Locale;

/**
 * Who may take back a durable open ([MS-SMB2] 3.3.5.9.7, 3.3.5.9.12): each check says why not, or null when it may.
 * A refusal is STATUS_OBJECT_NAME_NOT_FOUND to the caller whatever the reason, so that a client cannot learn, let
 * alone take, another account's open by guessing its FileId or CreateGuid.
 */
final class ReconnectRules {
    /** Open.CreateGuid of an open made durable by DHnQ, which carries none. */
    private static final CreateGuid NO_CREATE_GUID = new CreateGuid(0, 0);

    private ReconnectRules() {
    }

    /** Whether {@code user} is the account that made the open (Open.DurableOwner). */
    static boolean ownedBy(DurableState s, AuthenticatedUser user) {
        return user != null && user.kind() == UserKind.USER
                && user.sameAccount(new AuthenticatedUser(s.ownerName(), s.ownerDomain(), UserKind.USER));
    }

    /**
     * Why the open may not be reconnected by this request; null when it may. It must be kept for a disconnected
     * client, and the reconnect must come from the account that made it, on the same share; a v2 reconnect must also
     * name its CreateGuid, and a persistent open's reconnect must say it is one.
     *
     * @param disconnected whether the open is kept for a client that went away (Open.Session is NULL)
     */
    static String refusal(DurableState s, Open open, boolean disconnected, DurableRequest req,
                          AuthenticatedUser user, TreeConnect tree) {
        if (!disconnected) {
            return "the open is still in use"; // [MS-SMB2] 3.3.5.9.7: Open.Session is not NULL
        }
        if (!ownedBy(s, user)) {
            return "another account's open"; // Open.DurableOwner
        }
        if (tree.fileSystem() != open.tree().fileSystem()
                || !tree.shareName().toUpperCase(Locale.ROOT).equals(s.shareName().toUpperCase(Locale.ROOT))) {
            return "an open of another share";
        }
        // The ClientGuid is compared only for an open with a lease (leaseRefusal): a client reconnecting an oplock
        // open may come back under another one, as smbtorture's durable-v2-open.reopen2 does against Windows.
        // A v1 reconnect may name a v2 open by its FileId alone, as Windows allows (smbtorture
        // smb2.durable-v2-open.reopen2b); a v2 reconnect must name the open's CreateGuid, which is zero for an open
        // made by DHnQ (smb2.durable-v2-open.reopen2c, smb2.durable-open.reopen2-lease).
        CreateGuid openGuid = s.createGuid() == null ? NO_CREATE_GUID : s.createGuid();
        if (req.kind() == DurableRequest.Kind.RECONNECT_V2 && !openGuid.equals(req.createGuid())) {
            return "another CreateGuid";
        }
        // [MS-SMB2] 3.3.5.9.12: a persistent open is reconnected only by a DH2C that says it is one.
        if (s.persistent() && req.kind() == DurableRequest.Kind.RECONNECT_V2 && !req.persistent()) {
            return "a persistent open named without SMB2_DHANDLE_FLAG_PERSISTENT";
        }
        return null;
    }

    /**
     * [MS-SMB2] 3.3.5.9.7, 3.3.5.9.12: an open with a lease is reconnected only by the client that holds the lease
     * (its ClientGuid), naming the lease's key, and under the file's name: a refusal otherwise, and
     * STATUS_INVALID_PARAMETER for another name. Called under the durable table's monitor; the caching table never
     * calls back into that one while it holds its own.
     *
     * @throws SmbException STATUS_INVALID_PARAMETER when the lease open is named by another name
     */
    static String leaseRefusal(DurableState s, Open open, CachingTable caching, CreateGuid clientGuid, String name,
                               LeaseKey leaseKey) {
        CachingTable.Key key = open.oplockKey();
        CachingTable.Holding holding = key == null ? null : caching.holding(key, open);
        if (holding == null || !holding.isLease()) {
            return leaseKey == null ? null : "a lease named for an open without one";
        }
        if (!s.clientGuid().equals(clientGuid)) {
            return "another ClientGuid";
        }
        if (leaseKey == null || !leaseKey.equals(holding.leaseKey())) {
            return "another lease key";
        }
        if (!name.equalsIgnoreCase(open.handle().smbPath())) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "durable reconnect of a lease open by "
                    + "another name");
        }
        return null;
    }
}
