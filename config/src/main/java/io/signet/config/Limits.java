package io.signet.config;

import java.time.Duration;

/**
 * How much of the server one client may hold, and how long it may take to log on. Each limit refuses only the
 * client that reaches it; the defaults let a busy test host (1,000+ connections with a session each) through while
 * keeping one client from taking the descriptors, memory or logon attempts every other client needs. Immutable;
 * each {@code with} method checks its value and returns a copy.
 *
 * @param maxConnectionsPerAddress TCP connections one client IP address may hold; the next is closed at accept
 * @param maxConnections           TCP connections of the whole server; the next is closed at accept
 * @param maxSessionsPerConnection sessions, established or authenticating, one connection may hold; the next
 *                                 SESSION_SETUP fails with STATUS_INSUFF_SERVER_RESOURCES
 * @param maxOpensPerSession       opens one session may hold; the next CREATE fails with STATUS_INSUFFICIENT_RESOURCES
 * @param maxOpensPerUser          opens of one account over all its sessions; the next CREATE fails likewise
 * @param maxAsyncRequestsPerConnection requests of one connection waiting asynchronously (CHANGE_NOTIFY, blocking
 *                                 LOCK, CREATE behind an oplock break); the next fails with
 *                                 STATUS_INSUFFICIENT_RESOURCES ([MS-SMB2] 3.3.4.2)
 * @param handshakeTimeout         a connection without an established session this long after it was accepted is
 *                                 closed, and a session still authenticating this long after it started is removed
 * @param authFailureDelay         how long the answer to a failed logon is held back, per client address; zero sends
 *                                 it at once
 * @param breakTimeout             how long an oplock or lease break waits for the client's acknowledgment before the
 *                                 caching is lowered anyway ([MS-SMB2] 3.3.2.1, 3.3.2.5)
 * @param maxLeasesPerClient       leases one client (ClientGuid) may hold; a CREATE past it is granted without one
 * @param maxPendingBreaks         breaks waiting for an acknowledgment, server-wide; an operation that would wait for
 *                                 one more fails with STATUS_INSUFFICIENT_RESOURCES; a break nothing waits for (a
 *                                 write's) lowers the caching at once instead
 * @param maxDurableOpens          durable opens of the whole server, connected or kept for a disconnected client
 *                                 ([MS-SMB2] 3.3.5.9.6, 3.3.5.9.10); past it a CREATE asking for durability gets a
 *                                 plain open, without the durable response context
 * @param maxDurableTimeout        the longest a durable open is kept for a disconnected client; a durable v2 request
 *                                 asking for longer gets this
 * @param maxDurableOpensPerUser   durable opens of one account, connected or kept for a disconnected client; past it
 *                                 that account's CREATE asking for durability gets a plain open, so that one account
 *                                 cannot take all of {@code maxDurableOpens} from the others
 * @param maxPendingBreaksPerUser  breaks waiting for the acknowledgment of one account's clients, its share of
 *                                 {@code maxPendingBreaks}: a CREATE, rename or delete that would wait for one more
 *                                 fails with STATUS_INSUFFICIENT_RESOURCES, so one account that leaves its breaks
 *                                 unanswered cannot take the server-wide bound from everyone else
 */
