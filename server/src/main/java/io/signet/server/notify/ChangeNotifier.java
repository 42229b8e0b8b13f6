package io.signet.server.notify;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.fscc.FileBasicInformation;
import io.signet.protocol.fscc.FileNotifyInformation;
import io.signet.protocol.smb2.CreateAction;
import io.signet.protocol.smb2.message.ChangeNotifyResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.config.NotifySettings;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.signet.protocol.fscc.FileNotifyInformation.FILE_ACTION_ADDED;
import static io.signet.protocol.fscc.FileNotifyInformation.FILE_ACTION_ADDED_STREAM;
import static io.signet.protocol.fscc.FileNotifyInformation.FILE_ACTION_MODIFIED;
import static io.signet.protocol.fscc.FileNotifyInformation.FILE_ACTION_MODIFIED_STREAM;
import static io.signet.protocol.fscc.FileNotifyInformation.FILE_ACTION_REMOVED;
import static io.signet.protocol.fscc.FileNotifyInformation.FILE_ACTION_RENAMED_NEW_NAME;
import static io.signet.protocol.fscc.FileNotifyInformation.FILE_ACTION_RENAMED_OLD_NAME;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_ATTRIBUTES;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_CREATION;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_DIR_NAME;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_EA;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_FILE_NAME;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_LAST_ACCESS;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_LAST_WRITE;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_SECURITY;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_SIZE;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_STREAM_NAME;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_STREAM_SIZE;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_STREAM_WRITE;

/**
 * Change notification of one server ([MS-SMB2] 3.3.5.19, [MS-FSA] 2.1.5.10): the {@link DirectoryWatch} of every
 * directory open that has asked for changes, indexed by the directory, and the reports of what changed.
 *
 * <p>Changes come from two places: the handlers report what a client did through SMB ({@link #added},
 * {@link #removed}, {@link #renamed}, {@link #changed}), and the one {@link LocalChangeWatcher} of the server reports
 * what other programs did to the watched directories on disk. A local event that matches a change this server
 * reported itself a moment before ({@link OwnChanges}) is its echo and is dropped.
 *
 * <p>A change looks only at its own directory and its ancestors: a WRITE costs a map lookup per ancestor, never a
 * walk over every watch.
 */
