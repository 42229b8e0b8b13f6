package io.signet.server.notify;

import io.signet.protocol.fscc.FileNotifyInformation;
import io.signet.storage.stream.StreamStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_ATTRIBUTES;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_DIR_NAME;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_FILE_NAME;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_LAST_WRITE;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_SIZE;

/**
 * The disk watcher of one server: reports changes that other programs make to watched directories. One per server,
 * whatever the number of shares and opens: it holds one JDK {@link WatchService}, which on Linux is one inotify
 * instance (the kernel allows 128 per user by default, and one JVM may run many servers). It is created with the
 * first watch and watches only directories some open has asked CHANGE_NOTIFY about (with WATCH_TREE, their
 * subtrees), until that open closes.
 *
 * <p>What the platform allows, and what is reported:
 * <ul>
 *   <li>a created entry: ADDED (FILE_NAME or DIR_NAME by what it is now); a new directory inside a WATCH_TREE
 *       subtree is watched from then on, and what was put in it before that is found by listing it once;</li>
 *   <li>a deleted entry: REMOVED, DIR_NAME for a directory the watcher knew, else FILE_NAME;</li>
 *   <li>a modified entry (contents, times, mode or extended attributes: the JDK does not tell them apart): MODIFIED
 *       with LAST_WRITE, SIZE and ATTRIBUTES;</li>
 *   <li>a rename: the JDK's WatchService drops inotify's rename cookie, so a rename made outside SMB is reported as
 *       REMOVED of the old name and ADDED of the new one, as Windows reports a move between directories;</li>
 *   <li>events lost by the kernel (queue overflow): every watch of that directory answers STATUS_NOTIFY_ENUM_DIR.</li>
 * </ul>
 *
 * <p>Each disk event is held a quarter second before it is reported: the disk sees a change made through SMB before
 * the handler reports it, and the wait lets that report come first so the echo is recognised ({@link OwnChanges}).
 *
 * <p>Fallback: when the watcher cannot start (no inotify instance left) or a directory cannot be watched (the
 * kernel's {@code max_user_watches}, or {@code notify max watches} reached), that is logged once and those
 * directories get SMB-made changes only. The server's own changes are dropped by {@link OwnChanges}.
 */
