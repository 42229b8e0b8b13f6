package io.signet.config;

/**
 * Change notification ([MS-SMB2] 3.3.5.19): how much one directory open may queue between its CHANGE_NOTIFY
 * requests, and how the server watches the disk for changes made outside SMB. Immutable.
 *
 * @param maxQueuedChanges changes one directory open keeps between requests ({@code notify max queued changes});
 *                         one more and the queue is dropped: the next request answers STATUS_NOTIFY_ENUM_DIR
 * @param maxBufferBytes   the most bytes of changes one open queues, whatever the first request's
 *                         OutputBufferLength ({@code notify max buffer size}); past it, likewise ENUM_DIR
 * @param maxWatches       directories the server watches on disk at once, over all its shares
 *                         ({@code notify max watches}); a WATCH_TREE subtree past it gets SMB-made changes only
 * @param localChanges     whether changes made on disk by other programs are reported ({@code notify local changes})
 */
public record NotifySettings(int maxQueuedChanges, int maxBufferBytes, int maxWatches, boolean localChanges) {
    /** Windows keeps what the first request's buffer holds; a thousand entries cover any buffer a client sends. */
    public static final int DEFAULT_MAX_QUEUED_CHANGES = 1024;
    /** [MS-SMB2] 3.3.5.19 bounds OutputBufferLength by MaxTransactSize; Signet offers 8 MiB, Windows 64 KiB. */
    public static final int DEFAULT_MAX_BUFFER_BYTES = 64 * 1024;
    /** Linux's default fs.inotify.max_user_watches is 8192 on older kernels; leave room for other programs. */
    public static final int DEFAULT_MAX_WATCHES = 4096;
    public static final boolean DEFAULT_LOCAL_CHANGES = true;
    public static final int MAX_COUNT = 1_000_000;
    /** The largest frame the server accepts bounds any response. */
    public static final int MAX_BUFFER_BYTES = 16 * 1024 * 1024;

    public static final NotifySettings DEFAULT = new NotifySettings(DEFAULT_MAX_QUEUED_CHANGES,
            DEFAULT_MAX_BUFFER_BYTES, DEFAULT_MAX_WATCHES, DEFAULT_LOCAL_CHANGES);

    public NotifySettings {
        check("notify max queued changes", maxQueuedChanges, 1, MAX_COUNT);
        check("notify max buffer size", maxBufferBytes, 0, MAX_BUFFER_BYTES);
        check("notify max watches", maxWatches, 0, MAX_COUNT);
    }

    public NotifySettings withMaxQueuedChanges(int n) {
        return new NotifySettings(n, maxBufferBytes, maxWatches, localChanges);
    }

    public NotifySettings withMaxBufferBytes(int n) {
        return new NotifySettings(maxQueuedChanges, n, maxWatches, localChanges);
    }

    public NotifySettings withMaxWatches(int n) {
        return new NotifySettings(maxQueuedChanges, maxBufferBytes, n, localChanges);
    }

    public NotifySettings withLocalChanges(boolean on) {
        return new NotifySettings(maxQueuedChanges, maxBufferBytes, maxWatches, on);
    }

    private static void check(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigException(key + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
