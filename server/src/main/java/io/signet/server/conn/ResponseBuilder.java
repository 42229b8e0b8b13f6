package io.signet.server.conn;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.crypto.MessageSigner;
import io.signet.protocol.crypto.transform.MessageEncryptor;
import io.signet.protocol.crypto.transform.TransformHeader;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.ErrorResponse;
import io.signet.protocol.status.NtStatus;
import java.util.function.Consumer;

/**
 * Assembles the responses to one frame (a single request or a compound chain) into one transport frame.
 *
 * <p>Handlers write their bodies straight into this buffer, so a READ response's data is copied once, from the file
 * into the frame. Each response is finished (NextCommand, 8-byte padding, signature) only when the next one starts
 * or the frame ends, because [MS-SMB2] 3.2.4.1.4 / 3.3.4.1.3 include the padding in the signed bytes.
 */
final class ResponseBuilder implements ResponseBody, AutoCloseable {
    /** [MS-SMB2] 2.1 Direct TCP transport: a zero byte, then the 24-bit length of the message that follows. */
    private static final int DIRECT_TCP_HEADER = 4;
    /** Room kept after appended data ({@link #append}). */
    private static final int TAIL = 4096;

    private ByteBuf frame;
    private final MessageEncryptor encryptor;
    private final long encryptSessionId;
    private int current = -1;
    private MessageSigner currentSigner;
    private Consumer<ByteBuf> currentHook;

    /**
     * @param encryptor when not null, the responses are encrypted as one TRANSFORM message for
     *                  {@code sessionId} ([MS-SMB2] 3.3.4.1.4) instead of being signed
     */
    ResponseBuilder(ByteBufAllocator alloc, MessageEncryptor encryptor, long sessionId) {
        this.encryptor = encryptor;
        this.encryptSessionId = sessionId;
        frame = startFrame(alloc, 4096);
        if (encryptor != null) {
            frame.writeZero(TransformHeader.SIZE);
        }
    }

    /** A builder taking over {@code frame}, in which the response at {@code current} is begun. */
    private ResponseBuilder(ByteBuf frame, MessageEncryptor encryptor, long sessionId, int current) {
        this.frame = frame;
        this.encryptor = encryptor;
        this.encryptSessionId = sessionId;
        this.current = current;
    }

    /**
     * Hands the frame, with the response begun in it (its only one), to a new builder that another thread finishes;
     * this one is left empty, with nothing to send or release.
     */
    ResponseBuilder handOver() {
        ResponseBuilder taken = new ResponseBuilder(frame, encryptor, encryptSessionId, current);
        frame = null;
        current = -1;
        return taken;
    }

    /**
     * Starts a response: writes its 64-byte header, echoing the request's signature field (when {@code request} is
     * not null), and returns the buffer positioned at the body.
     */
    ByteBuf begin(Smb2Header header, ByteBuf request) {
        if (current >= 0) {
            int padded = pad();
            Smb2Header.setNextCommand(frame, current, padded);
            seal();
        }
        current = frame.writerIndex();
        header.write(frame);
        if (request != null) {
            Smb2Header.copySignature(frame, current, request, request.readerIndex());
        }
        return frame;
    }

    /** Pads the current response to a multiple of 8 bytes and returns its padded length. */
    private int pad() {
        int length = frame.writerIndex() - current;
        int padded = (length + 7) & ~7;
        frame.writeZero(padded - length);
        return padded;
    }

    /** The frame under construction, for patching the current header. */
    @Override
    public ByteBuf buffer() {
        return frame;
    }

    /**
     * Appends {@code data} to the frame without copying it: the frame becomes a composite of what was written so far
     * and the pieces appended, and whatever is written after them goes into further pieces. Signing, encryption and
     * the socket all take a composite as they take one buffer.
     *
     * <p>Room of {@value #TAIL} bytes follows the data for what a compound writes next (padding, the next header, a
     * small body): a composite out of room grows by doubling, which past 4 MiB means a new part of up to 4 MiB,
     * fresh memory from the system, for a few bytes.
     */
    @Override
    public void append(ByteBuf data) {
        if (!(frame instanceof CompositeByteBuf)) {
            CompositeByteBuf composite = frame.alloc().compositeDirectBuffer(Integer.MAX_VALUE);
            composite.addComponent(true, frame);
            frame = composite;
        }
        CompositeByteBuf composite = (CompositeByteBuf) frame;
        // A composite adds components after its capacity, not at its writer index: room it grew into and did not
        // use (a response written after an earlier append) must go first, or that unwritten memory would be sent in
        // place of the data, and the data cut short.
        composite.capacity(composite.writerIndex());
        composite.addFlattenedComponents(true, data);
        composite.addComponent(false, frame.alloc().directBuffer(TAIL, TAIL));
    }

