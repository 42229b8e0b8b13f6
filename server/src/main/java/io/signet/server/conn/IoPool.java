package io.signet.server.conn;

import io.signet.protocol.crypto.MessageSigner;
import io.signet.server.session.SessionChannel;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that do the file I/O of READ and WRITE for every connection, and sign or encrypt their responses
 * ({@code io threads}), so that one connection's READs and WRITEs run side by side ({@link IoPipeline}). A fixed
 * number of threads; the queue is bounded by what each connection may have in flight ({@code io max bytes in
 * flight}, every request counting at least {@link IoPipeline#MIN_BYTES}) and the number of connections.
 */
public final class IoPool implements Executor, AutoCloseable {
    /**
     * Each I/O thread's signers, one per channel it signed for. A {@link MessageSigner} is not safe to share between
     * threads (its JDK engine and scratch arrays belong to the instance), and the channel's own signer belongs to its
     * connection's thread, which is verifying the next requests meanwhile; so each I/O thread makes its own from the
     * channel's key ({@link SessionChannel#signers()}) once and reuses it. Weak keys: the entry of a channel that
     * ended goes with it.
     */
    private static final ThreadLocal<Map<SessionChannel, MessageSigner>> SIGNERS =
            ThreadLocal.withInitial(WeakHashMap::new);

    private final ThreadPoolExecutor executor;

    private IoPool(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "signet-io-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                factory);
    }

    /** A pool of {@code threads} threads, or null for 0: READ and WRITE then run on their connection's thread. */
    public static IoPool start(int threads) {
        return threads == 0 ? null : new IoPool(threads);
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    /** The calling I/O thread's signer for {@code channel}'s key. */
    static MessageSigner signerFor(SessionChannel channel) {
        return SIGNERS.get().computeIfAbsent(channel, c -> c.signers().get());
    }

    /** Lets the I/O under way finish (a few seconds at most), then stops the threads. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }
}
