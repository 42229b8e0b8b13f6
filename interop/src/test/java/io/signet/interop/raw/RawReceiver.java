package io.signet.interop.raw;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.protocol.crypto.MessageSigner;
import io.signet.protocol.crypto.SessionKeys;
import io.signet.protocol.crypto.transform.CipherId;
import io.signet.protocol.crypto.transform.TransformHeader;
import io.signet.protocol.smb2.Smb2Header;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The receiving half of {@link RawSmb2Client}: Direct TCP frames ([MS-SMB2] 2.1) in, encrypted ones opened with the
 * server-to-client key of the session they name ([MS-SMB2] 3.2.5.1.1.1), compounds split, and each response's
 * signature checked with the verifier the client passes.
 */
final class RawReceiver {
    private static final int MAX_FRAME = 1 << 24;
    /** [MS-ERREF] 2.3.1 STATUS_PENDING: an interim response ([MS-SMB2] 3.3.4.2). */
    private static final int STATUS_PENDING = 0x00000103;

    private final DataInputStream in;
    /** Keys of every session the client logged on, to open encrypted responses whichever session they are for. */
    private final Map<Long, SessionKeys> sessionKeys = new HashMap<>();
    /** Nonce and SessionId fields of every encrypted response received (hex), to catch a reused nonce. */
    private final Set<String> receivedNonces = new HashSet<>();
    private CipherId cipher;

    RawReceiver(InputStream in) {
        this.in = new DataInputStream(in);
    }

    /** The connection's cipher, once negotiated (null: none). */
    void cipher(CipherId negotiated) {
        this.cipher = negotiated;
    }

    /** Remembers a session's keys, to open what the server encrypts for it. */
    void keys(long sessionId, SessionKeys keys) {
        sessionKeys.put(sessionId, keys);
    }

    /** The next response, skipping interim STATUS_PENDING responses; signatures checked with {@code verifier}. */
    RawResponse next(MessageSigner verifier) throws IOException {
        while (true) {
            RawResponse response = RawResponse.parse(message(), verifier);
            boolean interim = response.status() == STATUS_PENDING
                    && response.header().hasFlag(Smb2Header.FLAG_ASYNC_COMMAND);
            if (!interim) {
                return response;
            }
        }
    }

    /** The next response, or empty if the server closed the connection (end of stream or reset). */
    Optional<RawResponse> unlessClosed(MessageSigner verifier) throws IOException {
        try {
            return Optional.of(RawResponse.parse(message(), verifier));
        } catch (EOFException | SocketException closed) {
            return Optional.empty();
        }
    }

    /** The responses of the compound in the next frame, in order (interim responses are not skipped). */
    List<RawResponse> compound(MessageSigner verifier) throws IOException {
        byte[] frame = message();
        List<RawResponse> responses = new ArrayList<>();
        int index = 0;
        while (true) {
            int next = Unpooled.wrappedBuffer(frame).getIntLE(index + Smb2Header.OFFSET_NEXT_COMMAND);
            int length = next == 0 ? frame.length - index : next;
            responses.add(RawResponse.parse(Arrays.copyOfRange(frame, index, index + length), verifier));
            if (next == 0) {
                return responses;
            }
            index += next;
        }
    }

    /** True when bytes of a response are waiting to be read; does not wait for any. */
    boolean waiting() throws IOException {
        return in.available() > 0;
    }

    /** The next frame's message, opened if it came encrypted. */
    byte[] message() throws IOException {
        int header = in.readInt();
        if ((header >>> 24) != 0) {
            throw new IOException("not a Direct TCP frame: first byte 0x" + Integer.toHexString(header >>> 24));
        }
        int length = header & 0x00FFFFFF;
        if (length < Smb2Header.SIZE || length > MAX_FRAME) {
            throw new IOException("frame of " + length + " bytes cannot hold an SMB2 response");
        }
        byte[] message = new byte[length];
        in.readFully(message);
        if (length > TransformHeader.SIZE && (message[0] & 0xFF) == 0xFD) {
            return open(message);
        }
        return message;
    }

    private byte[] open(byte[] message) throws IOException {
        SessionKeys k = sessionKeys.get(Unpooled.wrappedBuffer(message).getLongLE(TransformHeader.OFFSET_SESSION_ID));
        if (k == null || cipher == null) {
            throw new IOException("encrypted response for a session this client has no keys of");
        }
        // [MS-SMB2] 3.1.4.3: a nonce is never reused under a key; a repeat here is the server's fault.
        String nonce = ByteBufUtil.hexDump(message, TransformHeader.OFFSET_NONCE, TransformHeader.NONCE_FIELD_LENGTH)
                + ByteBufUtil.hexDump(message, TransformHeader.OFFSET_SESSION_ID, Long.BYTES);
        if (!receivedNonces.add(nonce)) {
            throw new IOException("the server reused the nonce and SessionId of an earlier encrypted response");
        }
        return RawTransform.open(cipher, message, k);
    }
}