public final class ChangeNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeNotifier.class);
    /** [MS-SMB2] 2.2.35 CompletionFilter groups the handlers report. */
    public static final int ATTRIBUTES = FILE_NOTIFY_CHANGE_ATTRIBUTES | FILE_NOTIFY_CHANGE_CREATION;
    public static final int SIZE = FILE_NOTIFY_CHANGE_SIZE | FILE_NOTIFY_CHANGE_LAST_WRITE;
    public static final int EA = FILE_NOTIFY_CHANGE_EA;
    public static final int SECURITY = FILE_NOTIFY_CHANGE_SECURITY;

    private final NotifySettings settings;
    /** Watches by the directory they watch. */
    private final ConcurrentHashMap<Path, Set<DirectoryWatch>> byDir = new ConcurrentHashMap<>();
    /** The watch of each open that asked, for its next requests and its CLOSE. */
    private final ConcurrentHashMap<Object, DirectoryWatch> byOpen = new ConcurrentHashMap<>();
    private final OwnChanges own = new OwnChanges();
    private final AtomicLong echoesDropped = new AtomicLong();
    /** File opens that renamed their file, until they close; weak, so an open closed otherwise is not kept. */
    private final Set<Object> renamedBy = Collections.newSetFromMap(new WeakHashMap<>());
    private final LocalChangeWatcher local;

    /** With the default settings. */
    public ChangeNotifier() {
        this(NotifySettings.DEFAULT);
    }

    public ChangeNotifier(NotifySettings settings) {
        this(settings, () -> FileSystems.getDefault().newWatchService());
    }

    ChangeNotifier(NotifySettings settings, LocalChangeWatcher.ServiceFactory watchServices) {
        this.settings = settings;
        this.local = settings.localChanges()
                ? new LocalChangeWatcher(this, settings.maxWatches(), watchServices) : null;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Requests

    /**
     * A CHANGE_NOTIFY on {@code open}, a directory at {@code dir}. The first request of an open fixes its filter,
     * WATCH_TREE and buffer size; later ones only ask for what is queued ([MS-FSA] 2.1.5.10).
     *
     * @return the answer when changes are queued already (its waiter is null), or null: park the request
     */
    public Answer poll(Object open, Path dir, boolean tree, int filter, long outputBufferLength) {
        DirectoryWatch w = byOpen.get(open);
        if (w == null) {
            w = start(open, dir, tree, filter, outputBufferLength);
        }
        DirectoryWatch.Completion c = w.takeQueued(outputBufferLength);
        return c == null ? null : new Answer(c.status(), c.entries());
    }

    /** Parks {@code request} on the open's watch ({@link #poll} made it); it completes with the next change. */
    public void park(Object open, NotifyWaiter request, long outputBufferLength) {
        DirectoryWatch w = byOpen.get(open);
        if (w == null) {
            send(new DirectoryWatch.Completion(request, NtStatus.STATUS_NOTIFY_CLEANUP, List.of()));
            return;
        }
        send(w.request(request, outputBufferLength));
    }

    /** Whether {@code open} has a watch: an earlier CHANGE_NOTIFY of it started one ({@link #poll}). */
    public boolean watching(Object open) {
        return byOpen.containsKey(open);
    }

    /** CANCEL: the request ends with STATUS_CANCELLED ([MS-SMB2] 3.3.5.16). */
    public void cancel(Object open, NotifyWaiter request) {
        DirectoryWatch w = byOpen.get(open);
        if (w != null && w.cancel(request)) {
            request.complete(NtStatus.STATUS_CANCELLED, null);
        }
    }

    /**
     * The open closed (CLOSE, TREE_DISCONNECT, LOGOFF, a lost connection): its requests end with
     * STATUS_NOTIFY_CLEANUP ([MS-SMB2] 3.3.5.10) and its watch goes, with the disk watch when it was the last.
     */
    public void closed(Object open) {
        DirectoryWatch w = byOpen.remove(open);
        if (w == null) {
            return;
        }
        byDir.computeIfPresent(w.dir, (dir, set) -> {
            set.remove(w);
            return set.isEmpty() ? null : set;
        });
        w.close().forEach(ChangeNotifier::send);
        if (local != null) {
            local.unwatch(w.dir, w.tree);
        }
    }

    /**
     * The directory {@code dir} was marked for deletion: requests on its opens end with STATUS_DELETE_PENDING, as
     * Windows answers them (the directory goes when its last open closes).
     */
    public void deletePending(Path dir) {
        Set<DirectoryWatch> watching = byDir.get(dir);
        if (watching != null) {
            for (DirectoryWatch w : watching) {
                w.completeAll(NtStatus.STATUS_DELETE_PENDING).forEach(ChangeNotifier::send);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Changes made through SMB ([MS-FSA] 2.1.4.1 FsRtlNotifyFullReportChange as each operation calls it)

    /** A file or directory was created. */
    public void added(Path path, boolean directory) {
        report(path, FILE_ACTION_ADDED, nameFilter(directory), false);
    }

    /**
     * A CREATE succeeded: a new file or directory is ADDED; a new stream of an existing file is ADDED_STREAM; an
     * overwrite or supersede is MODIFIED (SIZE, LAST_WRITE, ATTRIBUTES); an open of what exists reports nothing.
     */
    public void created(Path path, boolean directory, boolean baseFileCreated, CreateAction action, String stream) {
        if (baseFileCreated) {
            added(path, directory);
        } else if (action == CreateAction.CREATED) {
            streamChanged(path, stream, FILE_ACTION_ADDED_STREAM, FILE_NOTIFY_CHANGE_STREAM_NAME);
        } else if (action != CreateAction.OPENED) {
            changed(path, SIZE | FILE_NOTIFY_CHANGE_ATTRIBUTES);
        } else {
            touched(path);
        }
    }

    /** A file or directory was deleted. */
    public void removed(Path path, boolean directory) {
        report(path, FILE_ACTION_REMOVED, nameFilter(directory), false);
    }

    /**
     * A rename through {@code open}: within one directory an OLD_NAME / NEW_NAME pair, across directories a REMOVED
     * and an ADDED. A renamed file also reports MODIFIED with ATTRIBUTES and CREATION under its name when that open
     * closes, as Windows does (a directory does not).
     */
    public void renamed(Object open, Path from, Path to, boolean directory) {
        int filter = nameFilter(directory);
        if (from.getParent() != null && from.getParent().equals(to.getParent())) {
            report(from, FILE_ACTION_RENAMED_OLD_NAME, filter, false);
            report(to, FILE_ACTION_RENAMED_NEW_NAME, filter, false);
        } else {
            report(from, FILE_ACTION_REMOVED, filter, false);
            report(to, FILE_ACTION_ADDED, filter, false);
        }
        if (!directory) {
            synchronized (renamedBy) {
                renamedBy.add(open);
            }
        }
    }

    /** Something about {@code path} changed; {@code filter} says what (FILE_NOTIFY_CHANGE_* bits). */
    public void changed(Path path, int filter) {
        if (filter != 0) {
            report(path, FILE_ACTION_MODIFIED, filter, false);
        }
    }

    /**
     * [MS-FSA] 2.1.5.14.2 FileBasicInformation: what a SET_INFO of {@code info} reports, by the fields it sets
     * (ATTRIBUTES for FileAttributes, CREATION, LAST_ACCESS and LAST_WRITE for the times; a time of 0 or -1 or -2 sets
     * nothing, ChangeTime alone reports nothing a filter can ask for).
     */
    public void basicInfoSet(Path path, FileBasicInformation info) {
        int filter = 0;
        if (info.fileAttributes() != 0) {
            filter |= FILE_NOTIFY_CHANGE_ATTRIBUTES;
        }
        if (sets(info.creationTime())) {
            filter |= FILE_NOTIFY_CHANGE_CREATION;
        }
        if (sets(info.lastAccessTime())) {
            filter |= FILE_NOTIFY_CHANGE_LAST_ACCESS;
        }
        if (sets(info.lastWriteTime())) {
            filter |= FILE_NOTIFY_CHANGE_LAST_WRITE;
        }
        changed(path, filter);
    }

    /**
     * An open of {@code path} closed (CLOSE). If that deleted the file, REMOVED; if the file stays, marked for deletion
     * while other opens remain, a directory's requests end with STATUS_DELETE_PENDING; if the open renamed the file,
     * MODIFIED (see {@link #renamed}).
     */
    public void afterClose(Object open, Path path, boolean directory, boolean deletePending) {
        boolean renamed;
        synchronized (renamedBy) {
            renamed = renamedBy.remove(open);
        }
        if (!deletePending) {
            touched(path);
            if (renamed) {
                report(path, FILE_ACTION_MODIFIED, ATTRIBUTES, false);
            }
        } else if (Files.notExists(path, LinkOption.NOFOLLOW_LINKS)) {
            removed(path, directory);
        } else if (directory) {
            deletePending(path);
        }
    }

    private static boolean sets(long time) {
        return time != FileBasicInformation.KEEP && time != FileBasicInformation.STOP_UPDATING
                && time != FileBasicInformation.RESUME_UPDATING;
    }

    /**
     * A WRITE: MODIFIED with SIZE and LAST_WRITE for the file's data, MODIFIED_STREAM with STREAM_SIZE and
     * STREAM_WRITE for a named stream ("file:stream").
     */
    public void written(Path path, String stream) {
        if (stream == null || stream.isEmpty()) {
            changed(path, SIZE);
        } else {
            streamChanged(path, stream, FILE_ACTION_MODIFIED_STREAM,
                    FILE_NOTIFY_CHANGE_STREAM_SIZE | FILE_NOTIFY_CHANGE_STREAM_WRITE);
        }
    }

    /** A stream of {@code file} was added, removed or modified ({@code action} FILE_ACTION_*_STREAM). */
    public void streamChanged(Path file, String stream, int action, int filter) {
        reportNamed(file, file.getFileName() + ":" + stream, action, filter, false);
    }

    /**
     * The server touched {@code path} on disk without a change worth reporting (an open, a close, its metadata
     * attributes): a local event for it in the next moment is its echo, not another program's change.
     */
    public void touched(Path path) {
        if (local != null && local.active()) {
            own.record(path, OwnChanges.MODIFY);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Changes made on disk by other programs (LocalChangeWatcher)

    /** A change the platform reported; dropped when it echoes one of the server's own. */
    void local(Path path, int action, int filter) {
        if (own.isEcho(path, action)) {
            echoesDropped.incrementAndGet();
            return;
        }
        LOG.debug("changed outside SMB: {} (action {})", path, action);
        report(path, action, filter, true);
    }

    /** The platform lost events (its queue overflowed) for {@code dir}, or for all (null): ENUM_DIR next. */
    void lost(Path dir) {
        LOG.debug("the platform lost events for {}: its watches answer STATUS_NOTIFY_ENUM_DIR", dir);
        if (dir == null) {
            byOpen.values().forEach(w -> send(w.overflow()));
            return;
        }
        for (Path d = dir; d != null; d = d.getParent()) {
            Set<DirectoryWatch> watching = byDir.get(d);
            if (watching != null) {
                for (DirectoryWatch w : watching) {
                    if (d.equals(dir) || w.tree) {
                        send(w.overflow());
                    }
                }
            }
        }
    }

    /** Every watched directory now (the disk watcher re-arms after losing everything). */
    Set<Path> watchedDirectories() {
        return Set.copyOf(byDir.keySet());
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** How many opens have a watch (tests and diagnostics). */
    public int watchCount() {
        return byOpen.size();
    }

    /** How many disk events were dropped as echoes of the server's own changes (tests and diagnostics). */
    public long echoesDropped() {
        return echoesDropped.get();
    }

    /** The disk watcher of this server, null when {@code notify local changes} is off. */
    public LocalChangeWatcher localWatcher() {
        return local;
    }

    /** Stops the disk watcher (server shutdown). */
    @Override
    public void close() {
        if (local != null) {
            local.close();
        }
    }

    /** Writes a CHANGE_NOTIFY response body carrying {@code entries} ([MS-SMB2] 2.2.36). */
    public static void writeResponse(List<FileNotifyInformation> entries, ByteBuf out) {
        if (entries.isEmpty()) {
            new ChangeNotifyResponse(Unpooled.EMPTY_BUFFER).encode(out);
            return;
        }
        ByteBuf data = out.alloc().buffer(FileNotifyInformation.listLength(entries));
        try {
            FileNotifyInformation.encode(entries, data);
            new ChangeNotifyResponse(data).encode(out);
        } finally {
            data.release();
        }
    }

    /** What a request answers at once: STATUS_SUCCESS with entries, or STATUS_NOTIFY_ENUM_DIR without. */
    public record Answer(NtStatus status, List<FileNotifyInformation> entries) {
    }

    private DirectoryWatch start(Object open, Path dir, boolean tree, int filter, long outputBufferLength) {
        long buffer = Math.min(outputBufferLength, settings.maxBufferBytes());
        DirectoryWatch w = new DirectoryWatch(open, dir, tree, filter, buffer, settings.maxQueuedChanges());
        DirectoryWatch earlier = byOpen.putIfAbsent(open, w);
        if (earlier != null) {
            return earlier;
        }
        byDir.compute(dir, (d, set) -> {
            Set<DirectoryWatch> s = set != null ? set : ConcurrentHashMap.newKeySet();
            s.add(w);
            return s;
        });
        if (local != null) {
            local.watch(dir, tree);
        }
        return w;
    }

    private void report(Path path, int action, int filter, boolean fromDisk) {
        Path name = path.getFileName();
        if (name != null) {
            reportNamed(path, null, action, filter, fromDisk);
        }
    }

    /**
     * Hands the change to the watches of its directory and the WATCH_TREE watches of its ancestors, each with the
     * name relative to its own directory ({@code leaf} replaces the last component, for a stream).
     */
    private void reportNamed(Path path, String leaf, int action, int filter, boolean fromDisk) {
        Path parent = path.getParent();
        if (parent == null) {
            return;
        }
        if (!fromDisk && local != null && local.active()) {
            own.record(path, OwnChanges.kindOf(action));
        }
        if (byOpen.isEmpty()) {
            return;
        }
        List<DirectoryWatch.Completion> done = new ArrayList<>();
        for (Path dir = parent; dir != null; dir = dir.getParent()) {
            Set<DirectoryWatch> watching = byDir.get(dir);
            if (watching == null) {
                continue;
            }
            boolean direct = dir == parent;
            String relative = null;
            for (DirectoryWatch w : watching) {
                if (!w.wants(filter, direct)) {
                    continue;
                }
                if (relative == null) {
                    relative = relativeName(dir, path, leaf);
                }
                DirectoryWatch.Completion c = w.add(new FileNotifyInformation(action, relative));
                if (c != null) {
                    done.add(c);
                }
            }
        }
        done.forEach(ChangeNotifier::send);
    }

    /** {@code path} below {@code dir}, '\' separated as [MS-FSCC] 2.7.1 names it. */
    private static String relativeName(Path dir, Path path, String leaf) {
        Path rel = dir.relativize(path);
        StringBuilder sb = new StringBuilder();
        int n = rel.getNameCount();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append('\\');
            }
            sb.append(i == n - 1 && leaf != null ? leaf : rel.getName(i).toString());
        }
        return sb.toString();
    }

    private static int nameFilter(boolean directory) {
        return directory ? FILE_NOTIFY_CHANGE_DIR_NAME : FILE_NOTIFY_CHANGE_FILE_NAME;
    }

    private static void send(DirectoryWatch.Completion c) {
        if (c == null || c.waiter() == null) {
            return;
        }
        List<FileNotifyInformation> entries = c.entries();
        if (c.status() == NtStatus.STATUS_SUCCESS) {
            c.waiter().complete(c.status(), out -> writeResponse(entries, out));
        } else if (c.status() == NtStatus.STATUS_NOTIFY_ENUM_DIR || c.status() == NtStatus.STATUS_NOTIFY_CLEANUP) {
            c.waiter().complete(c.status(), out -> writeResponse(List.of(), out));
        } else {
            c.waiter().complete(c.status(), null);
        }
    }
}
