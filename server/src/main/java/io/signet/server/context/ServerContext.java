package io.signet.server.context;

import io.signet.auth.Authenticator;
import io.signet.auth.CompositeUserDirectory;
import io.signet.auth.InMemoryUserDirectory;
import io.signet.auth.ServerIdentity;
import io.signet.auth.UserDirectory;
import io.signet.auth.UsersFile;
import io.signet.auth.kerberos.KerberosAcceptor;
import io.signet.config.EncryptionPolicy;
import io.signet.config.MapToGuest;
import io.signet.config.ServerConfig;
import io.signet.config.ShareConfig;
import io.signet.config.SigningPolicy;
import io.signet.protocol.crypto.transform.CipherId;
import io.signet.protocol.dtyp.LocalAccounts;
import io.signet.protocol.dtyp.Sid;
import io.signet.server.durable.DurableOpenTable;
import io.signet.server.durable.PersistentOpenStore;
import io.signet.server.io.DataPiecePool;
import io.signet.server.limits.ConnectionAdmission;
import io.signet.server.limits.DescriptorBudget;
import io.signet.server.limits.LogonThrottle;
import io.signet.server.limits.OpenQuota;
import io.signet.server.net.ServerInterfaces;
import io.signet.server.notify.ChangeNotifier;
import io.signet.server.oplock.CachingTable;
import io.signet.server.session.SessionTable;
import io.signet.storage.ShareFileSystem;
import io.signet.storage.lock.ByteRangeLocks;
import io.signet.storage.metadata.SecurityDescriptorStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every connection shares: the configuration, the server's identity (GUID, name), the authenticator, the shares
 * and the limits. Thread-safe: the shares, users and configuration are one immutable {@link ConfigSnapshot} that a
 * reload replaces with one volatile write; the rest is fixed at construction apart from the tables of state shared
 * by connections (sessions, oplocks, byte-range locks, change notifications), each safe for concurrent use.
 */
public final class ServerContext {
    private static final Logger LOG = LoggerFactory.getLogger(ServerContext.class);
    /** MaxReadSize / MaxWriteSize / MaxTransactSize with CAP_LARGE_MTU: 8 MiB. */
    public static final int MAX_IO = 8 * 1024 * 1024;
    /** SMB 2.0.2 has no multi-credit requests, so one message carries at most 64 KiB. */
    public static final int SMB2_02_MAX_IO = 65536;

    private final byte[] serverGuid;
    private final Authenticator authenticator;
    /** The shares and users in force: replaced whole by a reload, with one write ({@link ConfigReload}). */
    private volatile ConfigSnapshot snapshot;
    private final Object reloadLock = new Object();
    private final SecureRandom random = new SecureRandom();
    private final ChangeNotifier notifier;
    private final LocalAccounts accounts;
    private final List<CipherId> ciphers;
    private final CachingTable caching;
    private final DurableOpenTable durableOpens;
    private final ByteRangeLocks byteRangeLocks = new ByteRangeLocks();
    private final DataPiecePool dataPieces = new DataPiecePool(DataPiecePool.DEFAULT_MAX_IDLE);
    private final ServerInterfaces interfaces;
    private final SessionTable sessions = new SessionTable();
    private final ConnectionAdmission admission;
    private final OpenQuota openQuota;
    private final LogonThrottle logonThrottle;

