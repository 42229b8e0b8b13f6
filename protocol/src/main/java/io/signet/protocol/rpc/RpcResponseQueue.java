package io.signet.protocol.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The PDUs a pipe has answered and the client has not read yet, oldest first. Splits a response stub into fragments
 * and hands each PDU out in reads no larger than the client asks for.
 */
final class RpcResponseQueue {

    private final ArrayDeque<ByteBuf> pdus = new ArrayDeque<>();
    private int pendingBytes;

    /** Encodes one PDU with {@code encoder} and queues it. */
    void enqueue(Consumer<ByteBuf> encoder) {
        ByteBuf out = Unpooled.buffer();
        encoder.accept(out);
        pendingBytes += out.readableBytes();
        pdus.addLast(out);
    }

    /** Queues a fault PDU ([C706] 12.6.4.7) for the call. */
    void fault(int callId, int contextId, int status, boolean didNotExecute) {
        enqueue(out -> new FaultPdu(contextId, status, didNotExecute).encode(out, callId));
    }

    /**
     * Splits the response stub into fragments no larger than the client's max_recv_frag ([C706] 12.6.1); every
     * fragment but the last carries a multiple of 8 stub bytes, so NDR alignment survives reassembly.
     */
    void respond(int callId, int contextId, ByteBuf stub, int transmitFragment) {
        int chunk = (transmitFragment - PduHeader.SIZE - 8) & ~7;
        boolean first = true;
        do {
            int remaining = stub.readableBytes();
            int n = Math.min(chunk, remaining);
            int flags = (first ? PduHeader.PFC_FIRST_FRAG : 0) | (n == remaining ? PduHeader.PFC_LAST_FRAG : 0);
            ByteBuf piece = stub.readSlice(n);
            enqueue(out -> new ResponsePdu(remaining, contextId, piece).encode(out, flags, callId));
            first = false;
        } while (stub.isReadable());
    }

    /** See {@link RpcPipe#read}. */
    PipeRead read(int max, ByteBufAllocator alloc) {
        ByteBuf head = pdus.peekFirst();
        if (head == null || max <= 0) {
            return new PipeRead(alloc.buffer(0), head != null);
        }
        int n = Math.min(max, head.readableBytes());
        ByteBuf out = alloc.buffer(n);
        out.writeBytes(head, n);
        pendingBytes -= n;
        if (!head.isReadable()) {
            pdus.removeFirst().release();
            return new PipeRead(out, false);
        }
        return new PipeRead(out, true);
    }

    boolean isEmpty() {
        return pdus.isEmpty();
    }

    /** Queued bytes the client has not read. */
    int pendingBytes() {
        return pendingBytes;
    }

    /** Releases every queued PDU. */
    void clear() {
        pdus.forEach(ByteBuf::release);
        pdus.clear();
        pendingBytes = 0;
    }
}
