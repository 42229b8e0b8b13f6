package io.signet.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.internal.PlatformDependent;
import io.signet.config.Limits;
import io.signet.config.ServerConfig;
import io.signet.config.ServerConfigBuilder;
import io.signet.config.ShareConfig;
import io.signet.config.MapToGuest;
import io.signet.config.MetricsEndpoint;
import io.signet.config.SigningPolicy;
import io.signet.protocol.crypto.CryptoWarmup;
import io.signet.protocol.crypto.NativeGcm;
import io.signet.protocol.smb2.Dialect;
import io.signet.server.admin.AdminSocket;
import io.signet.server.admin.AdminSocketPath;
import io.signet.server.admin.StatusCollector;
import io.signet.server.conn.ConnectionServices;
import io.signet.server.conn.IoPool;
import io.signet.server.conn.InterceptorSlot;
import io.signet.server.conn.RequestInterceptor;
import io.signet.server.context.ReloadResult;
import io.signet.server.context.ServerContext;
import io.signet.server.context.Share;
import io.signet.server.metrics.PrometheusEndpoint;
import io.signet.server.metrics.ServerMetrics;
import io.signet.server.oplock.CachingTable;
import io.signet.server.transport.SignetChannelInitializer;
import java.io.Closeable;
import io.signet.protocol.dtyp.Sid;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Signet server. Embedding, e.g. in an integration test:
 * <pre>{@code
 * try (SignetServer server = SignetServer.builder().share("data", dir).user("alice", "secret").port(0).start()) {
 *     int port = server.port();
 * }
 * }</pre>
 */