    /**
     * @param serverGuid the ServerGuid ([MS-SMB2] 3.3.1.5)
     * @param machineSid the machine SID local users' SIDs are under ({@code MachineSid} loads it)
     */
    public ServerContext(ServerConfig config, byte[] serverGuid, Sid machineSid) throws IOException {
        this.serverGuid = serverGuid.clone();
        this.notifier = new ChangeNotifier(config.changeNotify());
        this.accounts = new LocalAccounts(machineSid);
        this.ciphers = config.encryption() == EncryptionPolicy.OFF ? List.of()
                : config.encryptionCiphers().stream().map(c -> CipherId.valueOf(c.name())).toList();
        Map<String, Share> shares = new LinkedHashMap<>();
        for (ShareConfig s : config.shares()) {
            checkDescriptorsFit(s);
            shares.put(ConfigSnapshot.key(s.name()), new Share(s, new ShareFileSystem(s.path(), s.readOnly())));
        }
        this.snapshot = new ConfigSnapshot(config, shares, users(config));
        // The authenticator outlives reloads (its Kerberos replay cache must): it asks the snapshot of the moment.
        UserDirectory current = name -> snapshot.users().find(name);
        this.authenticator = new Authenticator(current, identity(config), kerberos(config),
                config.mapToGuest() == MapToGuest.BAD_USER);
        this.interfaces = new ServerInterfaces(bindAddress(config));
        DescriptorBudget descriptors = DescriptorBudget.ofProcess();
        LOG.debug("file descriptors: limit {}, file opens up to {}, connections and opens up to {}",
                descriptors.limit(), descriptors.openCeiling(), descriptors.connectionCeiling());
        this.caching = new CachingTable(config.limits().breakTimeout(), config.limits().maxLeasesPerClient(),
                config.limits().maxPendingBreaks(), config.limits().maxPendingBreaksPerUser());
        // Persistent handles are kept in the state directory; without one none is granted.
        this.durableOpens = new DurableOpenTable(() -> config().limits(), caching, byteRangeLocks,
                config.stateDir() == null ? null
                        : new PersistentOpenStore(config.stateDir(), config.limits().maxDurableOpens()));
        this.admission = new ConnectionAdmission(config.limits(), descriptors);
        this.openQuota = new OpenQuota(config.limits(), descriptors);
        this.logonThrottle = new LogonThrottle(config.limits().authFailureDelay(), System::nanoTime);
    }

    /**
     * A share with {@code nt acl support} (the default) keeps each file's descriptor in a user extended attribute: a
     * file system that cannot hold one would leave new files unprotected, so such a share is refused at startup.
     *
     * @throws IOException naming the share and the reason
     */
    public static void checkDescriptorsFit(ShareConfig share) throws IOException {
        if (!share.ntAclSupport()) {
            return;
        }
        var reason = SecurityDescriptorStore.unsupportedReason(share.path(), share.readOnly());
        if (reason.isPresent()) {
            throw new IOException("share '" + share.name() + "': " + reason.get() + ", so its files cannot keep"
                    + " Windows security descriptors; set 'nt acl support = no' for it to share it with POSIX"
                    + " permissions alone");
        }
    }

    /** The configured bind address, resolved; null for all addresses (or one that no longer resolves). */
    private static InetAddress bindAddress(ServerConfig config) {
        if (config.bindAddress() == null) {
            return null;
        }
        try {
            return InetAddress.getByName(config.bindAddress());
        } catch (UnknownHostException e) {
            LOG.warn("bind address {} does not resolve; the interface list is not filtered by it",
                    config.bindAddress());
            return null;
        }
    }

    static UserDirectory users(ServerConfig config) throws IOException {
        List<UserDirectory> parts = new ArrayList<>();
        parts.add(new InMemoryUserDirectory(config.users()));
        if (config.usersFile() != null) {
            parts.add(loadUsersFile(config.usersFile()));
        }
        return new CompositeUserDirectory(parts);
    }