public final class LocalChangeWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(LocalChangeWatcher.class);
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final int LOCAL_MODIFY = FILE_NOTIFY_CHANGE_LAST_WRITE | FILE_NOTIFY_CHANGE_SIZE
            | FILE_NOTIFY_CHANGE_ATTRIBUTES;
    /** How long a disk event waits for the server's own report of the same change. */
    static final long ECHO_DELAY_NANOS = 250_000_000L;
    /** Entries of a new directory reported by scanning it, at most this many per directory. */
    static final int SCAN_LIMIT = 1024;
    /** Directory names remembered to tell a deleted directory from a deleted file. */
    private static final int MAX_KNOWN_DIRECTORIES = 65_536;

    /** A directory some watch asked for, and how many opens ask for it directly and with WATCH_TREE. */
    private static final class Root {
        int direct;
        int tree;
        /** The directories registered for this root's subtree (itself included) while {@link #tree} > 0. */
        final Set<Path> subtree = new HashSet<>();
    }

    private final ChangeNotifier notifier;
    private final int maxWatches;
    private final Map<Path, Root> roots = new HashMap<>();
    /** Registered directories: the key and how many roots (direct or subtree) need it. */
    private final Map<Path, WatchKey> keys = new HashMap<>();
    private final Map<Path, Integer> demand = new HashMap<>();
    private final Map<WatchKey, Path> dirs = new HashMap<>();
    private final Set<Path> knownDirectories = new HashSet<>();
    /** Entries reported by a scan of a new directory, until their report is handed on (watcher thread only). */
    private final Map<Path, Long> scanned = new HashMap<>();
    private volatile WatchService service;
    private boolean unavailable;
    private boolean closed;
    private boolean limitLogged;

    /** Makes the one WatchService; a test can make it fail as the kernel does past its inotify instance limit. */
    interface ServiceFactory {
        WatchService newWatchService() throws IOException;
    }

    private final ServiceFactory factory;

    LocalChangeWatcher(ChangeNotifier notifier, int maxWatches, ServiceFactory factory) {
        this.notifier = notifier;
        this.maxWatches = maxWatches;
        this.factory = factory;
    }

    /**
     * Whether the watcher runs (so the server's own changes need remembering for echo suppression). Asked on every
     * change a handler reports, so it takes no lock.
     */
    boolean active() {
        return service != null;
    }

    /** Whether the watcher could not start (the fallback: changes made through SMB only). */
    public synchronized boolean unavailable() {
        return unavailable;
    }

    /** How many directories are watched on disk now. */
    public synchronized int watchedCount() {
        return keys.size();
    }

    /** An open started watching {@code dir} (and its subtree with {@code tree}). */
    synchronized void watch(Path dir, boolean tree) {
        if (closed || !start()) {
            return;
        }
        Root r = roots.computeIfAbsent(dir, d -> new Root());
        if (tree) {
            if (r.tree++ == 0) {
                registerSubtree(r, dir);
            }
        } else if (r.direct++ == 0) {
            need(dir);
            rememberSubdirectories(dir);
        }
    }

    /** An open that watched {@code dir} closed. */
    synchronized void unwatch(Path dir, boolean tree) {
        Root r = roots.get(dir);
        if (r == null) {
            return;
        }
        if (tree) {
            if (--r.tree == 0) {
                r.subtree.forEach(this::release);
                r.subtree.clear();
            }
        } else if (--r.direct == 0) {
            release(dir);
        }
        if (r.direct <= 0 && r.tree <= 0) {
            roots.remove(dir);
        }
    }

    /** Server shutdown: the WatchService (its inotify descriptor) closes and the thread ends. */
    synchronized void close() {
        closed = true;
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                LOG.debug("closing the change watcher: {}", e.toString());
            }
        }
        keys.clear();
        dirs.clear();
        demand.clear();
        roots.clear();
    }

    private boolean start() {
        if (service != null) {
            return true;
        }
        if (unavailable) {
            return false;
        }
        try {
            service = factory.newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            unavailable = true;
            LOG.warn("changes made outside SMB will not be reported: the change watcher cannot start ({}); changes"
                    + " made through SMB still are", e.toString());
            return false;
        }
        WatchService ws = service;
        Thread t = new Thread(() -> run(ws), "signet-notify-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        t.start();
        return true;
    }

    private void registerSubtree(Root r, Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    if (isSidecar(d)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (r.subtree.contains(d)) {
                        return FileVisitResult.CONTINUE; // already watched for this root
                    }
                    if (keys.size() >= maxWatches && !demand.containsKey(d)) {
                        limitReached("notify max watches (" + maxWatches + ") reached");
                        return FileVisitResult.TERMINATE;
                    }
                    if (!need(d)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    r.subtree.add(d);
                    if (!d.equals(dir)) {
                        remember(d);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.debug("watching the tree under {}: {}", dir, e.toString());
        }
    }

    /** Registers {@code d} if no root needs it yet; false when the limit keeps it from being watched. */
    private boolean need(Path d) {
        Integer n = demand.get(d);
        if (n != null) {
            demand.put(d, n + 1);
            return true;
        }
        if (keys.size() >= maxWatches) {
            limitReached("notify max watches (" + maxWatches + ") reached");
            return false;
        }
        try {
            WatchKey k = d.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
            keys.put(d, k);
            dirs.put(k, d);
            demand.put(d, 1);
            return true;
        } catch (NoSuchFileException | NotDirectoryException e) {
            return false; // gone meanwhile
        } catch (IOException e) {
            // ENOSPC from inotify_add_watch: fs.inotify.max_user_watches is used up by this user's programs.
            limitReached("the platform refused a watch (" + e.getMessage() + ")");
            return false;
        }
    }

    private void release(Path d) {
        Integer n = demand.get(d);
        if (n == null) {
            return;
        }
        if (n > 1) {
            demand.put(d, n - 1);
            return;
        }
        demand.remove(d);
        WatchKey k = keys.remove(d);
        if (k != null) {
            dirs.remove(k);
            k.cancel();
        }
    }

    private void limitReached(String why) {
        if (!limitLogged) {
            limitLogged = true;
            LOG.warn("{}: changes made outside SMB in some watched directories are not reported; changes made"
                    + " through SMB still are (logged once)", why);
        }
    }

    private void rememberSubdirectories(Path dir) {
        try (var entries = Files.newDirectoryStream(dir, p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
            for (Path p : entries) {
                remember(p);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("listing {}: {}", dir, e.toString());
        }
    }

    private void remember(Path d) {
        if (knownDirectories.size() < MAX_KNOWN_DIRECTORIES) {
            knownDirectories.add(d);
        }
    }

    private static boolean isSidecar(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().equals(StreamStore.SIDECAR);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The watcher thread

    /** A disk event, held back until {@code due} (System.nanoTime) so the server's own report can precede it. */
    private record Event(Path path, int action, int filter, Path lost, long due) {
    }

    /**
     * Takes the platform's events and hands each to the notifier {@link #ECHO_DELAY_NANOS} later: the disk sees a
     * change made through SMB before the handler that made it reports it, and the delay lets that report (which
     * {@link OwnChanges} remembers) arrive first, so the echo is recognised.
     */
    private void run(WatchService ws) {
        ArrayDeque<Event> held = new ArrayDeque<>();
        try {
            while (true) {
                WatchKey key;
                if (held.isEmpty()) {
                    key = ws.take();
                } else {
                    long wait = held.peekFirst().due - System.nanoTime();
                    key = wait > 0 ? ws.poll(wait, TimeUnit.NANOSECONDS) : ws.poll();
                }
                if (key != null) {
                    collect(key, held, System.nanoTime() + ECHO_DELAY_NANOS);
                }
                long now = System.nanoTime();
                scanned.values().removeIf(due -> due - now <= 0);
                while (!held.isEmpty() && held.peekFirst().due - now <= 0) {
                    Event ev = held.removeFirst();
                    if (ev.lost != null || ev.path == null) {
                        notifier.lost(ev.lost);
                    } else {
                        notifier.local(ev.path, ev.action, ev.filter);
                    }
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // the server stopped
        } catch (RuntimeException e) {
            LOG.warn("the change watcher stopped: {}; changes made outside SMB are no longer reported", e.toString());
        }
    }

    private synchronized void collect(WatchKey key, ArrayDeque<Event> held, long due) {
        Path dir = dirs.get(key);
        for (WatchEvent<?> e : key.pollEvents()) {
            if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                held.add(new Event(null, 0, 0, dir, due));
            } else if (dir != null) {
                Event ev = translate(dir, e, held, due);
                if (ev != null) {
                    held.add(ev);
                }
            }
        }
        if (!key.reset() && dir != null && keys.get(dir) == key) {
            // The directory went (deleted or moved away): its registration is void, and a directory made later
            // under the same name is registered afresh.
            keys.remove(dir);
            dirs.remove(key);
            demand.remove(dir);
            for (Root r : roots.values()) {
                r.subtree.remove(dir);
            }
        }
    }

    /**
     * A directory just made inside a WATCH_TREE subtree was watched only once the platform told of it; what a program
     * put in it before that was not seen. Its entries are reported ADDED now (at most {@link #SCAN_LIMIT}), and an
     * inotify event for one of them that still comes is not reported twice.
     */
    private void scanNewDirectory(Path dir, ArrayDeque<Event> held, long due) {
        try (Stream<Path> entries = Files.walk(dir)) {
            entries.filter(p -> !p.equals(dir)).limit(SCAN_LIMIT).forEach(p -> {
                boolean directory = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                if (directory) {
                    remember(p);
                }
                scanned.put(p, due);
                held.add(new Event(p, FileNotifyInformation.FILE_ACTION_ADDED,
                        directory ? FILE_NOTIFY_CHANGE_DIR_NAME : FILE_NOTIFY_CHANGE_FILE_NAME, null, due));
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("scanning the new directory {}: {}", dir, e.toString());
        }
    }

    /** One inotify event as a change; holds the monitor. Null for the stream sidecar. */
    private Event translate(Path dir, WatchEvent<?> e, ArrayDeque<Event> held, long due) {
        Path path = dir.resolve((Path) e.context());
        if (isSidecar(path)) {
            return null;
        }
        if (e.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
            boolean directory = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
            if (directory) {
                remember(path);
                boolean inTree = false;
                for (Root r : roots.values()) {
                    if (r.tree > 0 && r.subtree.contains(dir)) {
                        registerSubtree(r, path);
                        inTree = true;
                    }
                }
                if (inTree) {
                    scanNewDirectory(path, held, due);
                }
            }
            if (scanned.remove(path) != null) {
                return null; // already reported by the scan of the new directory that holds it
            }
            return new Event(path, FileNotifyInformation.FILE_ACTION_ADDED,
                    directory ? FILE_NOTIFY_CHANGE_DIR_NAME : FILE_NOTIFY_CHANGE_FILE_NAME, null, due);
        }
        if (e.kind() == StandardWatchEventKinds.ENTRY_DELETE) {
            boolean directory = knownDirectories.remove(path) || keys.containsKey(path);
            return new Event(path, FileNotifyInformation.FILE_ACTION_REMOVED,
                    directory ? FILE_NOTIFY_CHANGE_DIR_NAME : FILE_NOTIFY_CHANGE_FILE_NAME, null, due);
        }
        return new Event(path, FileNotifyInformation.FILE_ACTION_MODIFIED, LOCAL_MODIFY, null, due);
    }
}
