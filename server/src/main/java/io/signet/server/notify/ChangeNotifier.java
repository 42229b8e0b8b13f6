package io.signet.server.notify;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.smb2.message.ChangeNotifyResponse;
import io.signet.protocol.status.NtStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_ATTRIBUTES;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_CREATION;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_DIR_NAME;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_EA;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_FILE_NAME;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_LAST_WRITE;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_SECURITY;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_SIZE;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_STREAM_NAME;

/**
 * Pending CHANGE_NOTIFY requests of every connection ([MS-SMB2] 3.3.5.19), completed when a change made through
 * this server touches the watched directory (or, with WATCH_TREE, anything below it).
 *
 * <p>A completion reports STATUS_NOTIFY_ENUM_DIR, which tells the client that the directory changed and that it
 * should enumerate it again ([MS-SMB2] 3.3.5.19 allows it whenever the server does not return the individual
 * changes). Changes made to the share's directory by local processes, outside SMB, are not observed.
 *
 * <p>Watches are indexed by directory, open and request, so a WRITE costs a lookup per ancestor of the file, not a walk
 * over every pending watch of every user.
 */
public final class ChangeNotifier {
    /** [MS-SMB2] 2.2.35 CompletionFilter bits this server reports. */
    public static final int NAME = FILE_NOTIFY_CHANGE_FILE_NAME | FILE_NOTIFY_CHANGE_DIR_NAME;
    public static final int ATTRIBUTES = FILE_NOTIFY_CHANGE_ATTRIBUTES | FILE_NOTIFY_CHANGE_CREATION;
    public static final int SIZE = FILE_NOTIFY_CHANGE_SIZE | FILE_NOTIFY_CHANGE_LAST_WRITE;
    public static final int EA = FILE_NOTIFY_CHANGE_EA;
    public static final int SECURITY = FILE_NOTIFY_CHANGE_SECURITY;
    public static final int STREAM = FILE_NOTIFY_CHANGE_STREAM_NAME;

    /** Pending watches by the directory they watch: a change looks only at its own directory and its ancestors. */
    private final ConcurrentHashMap<Path, Set<Watch>> byDir = new ConcurrentHashMap<>();
    /** Pending watches by the open they were made on, for its CLOSE. */
    private final ConcurrentHashMap<Object, Set<Watch>> byOpen = new ConcurrentHashMap<>();
    /** Pending watches by their request; removing a watch from here is what claims it for completion. */
    private final ConcurrentHashMap<NotifyWaiter, Watch> byRequest = new ConcurrentHashMap<>();

    /** A pending request watching {@code dir}. */
    public record Watch(Path dir, boolean tree, int filter, Object open, NotifyWaiter request) {
    }

    /**
     * Adds a pending watch. How many one connection may keep is bounded where requests go asynchronous (a connection's
     * pending requests), so this table grows only with the number of connections.
     */
    public void add(Watch w) {
        byRequest.put(w.request, w);
        byDir.compute(w.dir, (dir, set) -> with(set, w));
        byOpen.compute(w.open, (open, set) -> with(set, w));
        if (w.request.finished()) {
            claim(w); // its session or connection ended meanwhile: nobody will cancel or close it
        }
    }

    /**
     * Something changed at {@code path}; {@code kind} is a FILE_NOTIFY_CHANGE_* mask describing what
     * ([MS-FSCC] 2.7.1 / [MS-SMB2] 2.2.35 CompletionFilter). Looks at the watches of the parent directory and the
     * WATCH_TREE watches of its ancestors, never at the watches of unrelated directories.
     */
    public void changed(Path path, int kind) {
        Path parent = path.getParent();
        if (parent == null || byRequest.isEmpty()) {
            return;
        }
        List<Watch> hit = new ArrayList<>();
        for (Path dir = parent; dir != null; dir = dir.getParent()) {
            Set<Watch> watching = byDir.get(dir);
            if (watching == null) {
                continue;
            }
            boolean direct = dir == parent;
            for (Watch w : watching) {
                if ((direct || w.tree) && (w.filter & kind) != 0) {
                    hit.add(w);
                } else if (w.request.finished()) {
                    claim(w); // requests whose session or connection ended
                }
            }
        }
        for (Watch w : hit) {
            if (claim(w)) {
                w.request.complete(NtStatus.STATUS_NOTIFY_ENUM_DIR, ChangeNotifier::emptyResponse);
            }
        }
    }

    /** The directory's open closed: its watches end with STATUS_NOTIFY_CLEANUP ([MS-SMB2] 3.3.5.10). */
    public void closed(Object open) {
        Set<Watch> watching = byOpen.get(open);
        if (watching == null) {
            return;
        }
        for (Watch w : List.copyOf(watching)) {
            if (claim(w)) {
                w.request.complete(NtStatus.STATUS_NOTIFY_CLEANUP, ChangeNotifier::emptyResponse);
            }
        }
    }

    /** How many watches are pending (tests and diagnostics). */
    public int pendingCount() {
        return byRequest.size();
    }

    /** Takes the watch out of every index; true for the one caller that gets to complete it. */
    private boolean claim(Watch w) {
        if (!byRequest.remove(w.request, w)) {
            return false;
        }
        byDir.computeIfPresent(w.dir, (dir, set) -> without(set, w));
        byOpen.computeIfPresent(w.open, (open, set) -> without(set, w));
        return true;
    }

    private static Set<Watch> with(Set<Watch> set, Watch w) {
        Set<Watch> s = set != null ? set : ConcurrentHashMap.newKeySet();
        s.add(w);
        return s;
    }

    private static Set<Watch> without(Set<Watch> set, Watch w) {
        set.remove(w);
        return set.isEmpty() ? null : set;
    }

    private static void emptyResponse(ByteBuf out) {
        new ChangeNotifyResponse(Unpooled.EMPTY_BUFFER).encode(out);
    }

    /** CANCEL: the watch ends with STATUS_CANCELLED. */
    public void cancel(NotifyWaiter request) {
        Watch w = byRequest.get(request);
        if (w != null && claim(w)) {
            request.complete(NtStatus.STATUS_CANCELLED, null);
        }
    }
}