public record Limits(int maxConnectionsPerAddress, int maxConnections, int maxSessionsPerConnection,
                     int maxOpensPerSession, int maxOpensPerUser, int maxAsyncRequestsPerConnection,
                     Duration handshakeTimeout, Duration authFailureDelay, Duration breakTimeout,
                     int maxLeasesPerClient, int maxPendingBreaks, int maxDurableOpens, Duration maxDurableTimeout,
                     int maxDurableOpensPerUser, int maxPendingBreaksPerUser) {

    /**
     * One address may hold an eighth of the server's connections: a test host or a NAT gateway with a thousand
     * connections gets through, a single host cannot take them all.
     */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 2048;

    /**
     * Each connection costs a file descriptor and its buffers; the server also stops accepting before the process's
     * descriptor limit, whichever comes first.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 16_384;

    /** What Signet has always allowed; Windows clients use one session per user and connection. */
    public static final int DEFAULT_MAX_SESSIONS_PER_CONNECTION = 64;

    /** Samba's default {@code max open files}, its per-client bound. */
    public static final int DEFAULT_MAX_OPENS_PER_SESSION = 16_384;

    /** The same bound over all of one account's sessions, so more sessions do not buy more descriptors. */
    public static final int DEFAULT_MAX_OPENS_PER_USER = 16_384;

    /** Windows Server's default {@code AsynchronousCredits}: concurrent asynchronous commands per connection. */
    public static final int DEFAULT_MAX_ASYNC_REQUESTS_PER_CONNECTION = 512;

    /**
     * NEGOTIATE and an NTLM or Kerberos SESSION_SETUP take a few round trips, well under a second on a LAN and a few
     * seconds over a slow WAN or with a few failed-logon delays; a minute leaves room for all of that.
     */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);

    /** Windows Server 2025's SMB authentication rate limiter waits 2 seconds after each failed logon. */
    public static final Duration DEFAULT_AUTH_FAILURE_DELAY = Duration.ofMillis(2000);

    /** [MS-SMB2] 3.3.2.1 Oplock Break Acknowledgment Timer and 3.3.2.5 Lease Break Acknowledgment Timer: 35 s. */
    public static final Duration DEFAULT_BREAK_TIMEOUT = Duration.ofSeconds(35);

    /** Far more than a client caches (Windows keeps a few thousand leases), while bounding one client's table. */
    public static final int DEFAULT_MAX_LEASES_PER_CLIENT = 65_536;

    /** Each pending break holds a timer; this bounds them however many clients ask at once. */
    public static final int DEFAULT_MAX_PENDING_BREAKS = 65_536;

    public static final long MAX_BREAK_TIMEOUT_SECONDS = 3600;

    /**
     * Each durable open holds a file descriptor and its place in the open-file table while its client is away; the
     * bound keeps disconnected clients from holding more than the opens one busy account may.
     */
    public static final int DEFAULT_MAX_DURABLE_OPENS = 16_384;

    /** What Windows Server grants a durable v2 request asking for more ([MS-SMB2] 3.3.5.9.10, smbtorture). */
    public static final Duration DEFAULT_MAX_DURABLE_TIMEOUT = Duration.ofSeconds(300);

    public static final long MAX_DURABLE_TIMEOUT_SECONDS = 3600;

    /**
     * A quarter of {@link #DEFAULT_MAX_DURABLE_OPENS}: an account with thousands of files open across its clients
     * keeps them all durable, and no one account can take the server's durable opens from everyone else.
     */
    public static final int DEFAULT_MAX_DURABLE_OPENS_PER_USER = 4096;

    /**
     * A sixteenth of the server-wide bound: far more breaks than one account's clients leave unanswered at once, while
     * fifteen others' worth stays free whatever one account does.
     */
    public static final int DEFAULT_MAX_PENDING_BREAKS_PER_USER = 4096;

    public static final int MAX_COUNT = 10_000_000;
    /** Asynchronous requests each hold a credit, and a connection holds at most 8192 ([MS-SMB2] 3.3.1.1). */
    public static final int MAX_ASYNC_REQUESTS = 8192;
    public static final long MAX_HANDSHAKE_TIMEOUT_SECONDS = 3600;
    public static final long MAX_AUTH_FAILURE_DELAY_MILLIS = 60_000;

    public static final Limits DEFAULT = new Limits(DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, DEFAULT_MAX_CONNECTIONS,
            DEFAULT_MAX_SESSIONS_PER_CONNECTION, DEFAULT_MAX_OPENS_PER_SESSION, DEFAULT_MAX_OPENS_PER_USER,
            DEFAULT_MAX_ASYNC_REQUESTS_PER_CONNECTION, DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_AUTH_FAILURE_DELAY);

    /** The limits without the caching ones, which take their defaults. */
    public Limits(int maxConnectionsPerAddress, int maxConnections, int maxSessionsPerConnection,
                  int maxOpensPerSession, int maxOpensPerUser, int maxAsyncRequestsPerConnection,
                  Duration handshakeTimeout, Duration authFailureDelay) {
        this(maxConnectionsPerAddress, maxConnections, maxSessionsPerConnection, maxOpensPerSession, maxOpensPerUser,
                maxAsyncRequestsPerConnection, handshakeTimeout, authFailureDelay, DEFAULT_BREAK_TIMEOUT,
                DEFAULT_MAX_LEASES_PER_CLIENT, DEFAULT_MAX_PENDING_BREAKS);
    }

    /** The limits without the durable-handle ones, which take their defaults. */
    public Limits(int maxConnectionsPerAddress, int maxConnections, int maxSessionsPerConnection,
                  int maxOpensPerSession, int maxOpensPerUser, int maxAsyncRequestsPerConnection,
                  Duration handshakeTimeout, Duration authFailureDelay, Duration breakTimeout, int maxLeasesPerClient,
                  int maxPendingBreaks) {
        this(maxConnectionsPerAddress, maxConnections, maxSessionsPerConnection, maxOpensPerSession, maxOpensPerUser,
                maxAsyncRequestsPerConnection, handshakeTimeout, authFailureDelay, breakTimeout, maxLeasesPerClient,
                maxPendingBreaks, DEFAULT_MAX_DURABLE_OPENS, DEFAULT_MAX_DURABLE_TIMEOUT);
    }

    /** The limits without the per-account bounds on durable opens and pending breaks, which take their defaults. */
    public Limits(int maxConnectionsPerAddress, int maxConnections, int maxSessionsPerConnection,
                  int maxOpensPerSession, int maxOpensPerUser, int maxAsyncRequestsPerConnection,
                  Duration handshakeTimeout, Duration authFailureDelay, Duration breakTimeout, int maxLeasesPerClient,
                  int maxPendingBreaks, int maxDurableOpens, Duration maxDurableTimeout) {
        this(maxConnectionsPerAddress, maxConnections, maxSessionsPerConnection, maxOpensPerSession, maxOpensPerUser,
                maxAsyncRequestsPerConnection, handshakeTimeout, authFailureDelay, breakTimeout, maxLeasesPerClient,
                maxPendingBreaks, maxDurableOpens, maxDurableTimeout, DEFAULT_MAX_DURABLE_OPENS_PER_USER,
                DEFAULT_MAX_PENDING_BREAKS_PER_USER);
    }

    public Limits {
        checkCount("max connections per address", maxConnectionsPerAddress, MAX_COUNT);
        checkCount("max connections", maxConnections, MAX_COUNT);
        checkCount("max sessions per connection", maxSessionsPerConnection, MAX_COUNT);
        checkCount("max opens per session", maxOpensPerSession, MAX_COUNT);
        checkCount("max opens per user", maxOpensPerUser, MAX_COUNT);
        checkCount("max async requests per connection", maxAsyncRequestsPerConnection, MAX_ASYNC_REQUESTS);
        if (handshakeTimeout == null || handshakeTimeout.compareTo(Duration.ofSeconds(1)) < 0
                || handshakeTimeout.getSeconds() > MAX_HANDSHAKE_TIMEOUT_SECONDS) {
            throw new ConfigException("handshake timeout must be between 1 and " + MAX_HANDSHAKE_TIMEOUT_SECONDS
                    + " seconds, got " + handshakeTimeout);
        }
        checkCount("max leases per client", maxLeasesPerClient, MAX_COUNT);
        checkCount("max pending breaks", maxPendingBreaks, MAX_COUNT);
        if (breakTimeout == null || breakTimeout.toMillis() < 1
                || breakTimeout.getSeconds() > MAX_BREAK_TIMEOUT_SECONDS) {
            throw new ConfigException("oplock break timeout must be between 1 millisecond and "
                    + MAX_BREAK_TIMEOUT_SECONDS + " seconds, got " + breakTimeout);
        }
        if (authFailureDelay == null || authFailureDelay.isNegative()
                || authFailureDelay.toMillis() > MAX_AUTH_FAILURE_DELAY_MILLIS) {
            throw new ConfigException("auth failure delay must be between 0 and " + MAX_AUTH_FAILURE_DELAY_MILLIS
                    + " milliseconds, got " + authFailureDelay);
        }
        checkCount("max durable opens", maxDurableOpens, MAX_COUNT);
        if (maxDurableTimeout == null || maxDurableTimeout.compareTo(Duration.ofSeconds(1)) < 0
                || maxDurableTimeout.getSeconds() > MAX_DURABLE_TIMEOUT_SECONDS) {
            throw new ConfigException("max durable timeout must be between 1 and " + MAX_DURABLE_TIMEOUT_SECONDS
                    + " seconds, got " + maxDurableTimeout);
        }
        checkCount("max durable opens per user", maxDurableOpensPerUser, MAX_COUNT);
        checkCount("max pending breaks per user", maxPendingBreaksPerUser, MAX_COUNT);
    }

    private static void checkCount(String name, int value, int max) {
        if (value < 1 || value > max) {
            throw new ConfigException(name + " must be between 1 and " + max + ", got " + value);
        }
    }

    public Limits withMaxConnectionsPerAddress(int n) {
        return new Limits(n, maxConnections, maxSessionsPerConnection, maxOpensPerSession, maxOpensPerUser,
                maxAsyncRequestsPerConnection, handshakeTimeout, authFailureDelay, breakTimeout, maxLeasesPerClient,
                maxPendingBreaks, maxDurableOpens, maxDurableTimeout,
                maxDurableOpensPerUser, maxPendingBreaksPerUser);
    }

    public Limits withMaxConnections(int n) {
        return new Limits(maxConnectionsPerAddress, n, maxSessionsPerConnection, maxOpensPerSession, maxOpensPerUser,
                maxAsyncRequestsPerConnection, handshakeTimeout, authFailureDelay, breakTimeout, maxLeasesPerClient,
                maxPendingBreaks, maxDurableOpens, maxDurableTimeout,
                maxDurableOpensPerUser, maxPendingBreaksPerUser);
    }

    public Limits withMaxSessionsPerConnection(int n) {
        return new Limits(maxConnectionsPerAddress, maxConnections, n, maxOpensPerSession, maxOpensPerUser,
                maxAsyncRequestsPerConnection, handshakeTimeout, authFailureDelay, breakTimeout, maxLeasesPerClient,
                maxPendingBreaks, maxDurableOpens, maxDurableTimeout,
                maxDurableOpensPerUser, maxPendingBreaksPerUser);
    }

    public Limits withMaxOpensPerSession(int n) {
        return new Limits(maxConnectionsPerAddress, maxConnections, maxSessionsPerConnection, n, maxOpensPerUser,
                maxAsyncRequestsPerConnection, handshakeTimeout, authFailureDelay, breakTimeout, maxLeasesPerClient,
                maxPendingBreaks, maxDurableOpens, maxDurableTimeout,
                maxDurableOpensPerUser, maxPendingBreaksPerUser);
    }

    public Limits withMaxOpensPerUser(int n) {
        return new Limits(maxConnectionsPerAddress, maxConnections, maxSessionsPerConnection, maxOpensPerSession, n,
                maxAsyncRequestsPerConnection, handshakeTimeout, authFailureDelay, breakTimeout, maxLeasesPerClient,
                maxPendingBreaks, maxDurableOpens, maxDurableTimeout,
                maxDurableOpensPerUser, maxPendingBreaksPerUser);
    }

    public Limits withMaxAsyncRequestsPerConnection(int n) {
        return new Limits(maxConnectionsPerAddress, maxConnections, maxSessionsPerConnection, maxOpensPerSession,
                maxOpensPerUser, n, handshakeTimeout, authFailureDelay, breakTimeout, maxLeasesPerClient,
                maxPendingBreaks, maxDurableOpens, maxDurableTimeout,
                maxDurableOpensPerUser, maxPendingBreaksPerUser);
    }

    public Limits withHandshakeTimeout(Duration timeout) {
        return new Limits(maxConnectionsPerAddress, maxConnections, maxSessionsPerConnection, maxOpensPerSession,
                maxOpensPerUser, maxAsyncRequestsPerConnection, timeout, authFailureDelay, breakTimeout, maxLeasesPerClient,
                maxPendingBreaks, maxDurableOpens, maxDurableTimeout,
                maxDurableOpensPerUser, maxPendingBreaksPerUser);
    }

    public Limits withAuthFailureDelay(Duration delay) {
        return new Limits(maxConnectionsPerAddress, maxConnections, maxSessionsPerConnection, maxOpensPerSession,
                maxOpensPerUser, maxAsyncRequestsPerConnection, handshakeTimeout, delay, breakTimeout, maxLeasesPerClient,
                maxPendingBreaks, maxDurableOpens, maxDurableTimeout,
                maxDurableOpensPerUser, maxPendingBreaksPerUser);
    }

    public Limits withBreakTimeout(Duration timeout) {
        return new Limits(maxConnectionsPerAddress, maxConnections, maxSessionsPerConnection, maxOpensPerSession,
                maxOpensPerUser, maxAsyncRequestsPerConnection, handshakeTimeout, authFailureDelay, timeout,
                maxLeasesPerClient, maxPendingBreaks, maxDurableOpens, maxDurableTimeout,
                maxDurableOpensPerUser, maxPendingBreaksPerUser);
    }

    public Limits withMaxLeasesPerClient(int n) {
        return new Limits(maxConnectionsPerAddress, maxConnections, maxSessionsPerConnection, maxOpensPerSession,
                maxOpensPerUser, maxAsyncRequestsPerConnection, handshakeTimeout, authFailureDelay, breakTimeout, n,
                maxPendingBreaks, maxDurableOpens, maxDurableTimeout,
                maxDurableOpensPerUser, maxPendingBreaksPerUser);
    }

    public Limits withMaxPendingBreaks(int n) {
        return new Limits(maxConnectionsPerAddress, maxConnections, maxSessionsPerConnection, maxOpensPerSession,
                maxOpensPerUser, maxAsyncRequestsPerConnection, handshakeTimeout, authFailureDelay, breakTimeout,
                maxLeasesPerClient, n, maxDurableOpens, maxDurableTimeout,
                maxDurableOpensPerUser, maxPendingBreaksPerUser);
    }

    public Limits withMaxDurableOpens(int n) {
        return new Limits(maxConnectionsPerAddress, maxConnections, maxSessionsPerConnection, maxOpensPerSession,
                maxOpensPerUser, maxAsyncRequestsPerConnection, handshakeTimeout, authFailureDelay, breakTimeout,
                maxLeasesPerClient, maxPendingBreaks, n, maxDurableTimeout, maxDurableOpensPerUser, maxPendingBreaksPerUser);
    }

    public Limits withMaxDurableTimeout(Duration timeout) {
        return new Limits(maxConnectionsPerAddress, maxConnections, maxSessionsPerConnection, maxOpensPerSession,
                maxOpensPerUser, maxAsyncRequestsPerConnection, handshakeTimeout, authFailureDelay, breakTimeout,
                maxLeasesPerClient, maxPendingBreaks, maxDurableOpens, timeout, maxDurableOpensPerUser, maxPendingBreaksPerUser);
    }

    public Limits withMaxDurableOpensPerUser(int n) {
        return new Limits(maxConnectionsPerAddress, maxConnections, maxSessionsPerConnection, maxOpensPerSession,
                maxOpensPerUser, maxAsyncRequestsPerConnection, handshakeTimeout, authFailureDelay, breakTimeout,
                maxLeasesPerClient, maxPendingBreaks, maxDurableOpens, maxDurableTimeout, n, maxPendingBreaksPerUser);
    }

    public Limits withMaxPendingBreaksPerUser(int n) {
        return new Limits(maxConnectionsPerAddress, maxConnections, maxSessionsPerConnection, maxOpensPerSession,
                maxOpensPerUser, maxAsyncRequestsPerConnection, handshakeTimeout, authFailureDelay, breakTimeout,
                maxLeasesPerClient, maxPendingBreaks, maxDurableOpens, maxDurableTimeout, maxDurableOpensPerUser, n);
    }
}
