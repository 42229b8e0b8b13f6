package io.signet.server.session;

import io.signet.auth.AuthExchange;
import io.signet.auth.AuthenticatedUser;
import io.signet.protocol.crypto.MessageSigner;
import io.signet.protocol.crypto.SigningAlgorithm;
import io.signet.protocol.crypto.transform.MessageEncryptor;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.tree.Open;
import io.signet.server.tree.TreeConnect;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * [MS-SMB2] 3.3.1.8 Per Session state, with Session.ChannelList ([MS-SMB2] 3.3.1.14).
 *
 * <p>A session is reached from the thread of every connection it has a channel on (multichannel), so everything
 * here is safe to use from several threads: the tables are concurrent maps, ids come from atomic counters, the
 * state is volatile, and what authentication gave the session (identity, keys, signing and encryption flags) is one
 * immutable {@link SessionSecurity} published with a single write. What is per channel (the signing key of
 * 3.3.4.1.1 and 3.3.5.2.4, the decryption engine) lives in {@link SessionChannel} and is used by its own connection's
 * thread only. The one engine all channels share is the {@link #encryptor()}: its callers hold its monitor while
 * they encrypt, which keeps its nonce counter ([MS-SMB2] 3.1.4.3) unique across channels. The tables know no
 * connection: they reach one through {@link ChannelLink} (docs/ARCHITECTURE.md, Threads).
 */
public final class Session {
    /**
     * Bounds the tree connects of a session, so one client cannot exhaust server memory with them; opens are bounded
     * by the {@code max opens per session} and {@code max opens per user} settings.
     */
    public static final int MAX_TREES = 1024;
    /** Channels per session; Windows Server 2012 R2 and 2016 allow 32 (smb2.multichannel.generic.num_channels). */
    public static final int MAX_CHANNELS = 32;

    private final long id;
    private final ChannelLink connection;
    private volatile SessionState state = SessionState.IN_PROGRESS;
    private volatile AuthExchange exchange;
    /** Null until authentication completes; then replaced whole, never field by field. */
    private volatile SessionSecurity security;
    private volatile byte[] preauthHash;
    private final List<SessionChannel> channels = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<Integer, TreeConnect> trees = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Open> opens = new ConcurrentHashMap<>();
    private final AtomicInteger nextTreeId = new AtomicInteger(1);
    private final AtomicLong nextFileId = new AtomicLong(1);

    /** @param connection Session.Connection: the connection the session was established on */
    public Session(long id, ChannelLink connection) {
        this.id = id;
        this.connection = connection;
    }

    /** A session without a connection, for tests of the tables it holds. */
    public Session(long id) {
        this(id, null);
    }

    public long id() {
        return id;
    }

    /** Session.Connection: the connection that established the session; its negotiated values bind the channels. */
    public ChannelLink connection() {
        return connection;
    }

    public SessionState state() {
        return state;
    }

    public void state(SessionState s) {
        this.state = s;
    }

    /** The authentication exchange in progress (first logon or re-authentication), or null. */
    public AuthExchange exchange() {
        return exchange;
    }

    public void exchange(AuthExchange e) {
        this.exchange = e;
    }

    /** What the completed authentication gave the session, or null while it has not completed. */
    public SessionSecurity security() {
        return security;
    }

    /**
     * Publishes the session's identity, keys and flags in one write ([MS-SMB2] 3.3.5.5.3): when the first
     * authentication completes, and again with a new identity when it re-authenticates.
     */
    public void security(SessionSecurity s) {
        this.security = s;
    }

    /** Session.UserCredentials; null before authentication completed. */
    public AuthenticatedUser user() {
        SessionSecurity s = security;
        return s == null ? null : s.user();
    }

    /**
     * A new signer keyed with Session.SigningKey, for the first channel and for verifying binding requests
     * ([MS-SMB2] 3.3.5.2.4); null while the session has no key (in progress, guest, anonymous). Each caller gets its
     * own instance: signers are not thread-safe.
     */
    public MessageSigner newSessionSigner() {
        SessionSecurity s = security;
        return s == null ? null : s.newSigner();
    }

    /** The signing algorithm of Session.Connection; null before authentication and for guest and anonymous. */
    public SigningAlgorithm signingAlgorithm() {
        SessionSecurity s = security;
        return s == null ? null : s.signingAlgorithm();
    }

    /**
     * Encrypts responses with Session.EncryptionKey; null when no cipher was negotiated. Shared by all channels:
     * hold its monitor while encrypting.
     */
    public MessageEncryptor encryptor() {
        SessionSecurity s = security;
        return s == null ? null : s.encryptor();
    }

    /** A new engine decrypting with Session.DecryptionKey, for one channel; null when no cipher was negotiated. */
    public MessageEncryptor newDecryptor() {
        SessionSecurity s = security;
        return s == null ? null : s.newDecryptor();
    }

    /** [MS-SMB2] 3.3.1.8 Session.EncryptData: every request of the session must come encrypted. */
    public boolean encryptData() {
        SessionSecurity s = security;
        return s != null && s.encryptData();
    }

    /** [MS-SMB2] 3.3.1.8 Session.SigningRequired. */
    public boolean signingRequired() {
        SessionSecurity s = security;
        return s != null && s.signingRequired();
    }

    /** Session.PreauthIntegrityHashValue (3.1.1), updated with each SESSION_SETUP exchanged. */
    public byte[] preauthHash() {
        return preauthHash;
    }

    public void preauthHash(byte[] h) {
        this.preauthHash = h;
    }

    // --- Session.ChannelList ([MS-SMB2] 3.3.1.14) ---

    /** The channel of {@code c}, or null when the session is not (yet) bound to that connection. */
    public SessionChannel channel(ChannelLink c) {
        for (SessionChannel ch : channels) {
            if (ch.connection() == c) {
                return ch;
            }
        }
        return null;
    }

    public List<SessionChannel> channels() {
        return List.copyOf(channels);
    }

    /** The connections of Session.ChannelList, for a break of one of the session's opens ([MS-SMB2] 3.3.4.6). */
    public List<ChannelLink> links() {
        return channels.stream().map(SessionChannel::connection).toList();
    }

    /** Adds a channel unless the session has {@value #MAX_CHANNELS} already or one for the same connection. */
    public synchronized boolean addChannel(SessionChannel ch) {
        if (channels.size() >= MAX_CHANNELS || channel(ch.connection()) != null) {
            return false;
        }
        channels.add(ch);
        return true;
    }

    /** Removes the channel of {@code c}; true when no channel is left ([MS-SMB2] 3.3.7.1). */
    public synchronized boolean removeChannel(ChannelLink c) {
        channels.removeIf(ch -> ch.connection() == c);
        return channels.isEmpty();
    }

    // --- Session.TreeConnectTable and Session.OpenTable ---

    public TreeConnect tree(int treeId) {
        return trees.get(treeId);
    }

    /** The tree connects now, in no particular order: a weakly consistent copy, safe from any thread. */
    public List<TreeConnect> trees() {
        return List.copyOf(trees.values());
    }

    /** Registers a tree connect built by {@code factory} under a fresh id; null when the session has too many. */
    public TreeConnect addTree(java.util.function.IntFunction<TreeConnect> factory) {
        if (trees.size() >= MAX_TREES) {
            return null;
        }
        int tid = nextTreeId.getAndIncrement();
        TreeConnect t = factory.apply(tid);
        trees.put(tid, t);
        return t;
    }

    /** Removes the tree connect and closes its opens ([MS-SMB2] 3.3.5.8). */
    public void removeTree(TreeConnect tree) {
        trees.remove(tree.id());
        // Every open of the tree leaves the table before any is closed: closing one releases its byte-range locks,
        // and a LOCK waiting on another open of the same tree must not then be granted to an open that is ending.
        List<Open> ending = new ArrayList<>();
        for (Open o : opens.values()) {
            if (o.tree() == tree && opens.remove(o.fileId().volatileId(), o)) {
                ending.add(o);
            }
        }
        ending.forEach(Open::closeQuietly);
    }

    public Open open(FileId id) {
        Open o = opens.get(id.volatileId());
        return o != null && o.fileId().persistent() == id.persistent() ? o : null;
    }

    /** The opens now, in no particular order: a weakly consistent copy, safe from any thread. */
    public List<Open> opens() {
        return List.copyOf(opens.values());
    }

    public int openCount() {
        return opens.size();
    }

    /**
     * Allocates the FileId a new open will carry. The persistent half is random and so unique server-wide, as a
     * durable reconnect looks the open up by it alone ([MS-SMB2] 3.3.5.9.7); the volatile half counts this session's
     * opens.
     */
    public FileId nextFileId() {
        long persistent;
        do {
            persistent = ThreadLocalRandom.current().nextLong();
        } while (persistent == 0 || persistent == -1);
        return nextFileId(persistent);
    }

    /** The FileId of an open reconnected into this session: its persistent half kept, a volatile half of here. */
    public FileId nextFileId(long persistent) {
        return new FileId(persistent, nextFileId.getAndIncrement());
    }

    /**
     * Adds the open, unless its tree connect was removed meanwhile (a TREE_DISCONNECT or LOGOFF on another channel,
     * [MS-SMB2] 3.3.5.8): then the open is closed here and the CREATE fails with STATUS_NETWORK_NAME_DELETED rather
     * than leave an open that no TREE_DISCONNECT will ever close. The open is added before the tree is looked at,
     * and removeTree removes the tree before it looks at the opens, so one of the two always sees the other.
     */
    public void addOpen(Open o) {
        opens.put(o.fileId().volatileId(), o);
        TreeConnect tree = o.tree();
        if (tree != null && trees.get(tree.id()) != tree) {
            if (opens.remove(o.fileId().volatileId(), o)) {
                o.closeQuietly();
            }
            throw new SmbException(NtStatus.STATUS_NETWORK_NAME_DELETED, "tree connect " + tree.id() + " is gone");
        }
    }

    /**
     * Removes the open from the table; true for the one caller that removed it, who then closes it. A CLOSE racing
     * another CLOSE (or the end of the session) on a second channel gets false.
     */
    public boolean removeOpen(Open o) {
        return opens.remove(o.fileId().volatileId(), o);
    }

    /** The session ends and every open closes, durable or not: forgets every tree connect. Idempotent. */
    public void close() {
        close(false);
    }

    /**
     * The session ends: every open leaves it and every tree connect is forgotten. Idempotent.
     *
     * @param keepDurable true when the client may come back for its durable opens (connection lost, LOGOFF, a new
     *                    session replacing this one: [MS-SMB2] 3.3.7.1, 3.3.5.6, 3.3.5.5.3): those the table of
     *                    durable opens keeps are not closed; false closes them all
     */
    public void close(boolean keepDurable) {
        state = SessionState.EXPIRED;
        trees.clear(); // first, so that an open added meanwhile sees its tree gone (addOpen)
        for (Open o : opens.values()) {
            if (opens.remove(o.fileId().volatileId(), o) && !(keepDurable && o.keepOnDisconnect())) {
                o.closeQuietly();
            }
        }
    }
}
