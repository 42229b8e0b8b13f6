package io.signet.server.fsctl;

import io.signet.protocol.fsctl.ResumeKeyResponse;
import io.signet.server.session.Session;
import io.signet.server.tree.Open;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The resume keys handed out by FSCTL_SRV_REQUEST_RESUME_KEY ([MS-SMB2] 3.3.5.15.5), each naming one open for a later
 * FSCTL_SRV_COPYCHUNK ([MS-SMB2] 3.3.5.15.6). Keys are 24 random bytes, so a client cannot name an open it was not
 * given a key for.
 *
 * <p>The table holds opens and sessions weakly: it never keeps a closed open alive, and an entry whose open has been
 * collected is dropped on the next call. An open that closed but is not yet collected is still found here; callers
 * confirm that its session still holds it ({@link Source#isLive}). Shared by every connection, hence synchronized.
 */
public final class ResumeKeyTable {
    private final SecureRandom random = new SecureRandom();
    private final Map<Key, Entry> byKey = new HashMap<>();
    /** One key per open: asking twice gives the same key, and the table never holds more entries than opens. */
    private final Map<Open, Key> byOpen = new WeakHashMap<>();
    private final ReferenceQueue<Open> collected = new ReferenceQueue<>();

    /** What a key names: the open and the session that holds it. */
    public record Source(Session session, Open open) {
        /**
         * True while {@code session} still holds {@code open}, i.e. the open has not been closed. Sessions belong to
         * one connection's thread: call this only on the thread of the connection {@code session} belongs to.
         */
        public boolean isLive() {
            return session.open(open.fileId()) == open;
        }
    }

    /** The key naming {@code open} of {@code session}, made on first request. */
    public synchronized byte[] keyFor(Session session, Open open) {
        expunge();
        Key key = byOpen.get(open);
        if (key == null) {
            do {
                byte[] bytes = new byte[ResumeKeyResponse.KEY_SIZE];
                random.nextBytes(bytes);
                key = new Key(bytes);
            } while (byKey.containsKey(key));
            byOpen.put(open, key);
            byKey.put(key, new Entry(key, open, session, collected));
        }
        return key.bytes.clone();
    }

    /** The open {@code key} names, or null if it names none or the open or its session has been collected. */
    public synchronized Source find(byte[] key) {
        expunge();
        Entry e = byKey.get(new Key(key));
        if (e == null) {
            return null;
        }
        Open open = e.get();
        Session session = e.session.get();
        return open == null || session == null ? null : new Source(session, open);
    }

    synchronized int size() {
        expunge();
        return byKey.size();
    }

    private void expunge() {
        for (Object ref; (ref = collected.poll()) != null; ) {
            byKey.remove(((Entry) ref).key);
        }
    }

    private static final class Entry extends WeakReference<Open> {
        final Key key;
        final WeakReference<Session> session;

        Entry(Key key, Open open, Session session, ReferenceQueue<Open> queue) {
            super(open, queue);
            this.key = key;
            this.session = new WeakReference<>(session);
        }
    }

    private static final class Key {
        final byte[] bytes;
        final int hash;

        Key(byte[] bytes) {
            this.bytes = bytes.clone();
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
