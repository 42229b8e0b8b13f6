package io.signet.bench;

import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;

/**
 * The failed-logon delay under a password-guessing client, measured with smbj against a running server: FAILURES
 * wrong passwords from 127.0.0.1 spread over CONNECTIONS parallel connections, while a second client logs on with the
 * right password from 127.0.0.2, one logon after another, for as long as the guessing lasts.
 *
 * <p>It reports the wall time of all the failures (with a 2 s delay per address, 20 failures take at least 40 s
 * however many connections carry them) and the latency of the good logons before and during the guessing (they should
 * not change: the delay is per client address). A logon is NEGOTIATE plus an NTLM SESSION_SETUP on a new connection.
 * Every loop is bounded in count and time.
 *
 * <p>Usage: {@code LogonDelayBench PORT USER PASSWORD FAILURES CONNECTIONS}; the server listens on 127.0.0.1. See
 * docs/PERFORMANCE.md and scripts/bench-logon-delay.sh.
 */
public final class LogonDelayBench {
    private static final String SERVER = "127.0.0.1";
    private static final long GIVE_UP_NANOS = TimeUnit.MINUTES.toNanos(5);
    private static final int BASELINE_LOGONS = 20;
    private static final int MAX_LOGONS_DURING = 2000;

    private LogonDelayBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: LogonDelayBench PORT USER PASSWORD FAILURES CONNECTIONS");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        String user = args[1];
        String password = args[2];
        int failures = Integer.parseInt(args[3]);
        int connections = Integer.parseInt(args[4]);
        InetAddress guesserAddress = InetAddress.getByName("127.0.0.1");
        InetAddress userAddress = InetAddress.getByName("127.0.0.2");

        for (int i = 0; i < 5; i++) {
            goodLogon(userAddress, port, user, password); // warm-up: class loading, JIT
        }
        List<Long> baseline = new ArrayList<>();
        for (int i = 0; i < BASELINE_LOGONS; i++) {
            baseline.add(goodLogon(userAddress, port, user, password));
        }

        ExecutorService pool = Executors.newFixedThreadPool(connections);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger failed = new AtomicInteger();
        List<Future<?>> guessers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int attempts = failures / connections + (c < failures % connections ? 1 : 0);
            guessers.add(pool.submit(() -> {
                go.await();
                guess(guesserAddress, port, user, attempts, failed);
                return null;
            }));
        }
        long start = System.nanoTime();
        go.countDown();
        List<Long> during = new ArrayList<>();
        while (!allDone(guessers) && during.size() < MAX_LOGONS_DURING && System.nanoTime() - start < GIVE_UP_NANOS) {
            during.add(goodLogon(userAddress, port, user, password));
            Thread.sleep(100);
        }
        for (Future<?> g : guessers) {
            g.get(GIVE_UP_NANOS, TimeUnit.NANOSECONDS);
        }
        long elapsed = System.nanoTime() - start;
        pool.shutdown();

        System.out.printf(Locale.ROOT, "%d wrong passwords from %s over %d connections: %d failed, total %.1f s%n",
                failures, guesserAddress.getHostAddress(), connections, failed.get(), elapsed / 1e9);
        System.out.printf(Locale.ROOT, "good logons from %s before the guessing: %s%n",
                userAddress.getHostAddress(), summary(baseline));
        System.out.printf(Locale.ROOT, "good logons from %s during the guessing: %s%n",
                userAddress.getHostAddress(), summary(during));
    }

    /** {@code attempts} wrong passwords on one connection from {@code from}; a broken connection is replaced. */
    private static void guess(InetAddress from, int port, String user, int attempts, AtomicInteger failed)
            throws IOException {
        try (SMBClient client = new SMBClient(config(from))) {
            Connection connection = client.connect(SERVER, port);
            for (int i = 0; i < attempts; i++) {
                if (!connection.isConnected()) {
                    connection = client.connect(SERVER, port);
                }
                try {
                    connection.authenticate(new AuthenticationContext(user, ("wrong-" + i).toCharArray(), ""))
                            .close();
                    throw new IllegalStateException("a wrong password was accepted");
                } catch (SMBApiException e) {
                    failed.incrementAndGet();
                }
            }
        }
    }

    /** One logon from {@code from} on a new connection; returns its latency in nanoseconds. */
    private static long goodLogon(InetAddress from, int port, String user, String password) throws IOException {
        try (SMBClient client = new SMBClient(config(from))) {
            long t0 = System.nanoTime();
            try (Connection connection = client.connect(SERVER, port);
                 Session session = connection.authenticate(
                         new AuthenticationContext(user, password.toCharArray(), ""))) {
                return System.nanoTime() - t0;
            }
        }
    }

    private static SmbConfig config(InetAddress from) {
        return SmbConfig.builder().withSigningRequired(true).withSocketFactory(new BoundSocketFactory(from))
                .withTimeout(2, TimeUnit.MINUTES).build();
    }

    private static boolean allDone(List<Future<?>> futures) {
        return futures.stream().allMatch(Future::isDone);
    }

    private static String summary(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "none";
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "n=%d, median %.1f ms, p90 %.1f ms, max %.1f ms", sorted.size(),
                sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.9)) / 1e6,
                sorted.get(sorted.size() - 1) / 1e6);
    }

    /** Sockets bound to one local address, so that the server sees the client at that address. */
    private static final class BoundSocketFactory extends SocketFactory {
        private final InetAddress local;

        BoundSocketFactory(InetAddress local) {
            this.local = local;
        }

        @Override
        public Socket createSocket() throws IOException {
            Socket s = new Socket();
            s.bind(new InetSocketAddress(local, 0));
            return s;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return new Socket(host, port, local, 0);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return new Socket(host, port, local, 0);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return new Socket(host, port, local, 0);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return new Socket(address, port, local, 0);
        }
    }
}