public final class SignetServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(SignetServer.class);

    private final ServerContext context;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final EventExecutorGroup storage;
    private final Channel serverChannel;
    private final ChannelGroup connections;
    private volatile AdminSocket admin;
    private volatile PrometheusEndpoint metricsEndpoint;
    private final InterceptorSlot interceptors;
    /** Null when READ and WRITE run on their connection's thread ({@code io threads = 0}). */
    private final IoPool ioPool;

    private SignetServer(ServerContext context, EventLoopGroup boss, EventLoopGroup workers, EventExecutorGroup storage,
                         Channel serverChannel, ChannelGroup connections, ConnectionServices services) {
        this.context = context;
        this.interceptors = services.interceptors();
        this.ioPool = services.ioPool();
        this.connections = connections;
        this.boss = boss;
        this.workers = workers;
        this.storage = storage;
        this.serverChannel = serverChannel;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds and starts serving; returns once the socket listens. */
    public static SignetServer start(ServerConfig config) throws IOException {
        return start(config, null);
    }

    /**
     * Binds and starts serving with {@code interceptor} (null for none) seeing every admitted request from the first
     * one on; see {@link RequestInterceptor}.
     */
    public static SignetServer start(ServerConfig config, RequestInterceptor interceptor) throws IOException {
        CryptoWarmup.startInBackground(); // the first signed or encrypted transfer at the intrinsics' speed
        // The machine SID first: a state directory of an earlier version derives it from its server GUID.
        Sid machineSid = MachineSid.load(config.stateDir());
        ServerContext context = new ServerContext(config, ServerGuid.load(config.stateDir()), machineSid);
        // Without an endpoint there is nothing to record into: the request path sees a null and skips it all.
        ServerMetrics metrics = config.metrics() == null ? null : new ServerMetrics();
        // The handlers sit above the shared state they use: wired here, once, and handed to every connection.
        ConnectionServices services = Handlers.wire(context, metrics, IoPool.start(config.io().ioThreads()));
        PersistentOpens.restore(context); // before the first client can open a file they hold
        services.interceptors().set(interceptor);
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(io);
        int storageThreads = Math.max(4, Runtime.getRuntime().availableProcessors() * 4);
        EventExecutorGroup storage = new DefaultEventExecutorGroup(storageThreads);
        ChannelGroup connections = new DefaultChannelGroup("signet-connections", GlobalEventExecutor.INSTANCE);
        try {
            InetSocketAddress bind = config.bindAddress() == null ? new InetSocketAddress(config.port())
                    : new InetSocketAddress(config.bindAddress(), config.port());
            Channel ch = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 128)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    // Room for two maximal READ responses before the connection stops being served (see
                    // Smb2ChannelHandler's backlog); below half of it, serving resumes.
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(8 * 1024 * 1024, 2 * ServerContext.MAX_IO + 1024 * 1024))
                    .childHandler(new SignetChannelInitializer(services, storage, connections))
                    .bind(bind).sync().channel();
            SignetServer server = new SignetServer(context, boss, workers, storage, ch, connections, services);
            LOG.info("Signet listening on {} port {} ({} transport); dialects {}; signing {}; shares {}",
                    bind.getAddress().getHostAddress(), server.port(), epoll ? "epoll" : "nio",
                    Arrays.toString(Dialect.values()),
                    config.signing() == SigningPolicy.MANDATORY ? "required" : "enabled, not required",
                    config.shares().stream().map(ShareConfig::name).toList());
            warnWithoutUnsafe();
            LOG.info("{}", NativeGcm.description()); // AES-GMAC signing and AES-GCM sealing: native or the JDK's
            if (metrics != null) {
                server.metricsEndpoint = startMetrics(server, config, metrics, context, connections);
            }
            if (config.adminSocket() != null || config.stateDir() != null) {
                server.admin = openAdminSocket(config, new StatusCollector(context));
            }
            return server;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeIoPool(services.ioPool());
            shutdown(boss, workers, storage);
            throw new IOException("interrupted while binding", e);
        } catch (RuntimeException e) {
            closeIoPool(services.ioPool());
            shutdown(boss, workers, storage);
            throw new IOException("cannot listen: " + e.getMessage(), e);
        }
    }

    /**
     * The metrics endpoint was asked for, so a server that cannot open it does not start (unlike the admin socket):
     * a monitoring system would otherwise take its silence for an outage.
     */
    private static PrometheusEndpoint startMetrics(SignetServer server, ServerConfig config, ServerMetrics metrics,
                                                   ServerContext context, ChannelGroup connections)
            throws IOException {
        metrics.tables(new ServerTableCounts(context, connections));
        try {
            return PrometheusEndpoint.start(config.metrics(), metrics);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw new IOException("cannot open the metrics endpoint on " + config.metrics().bindAddress() + " port "
                    + config.metrics().port() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The admin socket is a convenience: when it cannot be bound (another server holds it, the directory is not
     * private) the server serves SMB without it, and says so once.
     */
    private static AdminSocket openAdminSocket(ServerConfig config, StatusCollector status) {
        Path path = AdminSocketPath.of(config);
        // The runtime or temporary directory is the server's own only if it is private: checked, and made so.
        boolean runtimeDefault = path.equals(AdminSocketPath.of((Path) null));
        try {
            AdminSocket socket = AdminSocket.open(path, runtimeDefault, status::collect);
            LOG.info("admin socket {} ('signet status' reads it)", socket.path());
            return socket;
        } catch (IOException | RuntimeException e) {
            LOG.warn("no admin socket, so 'signet status' cannot reach this server: {}", e.getMessage());
            return null;
        }
    }

    /** The configuration in force: shares and users of the last {@link #reload}, the rest as started. */
    public ServerConfig config() {
        return context.config();
    }

    /**
     * Applies {@code next} without dropping sessions, as Samba's smbd applies smb.conf on SIGHUP: shares and users
     * change (a removed share's tree connects and a removed user's sessions end; a share's other settings apply to
     * new tree connects), and each restart-only setting that {@code next} changes is named in a WARN and left as
     * it was (see ServerContext's {@code ConfigReload}). Safe to call from any thread, one reload at a time.
     *
     * @throws IOException when {@code next} cannot be applied (users file unreadable, a share whose file system
     *                     cannot hold descriptors); logged as an ERROR, and the server goes on as before
     */
    public ReloadResult reload(ServerConfig next) throws IOException {
        return context.reload(next);
    }

    /** Where the admin socket of {@code signet status} listens; empty when it could not be bound. */
    public Optional<Path> adminSocket() {
        AdminSocket a = admin;
        return a == null ? Optional.empty() : Optional.of(a.path());
    }

    /** Where the metrics endpoint listens (its port actually bound); empty when the server has none. */
    public Optional<InetSocketAddress> metricsAddress() {
        PrometheusEndpoint m = metricsEndpoint;
        return m == null ? Optional.empty() : Optional.of(m.address());
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /**
     * Sets the {@link RequestInterceptor} that sees each request admitted from now on, on every connection; null
     * removes it. Without one, a request pays a single volatile read for the hook.
     */
    public void interceptor(RequestInterceptor interceptor) {
        interceptors.set(interceptor);
    }

    /**
     * Breaks the write and handle caching clients hold on a file ([MS-SMB2] 3.3.4.6, 3.3.4.7): an exclusive or batch
     * oplock breaks to level II, a lease to its read caching; the holder gets a break notification and must
     * acknowledge it (3.3.5.22) before the caching is gone.
     *
     * @param share a share name (case ignored)
     * @param path  share-relative, '/' or '\' separated
     * @return completes once the holder acknowledged, closed the file, or the break timed out; already complete when
     *         no such oplock is held (or the file does not exist)
     * @throws IllegalArgumentException when there is no such share
     */
    public CompletableFuture<Void> breakLeases(String share, String path) {
        Share s = context.share(share);
        if (s == null || s.fileSystem() == null) {
            throw new IllegalArgumentException("no disk share '" + share + "'");
        }
        String smbPath = path.replace('/', '\\');
        CompletableFuture<Void> pending = s.fileSystem().existingFileKey(smbPath)
                .map(file -> context.caching().breakFor(new CachingTable.Key(s.fileSystem(), file)))
                .orElse(null);
        return pending != null ? pending : CompletableFuture.completedFuture(null);
    }

    /** Durable opens now ([MS-SMB2] 3.3.5.9.6, 3.3.5.9.10), in use or kept for a client that went away. */
    public int durableOpens() {
        return context.durableOpens().size();
    }

    /** Durable opens kept for clients that went away, waiting for a reconnect or their timeout. */
    public int disconnectedDurableOpens() {
        return context.durableOpens().disconnectedCount();
    }

    /**
     * Pieces of reused I/O memory (large request frames, large READ data) taken and not released yet: zero once the
     * server has closed, unless something leaked them (Netty's leak detector does not see these).
     */
    public int dataPiecesInUse() {
        return context.dataPieces().inUse();
    }

    /** Blocks until the server socket closes. */
    public void awaitClose() throws InterruptedException {
        serverChannel.closeFuture().await();
    }

    /**
     * Stops listening, closes every connection and waits for their last events to be handled, then stops the
     * threads: the storage executor before the event loops it hands events back to.
     */
    @Override
    public void close() {
        AdminSocket a = admin;
        if (a != null) {
            a.close();
        }
        PrometheusEndpoint m = metricsEndpoint;
        if (m != null) {
            m.close();
        }
        serverChannel.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        closeIoPool(ioPool); // before the storage executor: the I/O threads hand their ends back to it
        shutdown(boss, workers, storage);
        context.durableOpens().close(); // opens kept for clients that went away close with the server
        context.notifier().close();
        int pieces = context.dataPieces().inUse();
        if (pieces > 0) {
            LOG.warn("{} pieces of I/O memory were never released (a leak)", pieces);
        }
        LOG.info("Signet stopped");
    }

    private static void closeIoPool(IoPool pool) {
        if (pool != null) {
            pool.close();
        }
    }

    private static void shutdown(EventLoopGroup boss, EventLoopGroup workers, EventExecutorGroup storage) {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        storage.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Embedding API: builds the same {@link ServerConfig} the CLI and config file produce. */
    public static final class Builder {
        private final ServerConfigBuilder config = ServerConfig.builder();
        private RequestInterceptor interceptor;

        public Builder share(String name, Path path) {
            config.share(name, path);
            return this;
        }

        public Builder share(ShareConfig share) {
            config.share(share);
            return this;
        }

        public Builder user(String name, String password) {
            config.user(name, password);
            return this;
        }

        public Builder port(int port) {
            config.port(port);
            return this;
        }

        public Builder bindAddress(String address) {
            config.bindAddress(address);
            return this;
        }

        public Builder signing(SigningPolicy policy) {
            config.signing(policy);
            return this;
        }

        /** {@code map to guest}: {@link MapToGuest#BAD_USER} needs {@link SigningPolicy#AUTO}. */
        public Builder mapToGuest(MapToGuest mapToGuest) {
            config.mapToGuest(mapToGuest);
            return this;
        }

        public Builder usersFile(Path file) {
            config.usersFile(file);
            return this;
        }

        public Builder stateDir(Path dir) {
            config.stateDir(dir);
            return this;
        }

        public Builder multiChannel(boolean offered) {
            config.multiChannel(offered);
            return this;
        }

        /** Replaces the limits; default {@link Limits#DEFAULT}. */
        public Builder limits(Limits limits) {
            config.limits(limits);
            return this;
        }

        /** Changes some limits, e.g. {@code limits(l -> l.withMaxConnectionsPerAddress(8))}. */
        public Builder limits(UnaryOperator<Limits> change) {
            config.limits(change.apply(config.limits()));
            return this;
        }

        /**
         * Where the admin socket of {@code signet status} goes. An embedded server without one opens its socket only
         * in its state directory, if it has one ({@link AdminSocketPath}); {@code serve} always opens one.
         */
        public Builder adminSocket(Path socket) {
            config.adminSocket(socket);
            return this;
        }

        /** The Prometheus metrics endpoint's port, as {@code metrics port} gives it: 0 (the default) for none. */
        public Builder metricsPort(int port) {
            config.metricsPort(port);
            return this;
        }

        /** The metrics endpoint's address; default {@value MetricsEndpoint#DEFAULT_BIND}. */
        public Builder metricsBind(String address) {
            config.metricsBind(address);
            return this;
        }

        /**
         * The Prometheus metrics endpoint, e.g. {@code metrics(MetricsEndpoint.loopback(0))} for any free loopback
         * port ({@link SignetServer#metricsAddress()} tells which); none by default.
         */
        public Builder metrics(MetricsEndpoint endpoint) {
            config.metrics(endpoint);
            return this;
        }

        /** A {@link RequestInterceptor} that sees every admitted request (a test double); none by default. */
        public Builder interceptor(RequestInterceptor interceptor) {
            this.interceptor = interceptor;
            return this;
        }

        public ServerConfig build() {
            return config.build();
        }

        public SignetServer start() throws IOException {
            return SignetServer.start(build(), interceptor);
        }
    }

    /**
     * Netty without sun.misc.Unsafe (its default from Java 25) allocates each direct buffer as a shared memory
     * segment, and releasing one stops every thread: bulk transfers then cost about three times the CPU. bin/signet
     * passes the option that avoids it; an embedding application or a bare {@code java -jar} may not.
     */
    private static void warnWithoutUnsafe() {
        if (!PlatformDependent.hasUnsafe()) {
            LOG.warn("Netty cannot use sun.misc.Unsafe ({}): large reads and writes will cost several times the CPU;"
                    + " on Java 24 or newer start the JVM with --sun-misc-unsafe-memory-access=allow (bin/signet does)",
                    PlatformDependent.getUnsafeUnavailabilityCause().getMessage());
        }
    }
}
