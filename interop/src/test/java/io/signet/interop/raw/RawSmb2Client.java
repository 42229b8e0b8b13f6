package io.signet.interop.raw;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.auth.ntlm.NtlmInitiator;
import io.signet.protocol.crypto.KeyDerivation;
import io.signet.protocol.crypto.MessageSigner;
import io.signet.protocol.crypto.SessionKeys;
import io.signet.protocol.crypto.SigningAlgorithm;
import io.signet.protocol.crypto.transform.CipherId;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.CloseRequest;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.NegotiateContext;
import io.signet.protocol.smb2.message.NegotiateRequest;
import io.signet.protocol.smb2.message.NegotiateResponse;
import io.signet.protocol.smb2.message.SessionSetupRequest;
import io.signet.protocol.smb2.message.SessionSetupResponse;
import io.signet.protocol.smb2.message.TreeConnectRequest;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A deliberately small SMB2 client over a plain {@link Socket}, for tests that must send what no real client sends:
 * unsigned or badly signed requests on a signing-required session, truncated frames, replayed message ids, unknown
 * commands. It speaks 3.0.2 and 3.1.1, logs on with raw NTLMSSP ({@link NtlmInitiator}), derives the signing key with
 * {@link KeyDerivation} and signs with the negotiated {@link SigningAlgorithm} (AES-CMAC, or at 3.1.1 what
 * {@link RawNegotiation} offered: AES-GMAC). It encrypts with AES-128-CCM at 3.0.2, and at 3.1.1 with the cipher
 * {@link RawNegotiation} offered and the server chose ({@link RawTransform}).
 *
 * <p>The 3.1.1 preauthentication integrity hash is computed here with the JDK's SHA-512 ([MS-SMB2] 3.2.5.2,
 * 3.2.5.3.1), not with the server's code: a server that hashed the wrong bytes would fail the signed final
 * SESSION_SETUP response check.
 *
 * <p>Every response that arrives signed is verified once the session has a key, and the outcome is recorded in the
 * {@link RawResponse}; the tests decide what to require of it.
 */
public final class RawSmb2Client implements Closeable {
    /** [MS-ERREF] 2.3.1 NTSTATUS values the raw tests look for. */
    public static final int STATUS_SUCCESS = 0x00000000;
    public static final int STATUS_PENDING = 0x00000103;
    public static final int STATUS_MORE_PROCESSING_REQUIRED = 0xC0000016;
    public static final int STATUS_INVALID_PARAMETER = 0xC000000D;
    public static final int STATUS_ACCESS_DENIED = 0xC0000022;
    public static final int STATUS_OBJECT_NAME_NOT_FOUND = 0xC0000034;

    private static final int CREDITS_REQUESTED = 64;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

    private final Socket socket;
    private final RawReceiver receiver;
    private final OutputStream out;
    private long nextMessageId;
    private byte[] clientGuid;
    private Dialect dialect;
    private SigningAlgorithm signingAlgorithm;
    /** The cipher of this connection: AES-128-CCM at 3.0.2, the server's choice at 3.1.1 (null: none). */
    private CipherId cipher;
    private byte[] preauthHash;
    private long sessionId;
    private MessageSigner signer;
    private SessionKeys keys;

    /**
     * A session this client logged on: its id, signing engine and keys. Tests switch between several on one
     * connection with {@link #use}, or hand one client's session to another connection to attack with it.
     */
    public record RawSession(long id, MessageSigner signer, SessionKeys keys) {
    }