    /**
     * Reads the users file, saying in the exception what is wrong with it (a bare NoSuchFileException names only
     * the path): startup and {@code config check} report the same sentence.
     */
    public static UsersFile loadUsersFile(Path file) throws IOException {
        try {
            return UsersFile.load(file);
        } catch (NoSuchFileException e) {
            throw new IOException("users file " + file + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new IOException("users file " + file + " cannot be read: permission denied", e);
        }
    }

    /** The Kerberos acceptor when a realm and keytab are configured; reading the keytab fails startup, not logons. */
    private static KerberosAcceptor kerberos(ServerConfig config) throws IOException {
        if (!config.kerberosEnabled()) {
            return null;
        }
        KerberosAcceptor acceptor = KerberosAcceptor.fromKeytab(config.kerberosKeytab(), config.realm(),
                config.kerberosClockSkew(), config.kerberosAllowRc4());
        LOG.info("Kerberos: realm {}, service principals {}{}", config.realm(), acceptor.keys().principals(),
                config.kerberosAllowRc4() ? ", RC4-HMAC allowed" : "");
        return acceptor;
    }

    private static ServerIdentity identity(ServerConfig config) {
        String name = config.serverName();
        String domain = config.domain();
        return new ServerIdentity(name, domain, name.toLowerCase(Locale.ROOT), domain.toLowerCase(Locale.ROOT));
    }

    /**
     * The configuration in force: shares, users and share enumeration as of the last reload, every other setting as
     * at startup.
     */
    public ServerConfig config() {
        return snapshot.config();
    }

    /** The shares, users and configuration in force, one consistent value. */
    public ConfigSnapshot snapshot() {
        return snapshot;
    }

    /** Held by a reload from start to end, so that two reloads do not interleave. */
    Object reloadLock() {
        return reloadLock;
    }

    /** Puts a new snapshot in force; only {@link ConfigReload} calls it, one reload at a time. */
    void snapshot(ConfigSnapshot next) {
        this.snapshot = next;
    }

    /**
     * Re-reads shares and users from {@code next} and applies them: see {@link ConfigReload}.
     *
     * @throws IOException when {@code next} cannot be applied (a users file that cannot be read, a share that cannot
     *                     hold descriptors); then nothing changed
     */
    public ReloadResult reload(ServerConfig next) throws IOException {
        return ConfigReload.apply(this, next);
    }

    /**
     * Whether a tree connect made to share {@code shareName} over {@code fileSystem} still has its share: false once
     * a reload removed the share or gave it another directory ([MS-SMB2] 3.3.5.2.11: the tree is then gone).
     */
    public boolean serves(String shareName, ShareFileSystem fileSystem) {
        Share share = snapshot.share(shareName);
        return share != null && share.fileSystem() == fileSystem;
    }

    public boolean signingMandatory() {
        return config().signing() == SigningPolicy.MANDATORY;
    }

    public byte[] serverGuid() {
        return serverGuid.clone();
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public SecureRandom random() {
        return random;
    }

    /** The share of that name (case-insensitive), or null. */
    public Share share(String name) {
        return snapshot.share(name);
    }

    /** Pending CHANGE_NOTIFY requests of all connections. */
    public ChangeNotifier notifier() {
        return notifier;
    }

    /**
     * The ciphers the server offers, most preferred first ({@code server smb encrypt algorithms}); empty when
     * {@code smb encrypt = off}.
     */
    public List<CipherId> ciphers() {
        return ciphers;
    }

    /** The SIDs local users appear as in security descriptors. */
    public LocalAccounts accounts() {
        return accounts;
    }

    /** The durable opens, and those kept for clients that went away ([MS-SMB2] 3.3.5.9.6-12). */
    public DurableOpenTable durableOpens() {
        return durableOpens;
    }

    /** Oplocks and leases of all opens on all shares. */
    public CachingTable caching() {
        return caching;
    }

    /** Reused direct memory for the data of large request frames and READ responses. */
    public DataPiecePool dataPieces() {
        return dataPieces;
    }

    /** Byte-range locks of all files on all shares, keyed by {@link CachingTable.Key}. */
    public ByteRangeLocks byteRangeLocks() {
        return byteRangeLocks;
    }

    /** GlobalSessionTable: the sessions of all connections, for binding them to further channels. */
    public SessionTable sessions() {
        return sessions;
    }

    /** The addresses reported by FSCTL_QUERY_NETWORK_INTERFACE_INFO. */
    public ServerInterfaces interfaces() {
        return interfaces;
    }

    /** Whether an accepted connection may stay ({@code max connections}, per address, file descriptors). */
    public ConnectionAdmission admission() {
        return admission;
    }

    /** The opens each session and account may hold. */
    public OpenQuota openQuota() {
        return openQuota;
    }

    /** When the answer to a failed logon may go out, per client address. */
    public LogonThrottle logonThrottle() {
        return logonThrottle;
    }
}
