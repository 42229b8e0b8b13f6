package io.signet.server.context;

import io.signet.auth.AuthenticatedUser;
import io.signet.auth.UserDirectory;
import io.signet.auth.UserKind;
import io.signet.config.ServerConfig;
import io.signet.config.ShareConfig;
import io.signet.server.session.Session;
import io.signet.server.tree.TreeConnect;
import io.signet.storage.ShareFileSystem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a new configuration to a running server, as Samba's smbd does on SIGHUP: shares and users are re-read,
 * sessions survive. In order:
 * <ol>
 * <li>Everything the new snapshot needs is built first (share file systems, the users file); any failure throws and
 * nothing has changed.</li>
 * <li>The snapshot is put in force with one write, so a request sees all of the old configuration or all of the
 * new.</li>
 * <li>Tree connects whose share is gone are ended, their opens closed as TREE_DISCONNECT closes them: Samba's
 * {@code conn_force_tdis} (source3/smbd/conn_idle.c) marks such a tree STATUS_NETWORK_NAME_DELETED and closes its
 * files, and Windows answers the same once a share is deleted ([MS-SMB2] 3.3.5.2.11: the tree is no longer in
 * Session.TreeConnectTable). A share whose directory or {@code read only} changed is a new share under the old name:
 * its open-file table (share modes) belongs to the directory, so old and new trees must not share the name over two
 * tables. Windows cannot change a share's path at all ({@code Set-SmbShare} has no path): it is removed and added.
 * A share whose other settings changed keeps its trees, which keep the settings they connected with.</li>
 * <li>Sessions of users no longer in the directory are ended on every channel, as LOGOFF ends them; their next
 * request gets STATUS_USER_SESSION_DELETED ([MS-SMB2] 3.3.5.2.9: the session is not in the table). A changed
 * password leaves sessions alone, as in Samba and Windows: the session key was proven when it was made.</li>
 * </ol>
 * A request in flight when the sweep runs can still make a tree of the old snapshot; {@code RequestGate} checks each
 * tree against the snapshot of the moment ({@link ServerContext#serves}) and ends such a tree on its next request.
 */
final class ConfigReload {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigReload.class);

    private ConfigReload() {
    }

    static ReloadResult apply(ServerContext context, ServerConfig next) throws IOException {
        synchronized (context.reloadLock()) { // one reload at a time; requests never take it
            try {
                return applyLocked(context, next);
            } catch (IOException | RuntimeException e) {
                LOG.error("configuration not reloaded, the server keeps serving with the previous one: {}",
                        e.getMessage());
                throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
        }
    }

    private static ReloadResult applyLocked(ServerContext context, ServerConfig next) throws IOException {
        ConfigSnapshot old = context.snapshot();
        List<String> restartOnly = RestartOnlySettings.changed(old.config(), next);
        ServerConfig effective = RestartOnlySettings.apply(old.config(), next);
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        Map<String, Share> shares = new LinkedHashMap<>();
        for (ShareConfig s : effective.shares()) {
            String key = ConfigSnapshot.key(s.name());
            Share before = old.shares().get(key);
            if (before != null && before.config().equals(s)) {
                shares.put(key, before);
            } else if (before != null && sameDirectory(before.config(), s)) {
                shares.put(key, new Share(s, before.fileSystem()));
                changed.add(s.name());
            } else {
                ServerContext.checkDescriptorsFit(s);
                shares.put(key, new Share(s, new ShareFileSystem(s.path(), s.readOnly())));
                added.add(s.name());
                if (before != null) {
                    removed.add(before.config().name());
                }
            }
        }
        for (Map.Entry<String, Share> e : old.shares().entrySet()) {
            if (!shares.containsKey(e.getKey())) {
                removed.add(e.getValue().config().name());
            }
        }
        UserDirectory users = ServerContext.users(effective);

        ConfigSnapshot fresh = new ConfigSnapshot(effective, shares, users);
        context.snapshot(fresh);

        for (String key : restartOnly) {
            LOG.warn("reload: '{}' changed in the configuration but cannot change while running; restart to apply",
                    key);
        }
        int trees = 0;
        int sessions = 0;
        TreeSet<String> usersRemoved = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (Session s : context.sessions().all()) {
            AuthenticatedUser user = s.user();
            if (user != null && user.kind() == UserKind.USER && users.find(user.name()).isEmpty()) {
                usersRemoved.add(user.name());
                context.sessions().end(s, null);
                sessions++;
                continue;
            }
            for (TreeConnect t : s.trees()) {
                if (!t.isIpc() && !context.serves(t.shareName(), t.fileSystem())) {
                    s.removeTree(t);
                    trees++;
                }
            }
        }
        ReloadResult result = new ReloadResult(added, removed, changed, List.copyOf(usersRemoved), restartOnly,
                sessions, trees);
        LOG.info("configuration reloaded: shares {} (added {}, removed {}, changed {}); {} tree connect(s) of removed"
                + " shares ended; {} session(s) of removed users {} ended", fresh.shares().values().stream()
                .map(sh -> sh.config().name()).sorted().toList(), added, removed, changed, trees, sessions,
                result.usersRemoved());
        return result;
    }

    /** The same directory with the same write access: the share's open-file table stays valid for both. */
    private static boolean sameDirectory(ShareConfig a, ShareConfig b) {
        return a.path().equals(b.path()) && a.readOnly() == b.readOnly();
    }
}
