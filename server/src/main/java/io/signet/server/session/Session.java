package io.signet.server.session;

import io.signet.auth.AuthExchange;
import io.signet.auth.AuthenticatedUser;
import io.signet.protocol.crypto.MessageSigner;
import io.signet.protocol.crypto.transform.MessageEncryptor;
import io.signet.protocol.smb2.message.FileId;
import io.signet.server.tree.Open;
import io.signet.server.tree.TreeConnect;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * [MS-SMB2] 3.3.1.8 Per Session state. Owned by its connection: only the connection's executor thread touches it.
 */
public final class Session {
    /** Bounds per session, so one client cannot exhaust server memory with tree connects or opens. */
    public static final int MAX_TREES = 1024;
    public static final int MAX_OPENS = 16384;

    private final long id;
    private SessionState state = SessionState.IN_PROGRESS;
    private AuthExchange exchange;
    private AuthenticatedUser user;
    private MessageSigner signer;
    private MessageEncryptor encryptor;
    private MessageEncryptor decryptor;
    private boolean encryptData;
    private boolean signingRequired;
    private byte[] preauthHash;
    private final Map<Integer, TreeConnect> trees = new HashMap<>();
    private final Map<Long, Open> opens = new HashMap<>();
    private int nextTreeId = 1;
    private long nextFileId = 1;

    public Session(long id) {
        this.id = id;
    }

    public long id() {
        return id;
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

    public AuthenticatedUser user() {
        return user;
    }

    public void user(AuthenticatedUser u) {
        this.user = u;
    }

    /** Signs and verifies with Session.SigningKey (3.x) or Session.SessionKey (2.x); null before authentication. */
    public MessageSigner signer() {
        return signer;
    }

    public void signer(MessageSigner s) {
        this.signer = s;
    }

    /** Encrypts responses with the server-to-client key; null when no cipher was negotiated. */
    public MessageEncryptor encryptor() {
        return encryptor;
    }

    /** Decrypts requests with the client-to-server key; null when no cipher was negotiated. */
    public MessageEncryptor decryptor() {
        return decryptor;
    }

    public void ciphers(MessageEncryptor encryptor, MessageEncryptor decryptor) {
        this.encryptor = encryptor;
        this.decryptor = decryptor;
    }

    /** [MS-SMB2] 3.3.1.8 Session.EncryptData: every request of the session must come encrypted. */
    public boolean encryptData() {
        return encryptData;
    }

    public void encryptData(boolean e) {
        this.encryptData = e;
    }

    public boolean signingRequired() {
        return signingRequired;
    }

    public void signingRequired(boolean required) {
        this.signingRequired = required;
    }

    /** Session.PreauthIntegrityHashValue (3.1.1), updated with each SESSION_SETUP exchanged. */
    public byte[] preauthHash() {
        return preauthHash;
    }

    public void preauthHash(byte[] h) {
        this.preauthHash = h;
    }

    public TreeConnect tree(int treeId) {
        return trees.get(treeId);
    }

    /** Registers a tree connect built by {@code factory} under a fresh id. */
    public TreeConnect addTree(java.util.function.IntFunction<TreeConnect> factory) {
        if (trees.size() >= MAX_TREES) {
            return null;
        }
        int tid = nextTreeId++;
        TreeConnect t = factory.apply(tid);
        trees.put(tid, t);
        return t;
    }

    /** Removes the tree connect and closes its opens ([MS-SMB2] 3.3.5.8). */
    public void removeTree(TreeConnect tree) {
        trees.remove(tree.id());
        for (Iterator<Open> it = opens.values().iterator(); it.hasNext(); ) {
            Open o = it.next();
            if (o.tree() == tree) {
                it.remove();
                o.closeQuietly();
            }
        }
    }

    public Open open(FileId id) {
        Open o = opens.get(id.volatileId());
        return o != null && o.fileId().persistent() == id.persistent() ? o : null;
    }

    public int openCount() {
        return opens.size();
    }

    /** Allocates the FileId a new open will carry. */
    public FileId nextFileId() {
        long v = nextFileId++;
        return new FileId(v, v);
    }

    public void addOpen(Open o) {
        opens.put(o.fileId().volatileId(), o);
    }

    public void removeOpen(Open o) {
        opens.remove(o.fileId().volatileId());
    }

    /** Logoff or connection loss: closes every open and forgets every tree connect. */
    public void close() {
        for (Open o : opens.values()) {
            o.closeQuietly();
        }
        opens.clear();
        trees.clear();
        state = SessionState.EXPIRED;
    }
}