    private RawSmb2Client(Socket socket) throws IOException {
        this.socket = socket;
        this.receiver = new RawReceiver(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * The ClientGuid the next NEGOTIATE sends: a client's own (to come back under it) or another's, as an attacker
     * who saw it on the wire would; random when never set.
     */
    public void clientGuid(byte[] guid) {
        this.clientGuid = guid.clone();
    }

    /** The ClientGuid this client negotiated with; null before its NEGOTIATE. */
    public byte[] clientGuid() {
        return clientGuid == null ? null : clientGuid.clone();
    }

    public static RawSmb2Client connect(int port) throws IOException {
        return connect(port, null);
    }

    /**
     * Connects to 127.0.0.1 from {@code localAddress} (e.g. 127.0.0.2, another loopback address on Linux), so that
     * the server sees another client address; null lets the system choose.
     */
    public static RawSmb2Client connect(int port, InetAddress localAddress) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(localAddress, 0));
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) READ_TIMEOUT.toMillis());
            return new RawSmb2Client(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * NEGOTIATE offering only {@code offered} (3.0.2 or 3.1.1), signing enabled. For 3.1.1 the request carries
     * PREAUTH_INTEGRITY_CAPABILITIES (SHA-512) and SIGNING_CAPABILITIES offering AES-CMAC alone.
     */
    public NegotiateResponse negotiate(Dialect offered) throws IOException {
        return negotiate(offered, 0);
    }

    /**
     * NEGOTIATE as {@link #negotiate(Dialect)}, announcing {@code capabilities} ([MS-SMB2] 2.2.3 Capabilities: e.g.
     * SMB2_GLOBAL_CAP_ENCRYPTION, with which a 3.0.2 connection encrypts with AES-128-CCM).
     */
    public NegotiateResponse negotiate(Dialect offered, int capabilities) throws IOException {
        return negotiate(offered, capabilities, guidToSend());
    }

    /**
     * NEGOTIATE as {@link #negotiate(Dialect, int)} with this ClientGuid: a client that reconnects a durable open
     * with a lease comes back with the ClientGuid it had ([MS-SMB2] 3.3.5.9.12).
     */
    public NegotiateResponse negotiate(Dialect offered, int capabilities, byte[] guid) throws IOException {
        return negotiate(offered, capabilities, guid, RawNegotiation.AES_CMAC_ONLY);
    }

    /**
     * NEGOTIATE of 3.1.1 with the contexts of {@code offer} (e.g. {@link RawNegotiation#gmac}: AES-GMAC signing and
     * AES-GCM encryption), signing enabled, with this client's ClientGuid (random when never set).
     */
    public NegotiateResponse negotiate(RawNegotiation offer) throws IOException {
        return negotiate(offer, 0);
    }

    /** NEGOTIATE as {@link #negotiate(RawNegotiation)}, announcing {@code capabilities} ([MS-SMB2] 2.2.3). */
    public NegotiateResponse negotiate(RawNegotiation offer, int capabilities) throws IOException {
        return negotiate(Dialect.SMB3_1_1, capabilities, guidToSend(), offer);
    }

    /** The ClientGuid set with {@link #clientGuid(byte[])}, or a random one. */
    private byte[] guidToSend() {
        byte[] guid = clientGuid;
        if (guid == null) {
            guid = new byte[16];
            new SecureRandom().nextBytes(guid);
        }
        return guid;
    }

    private NegotiateResponse negotiate(Dialect offered, int capabilities, byte[] guid, RawNegotiation offer)
            throws IOException {
        if (offered != Dialect.SMB3_0_2 && offered != Dialect.SMB3_1_1) {
            throw new IllegalArgumentException("the raw client speaks 3.0.2 and 3.1.1, not " + offered);
        }
        clientGuid = guid.clone();
        List<NegotiateContext> contexts = offered == Dialect.SMB3_1_1 ? offer.requestContexts() : List.of();
        ByteBuf request = newRequest(Smb2Command.NEGOTIATE.code(), 0);
        try {
            new NegotiateRequest(NegotiateResponse.SIGNING_ENABLED, capabilities, guid, new int[] {offered.code()},
                    contexts)
                    .encode(request);
        } finally {
            contexts.forEach(c -> c.data().release());
        }
        byte[] requestBytes = ByteBufUtil.getBytes(request);
        send(request);
        RawResponse response = receive();
        if (response.status() != STATUS_SUCCESS) {
            throw new IllegalStateException("NEGOTIATE failed: " + response);
        }
        NegotiateResponse negotiated = NegotiateResponse.decode(response.buf());
        dialect = Dialect.fromCode(negotiated.dialectRevision());
        // [MS-SMB2] 3.2.5.2: 3.x without a signing context signs with AES-CMAC; 3.0.2 encrypts with AES-128-CCM.
        signingAlgorithm = SigningAlgorithm.AES_CMAC;
        cipher = CipherId.AES_128_CCM;
        if (dialect == Dialect.SMB3_1_1) {
            RawNegotiation.Chosen chosen = offer.chosen(negotiated);
            signingAlgorithm = chosen.signing();
            cipher = chosen.cipher();
            preauthHash = sha512(sha512(new byte[64], requestBytes), response.bytes());
        }
        receiver.cipher(cipher);
        return negotiated;
    }

    /**
     * SESSION_SETUP with NTLMv2 in raw NTLMSSP framing. On success the session's signing key is derived and the
     * final response's signature is verified with it ({@link RawResponse#signatureValid()}).
     *
     * @return the final response: STATUS_SUCCESS, or the failure the server answered
     */
    public RawResponse sessionSetup(String user, String password) throws IOException {
        NtlmInitiator ntlm = new NtlmInitiator(user, "", password, "RAWCLIENT");
        byte[] sessionHash = preauthHash;
        byte[] first = sessionSetupRequest(ntlm.negotiate());
        sessionHash = dialect == Dialect.SMB3_1_1 ? sha512(sessionHash, first) : null;
        sendBytes(first);
        RawResponse challenge = receive();
        if (challenge.status() != STATUS_MORE_PROCESSING_REQUIRED) {
            return challenge;
        }
        sessionId = challenge.header().sessionId();
        if (sessionHash != null) {
            sessionHash = sha512(sessionHash, challenge.bytes());
        }
        byte[] token = SessionSetupResponse.decode(challenge.buf()).securityBuffer();
        byte[] second = sessionSetupRequest(ntlm.authenticate(token));
        if (sessionHash != null) {
            sessionHash = sha512(sessionHash, second);
        }
        sendBytes(second);
        byte[] finalBytes = receiver.message();
        RawResponse done = RawResponse.parse(finalBytes, null);
        if (done.status() != STATUS_SUCCESS) {
            return done;
        }
        keys = RawTransform.keys(dialect, cipher, ntlm.sessionKey(), sessionHash);
        receiver.keys(sessionId, keys);
        signer = signingAlgorithm.newSigner(keys.signingKey());
        // [MS-SMB2] 3.3.5.5.3: the final SESSION_SETUP response of a 3.x session is signed with the new key.
        return RawResponse.parse(finalBytes, signer);
    }

    /**
     * One SESSION_SETUP whose security buffer is {@code token} as given (e.g. a SPNEGO token captured from another
     * logon), on this connection's session so far; the response is returned as it came, without deriving keys.
     */
    public RawResponse sessionSetupToken(byte[] token) throws IOException {
        sendBytes(sessionSetupRequest(token));
        RawResponse response = receive();
        if (response.status() == STATUS_MORE_PROCESSING_REQUIRED) {
            sessionId = response.header().sessionId();
        }
        return response;
    }

    /** The session requests are sent on now. */
    public RawSession session() {
        return new RawSession(sessionId, signer, keys);
    }

    /** Sends the following requests on {@code session} (one of this connection's, or one to attack with). */
    public void use(RawSession session) {
        this.sessionId = session.id();
        this.signer = session.signer();
        this.keys = session.keys();
        if (session.keys() != null) {
            receiver.keys(session.id(), session.keys());
        }
    }

    /**
     * Leaves the current session alone: further requests carry SessionId 0 and no signature, so the next
     * {@link #sessionSetup} starts another session on this connection instead of re-authenticating this one.
     */
    public void newSession() {
        use(new RawSession(0, null, null));
    }

    /**
     * Sends {@code message} (one request or a compound) inside a TRANSFORM message ([MS-SMB2] 2.2.41, 3.1.4.3)
     * naming {@code as} and encrypted with its client-to-server key under this connection's cipher. Takes and
     * releases {@code message}.
     */
    public void sendEncrypted(ByteBuf message, RawSession as) throws IOException {
        sendBytes(sealed(message, as));
    }

    /**
     * {@code message} sealed as {@link #sendEncrypted} would send it, to tamper with before sending it
     * ({@link #sendBytes}). Takes and releases {@code message}.
     */
    public byte[] sealed(ByteBuf message, RawSession as) {
        if (cipher == null) {
            message.release();
            throw new IllegalStateException("no cipher was negotiated on this " + dialect + " connection");
        }
        return RawTransform.seal(cipher, message, as);
    }

    /**
     * The responses of a compound, in order, from the next frame (interim responses are not skipped). Signatures
     * are checked with the current session's key.
     */
    public List<RawResponse> receiveCompound() throws IOException {
        return receiver.compound(signer);
    }

    /** TREE_CONNECT to {@code \\127.0.0.1\share}, signed. */
    public RawResponse treeConnect(String share) throws IOException {
        return call(Smb2Command.TREE_CONNECT.code(), 0,
                body -> new TreeConnectRequest(0, "\\\\127.0.0.1\\" + share).encode(body));
    }

    /** CLOSE of {@code fileId}, signed. */
    public RawResponse close(int treeId, FileId fileId) throws IOException {
        return call(Smb2Command.CLOSE.code(), treeId, body -> new CloseRequest(0, fileId).encode(body));
    }

    /** Sends a signed request with the next message id and returns its response. */
    public RawResponse call(int commandCode, int treeId, Consumer<ByteBuf> body) throws IOException {
        ByteBuf request = newRequest(commandCode, treeId);
        body.accept(request);
        send(sign(request));
        return receive();
    }

    /**
     * A request with the next message id: the 64-byte header (CreditCharge 1, this session, {@code treeId}, not
     * signed) at index 0; the caller writes the body after it.
     */
    public ByteBuf newRequest(int commandCode, int treeId) {
        return newRequest(commandCode, treeId, nextMessageId++);
    }

    /** A request with an explicit message id, e.g. one already used. */
    public ByteBuf newRequest(int commandCode, int treeId, long messageId) {
        ByteBuf buf = Unpooled.buffer();
        new Smb2Header()
                .creditCharge(1)
                .commandCode(commandCode)
                .credits(CREDITS_REQUESTED)
                .messageId(messageId)
                .treeId(treeId)
                .sessionId(sessionId)
                .write(buf);
        return buf;
    }

    /**
     * A multi-credit request ([MS-SMB2] 3.2.4.1.5): CreditCharge {@code charge}, consuming that many message ids from
     * the next one.
     */
    public ByteBuf newRequest(int commandCode, int treeId, int charge) {
        ByteBuf buf = newRequest(commandCode, treeId, nextMessageId);
        buf.setShortLE(Smb2Header.OFFSET_CREDIT_CHARGE, charge);
        nextMessageId += Math.max(1, charge);
        return buf;
    }

    /**
     * Sends {@code messages} as one compound chain ([MS-SMB2] 3.2.4.1.4) in one Direct TCP frame: each but the last
     * padded to 8 bytes and pointing at the next, each signed on its own; takes and releases the buffers.
     */
    public void sendCompound(List<ByteBuf> messages) throws IOException {
        ByteBuf frame = RawMessages.chain(messages, this::sign);
        try {
            sendBytes(ByteBufUtil.getBytes(frame));
        } finally {
            frame.release();
        }
    }

    /**
     * Sends {@code messages} as one compound chain inside one TRANSFORM message for this client's session
     * ({@link #sendEncrypted}): chained as {@link #sendCompound} chains them, not signed; takes and releases the
     * buffers.
     */
    public void sendEncryptedCompound(List<ByteBuf> messages) throws IOException {
        sendEncrypted(RawMessages.chain(messages, m -> m), session());
    }

    /** The message id the next {@link #newRequest(int, int)} will use. */
    public long nextMessageId() {
        return nextMessageId;
    }

    /** Sets SMB2_FLAGS_SIGNED and signs {@code message} in place with the session's signing key. */
    public ByteBuf sign(ByteBuf message) {
        if (signer == null) {
            throw new IllegalStateException("no session key yet");
        }
        return signWith(message, signer);
    }

    /** Sets SMB2_FLAGS_SIGNED and signs {@code message} in place with {@code with}, whoever's key that is. */
    public static ByteBuf signWith(ByteBuf message, MessageSigner with) {
        MessageSigner signer = with;
        int index = message.readerIndex();
        message.setIntLE(index + Smb2Header.OFFSET_FLAGS,
                message.getIntLE(index + Smb2Header.OFFSET_FLAGS) | Smb2Header.FLAG_SIGNED);
        signer.sign(message, index, message.readableBytes());
        return message;
    }

    /** Sends one message in a Direct TCP frame ([MS-SMB2] 2.1); takes and releases {@code message}. */
    public void send(ByteBuf message) throws IOException {
        sendBytes(RawMessages.bytes(message));
    }

    /** Sends {@code bytes} as they are, with no framing: a partial frame, a header alone. */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends {@code payload} as one Direct TCP frame, whatever it holds. */
    public void sendBytes(byte[] payload) throws IOException {
        byte[] frame = new byte[4 + payload.length];
        frame[1] = (byte) (payload.length >>> 16);      // a zero byte, then the 3-byte big-endian length
        frame[2] = (byte) (payload.length >>> 8);
        frame[3] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 4, payload.length);
        out.write(frame);
        out.flush();
    }

    /**
     * The next response, skipping interim STATUS_PENDING responses.
     *
     * @throws EOFException if the server closed the connection
     */
    public RawResponse receive() throws IOException {
        return receiver.next(signer);
    }

    /**
     * Waits for the server to close the connection.
     *
     * @return empty if it did (end of stream or reset); the response if the server answered instead
     * @throws java.net.SocketTimeoutException if it neither answered nor closed in time
     */
    public Optional<RawResponse> receiveUnlessClosed() throws IOException {
        return receiver.unlessClosed(signer);
    }

    public Dialect dialect() {
        return dialect;
    }

    public SigningAlgorithm signingAlgorithm() {
        return signingAlgorithm;
    }

    /** The cipher requests are encrypted with: AES-128-CCM at 3.0.2, the server's choice at 3.1.1 (null: none). */
    public CipherId cipher() {
        return cipher;
    }

    public long sessionId() {
        return sessionId;
    }

    /** True when bytes of a response are waiting to be read; does not wait for any. */
    public boolean responseWaiting() throws IOException {
        return receiver.waiting();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private byte[] sessionSetupRequest(byte[] token) {
        return RawMessages.bytes(sessionSetupMessage(0, token));
    }

    /**
     * A SESSION_SETUP request (unsigned, next message id, current SessionId) with {@code flags} ([MS-SMB2] 2.2.5:
     * SMB2_SESSION_FLAG_BINDING) and {@code token} as its security buffer, to send or to put in a compound.
     */
    public ByteBuf sessionSetupMessage(int flags, byte[] token) {
        ByteBuf request = newRequest(Smb2Command.SESSION_SETUP.code(), 0);
        new SessionSetupRequest(flags, SessionSetupRequest.SIGNING_ENABLED, 0, 0, Unpooled.wrappedBuffer(token))
                .encode(request);
        return request;
    }

    static byte[] sha512(byte[] previous, byte[] message) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-512");
            sha.update(previous);
            sha.update(message);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 unavailable", e);
        }
    }

    /** [MS-SMB2] 2.2.3 SMB2_GLOBAL_CAP_MULTI_CHANNEL, which a client that binds sessions announces. */
    public static final int CAP_MULTI_CHANNEL = 0x00000008;

    /** The 3.1.1 preauth hash of a logon started with {@link #sessionSetupStart} and not yet finished. */
    private byte[] startedSessionHash;

    /**
     * Binds {@code session}, established on another connection, to this connection as a new channel
     * ({@link RawChannelBinding}); on success this client goes on sending the session's requests signed with the
     * channel's key, on failure it stays on {@code session} as given.
     *
     * @return the final response: STATUS_SUCCESS, or the refusal the server answered
     */
    public RawResponse bind(RawSession session, String user, String password) throws IOException {
        return RawChannelBinding.bind(this, session, user, password);
    }

    /** This connection's 3.1.1 preauth integrity hash after NEGOTIATE ([MS-SMB2] 3.2.5.2); null below 3.1.1. */
    byte[] preauthHash() {
        return preauthHash;
    }

    /** The next message as it arrived (opened if encrypted), its signature not checked. */
    byte[] receiveMessage() throws IOException {
        return receiver.message();
    }

    /**
     * Re-authenticates the current session as {@code user} ([MS-SMB2] 3.2.4.2.2, 3.3.5.5.2): SESSION_SETUP legs
     * naming it, each signed with its signing key. The client keeps the session's keys, as the server does, and the
     * responses are verified with them.
     *
     * @return the final response
     */
    public RawResponse reauthenticate(String user, String password) throws IOException {
        NtlmInitiator ntlm = new NtlmInitiator(user, "", password, "RAWCLIENT");
        send(sign(sessionSetupMessage(0, ntlm.negotiate())));
        RawResponse challenge = receive();
        if (challenge.status() != STATUS_MORE_PROCESSING_REQUIRED) {
            return challenge;
        }
        byte[] token = SessionSetupResponse.decode(challenge.buf()).securityBuffer();
        send(sign(sessionSetupMessage(0, ntlm.authenticate(token))));
        return receive();
    }

    /**
     * The first leg of a logon with {@code ntlm} (NTLM NEGOTIATE), unsigned, on the current session (SessionId 0 for a
     * new one): the session is left in progress until {@link #sessionSetupFinish}. The client uses the SessionId the
     * server assigned, without a key yet.
     *
     * @return the server's answer: STATUS_MORE_PROCESSING_REQUIRED with the NTLM CHALLENGE, or a refusal
     */
    public RawResponse sessionSetupStart(NtlmInitiator ntlm) throws IOException {
        byte[] first = sessionSetupRequest(ntlm.negotiate());
        startedSessionHash = dialect == Dialect.SMB3_1_1 ? sha512(preauthHash, first) : null;
        sendBytes(first);
        RawResponse challenge = receive();
        if (challenge.status() == STATUS_MORE_PROCESSING_REQUIRED) {
            use(new RawSession(challenge.header().sessionId(), null, null));
            if (startedSessionHash != null) {
                startedSessionHash = sha512(startedSessionHash, challenge.bytes());
            }
        }
        return challenge;
    }

    /**
     * The second leg of a logon begun with {@link #sessionSetupStart}: the NTLM AUTHENTICATE answering
     * {@code challenge}; on success the session's keys are derived and the final response verified with them, as
     * {@link #sessionSetup} does.
     */
    public RawResponse sessionSetupFinish(NtlmInitiator ntlm, RawResponse challenge) throws IOException {
        byte[] token = SessionSetupResponse.decode(challenge.buf()).securityBuffer();
        byte[] second = sessionSetupRequest(ntlm.authenticate(token));
        byte[] hash = startedSessionHash == null ? null : sha512(startedSessionHash, second);
        startedSessionHash = null;
        sendBytes(second);
        byte[] finalBytes = receiver.message();
        if (RawResponse.parse(finalBytes, null).status() != STATUS_SUCCESS) {
            return RawResponse.parse(finalBytes, null);
        }
        keys = RawTransform.keys(dialect, cipher, ntlm.sessionKey(), hash);
        receiver.keys(sessionId, keys);
        signer = signingAlgorithm.newSigner(keys.signingKey());
        return RawResponse.parse(finalBytes, signer);
    }
}