    @Override
    public boolean fitsInPlace(int bytes) {
        // A composite grows by megabytes of fresh memory at a time; a plain frame through Netty's pooled allocator.
        return !(frame instanceof CompositeByteBuf) || frame.writableBytes() >= bytes;
    }

    /** Index of the current response's header in the frame. */
    int currentStart() {
        return current;
    }

    /** Discards a partly written body (the handler failed) so an error body can replace it. */
    void resetBody() {
        frame.writerIndex(current + Smb2Header.SIZE);
    }

    void status(int code) {
        Smb2Header.setStatus(frame, current, code);
    }

    /** Writes [MS-SMB2] 2.2.2 SMB2 ERROR Response with no error data. */
    void errorBody(NtStatus status) {
        errorBody(status, new byte[0]);
    }

    /** Writes [MS-SMB2] 2.2.2 SMB2 ERROR Response carrying {@code data} as ErrorData. */
    void errorBody(NtStatus status, byte[] data) {
        resetBody();
        status(status.code());
        ErrorResponse body = data.length == 0 ? ErrorResponse.empty()
                : ErrorResponse.of(Unpooled.wrappedBuffer(data));
        body.encode(frame);
    }

    /**
     * Marks the current response to be signed with {@code signer} when it is finished. With no signer, a response
     * to a signed request keeps the echoed SIGNED flag and signature; any other stays unsigned.
     */
    void signWith(MessageSigner signer, Consumer<ByteBuf> hook) {
        this.currentSigner = signer;
        this.currentHook = hook;
        int flags = Smb2Header.readFlags(frame, current);
        if (encryptor != null) {
            // An encrypted message is not also signed ([MS-SMB2] 3.3.4.1.1).
            this.currentSigner = null;
            Smb2Header.setFlags(frame, current, flags & ~Smb2Header.FLAG_SIGNED);
            Smb2Header.clearSignature(frame, current);
        } else if (signer != null) {
            Smb2Header.setFlags(frame, current, flags | Smb2Header.FLAG_SIGNED);
        } else if ((flags & Smb2Header.FLAG_SIGNED) == 0) {
            Smb2Header.clearSignature(frame, current);
        }
    }

    private void seal() {
        int length = frame.writerIndex() - current;
        if (currentSigner != null) {
            currentSigner.sign(frame, current, length);
        }
        if (currentHook != null) {
            currentHook.accept(frame.slice(current, length));
        }
        currentSigner = null;
        currentHook = null;
    }

    /**
     * Finishes the last response and hands the frame over; the caller now owns it.
     *
     * @param compound true when the request was a compound chain: its last response is padded too
     */
    ByteBuf finish(boolean compound) {
        if (compound) {
            pad();
        }
        seal();
        if (encryptor != null) {
            int start = DIRECT_TCP_HEADER + TransformHeader.SIZE;
            // The session's channels share one encryptor (one key, one nonce counter): one thread at a time.
            synchronized (encryptor) {
                encryptor.encrypt(frame, DIRECT_TCP_HEADER, frame.writerIndex() - start, encryptSessionId);
            }
        }
        endFrame(frame);
        ByteBuf out = frame;
        frame = null;
        return out;
    }

    /** The length the Direct TCP header will carry so far: everything after it, unpadded. */
    long frameLength() {
        return frame.writerIndex() - (long) DIRECT_TCP_HEADER;
    }

    /** A new transport frame, its Direct TCP header left for {@link #endFrame} to fill in. */
    static ByteBuf startFrame(ByteBufAllocator alloc, int capacity) {
        ByteBuf frame = alloc.ioBuffer(capacity);
        frame.writeInt(0);
        return frame;
    }

    /** Writes the Direct TCP header of a frame {@link #startFrame} began: the length of everything after it. */
    static void endFrame(ByteBuf frame) {
        frame.setInt(0, frame.writerIndex() - DIRECT_TCP_HEADER);
    }

    boolean isEmpty() {
        return current < 0;
    }

    @Override
    public void close() {
        if (frame != null) {
            frame.release();
            frame = null;
        }
    }
}
