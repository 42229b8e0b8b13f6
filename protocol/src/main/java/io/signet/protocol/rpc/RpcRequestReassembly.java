package io.signet.protocol.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Collects the fragments of one request PDU ([C706] 12.6.1 fragmentation) into its stub, within
 * {@link RpcPipe#MAX_REQUEST_STUB} bytes and {@link RpcPipe#MAX_REQUEST_FRAGMENTS} fragments; a call that breaks the
 * rules is answered with a fault and its remaining fragments are dropped.
 */
final class RpcRequestReassembly {

    /** A request whose last fragment came; whoever takes it releases {@code stub}. */
    record Call(int callId, int contextId, int opnum, ByteBuf stub) {
    }

    private final RpcResponseQueue responses;

    /**
     * Stub of a request whose first fragment came and whose last has not, or null: one buffer that grows with the
     * stub bytes (up to {@link RpcPipe#MAX_REQUEST_STUB}), so fragments cost memory only for the stub they carry.
     */
    private ByteBuf partialStub;
    private int partialFragments;
    private int partialCallId;
    private int partialContextId;
    private int partialOpnum;
    /** A call whose remaining fragments are dropped because it already ended in a fault; -1 for none. */
    private long discardedCallId = -1;

    /** @param responses where faults for calls that break the fragment rules go */
    RpcRequestReassembly(RpcResponseQueue responses) {
        this.responses = responses;
    }

    /**
     * Takes one request fragment; returns the whole call when this fragment was its last, otherwise {@code null}.
     * Throws {@link RpcFault} on a body that does not decode.
     */
    Call accept(PduHeader header, ByteBuf body) {
        int callId = header.callId();
        boolean first = (header.flags() & PduHeader.PFC_FIRST_FRAG) != 0;
        boolean last = (header.flags() & PduHeader.PFC_LAST_FRAG) != 0;
        if (!first && discardedCallId == Integer.toUnsignedLong(callId)) {
            if (last) {
                discardedCallId = -1;
            }
            return null; // the rest of a call that was already answered with a fault
        }
        discardedCallId = -1;
        RequestPdu request = RequestPdu.decodeBody(body, header.flags());
        if (header.authLength() > 0) {
            failCall(callId, request.contextId(), FaultStatus.NCA_S_PROTO_ERROR, last);
            return null;
        }
        if (first) {
            drop();
            partialStub = Unpooled.buffer(Math.min(request.stub().readableBytes(), RpcPipe.MAX_REQUEST_STUB),
                    RpcPipe.MAX_REQUEST_STUB);
            partialFragments = 0;
            partialCallId = callId;
            partialContextId = request.contextId();
            partialOpnum = request.opnum();
        } else if (partialStub == null || partialCallId != callId) {
            drop();
            failCall(callId, request.contextId(), FaultStatus.NCA_S_PROTO_ERROR, last);
            return null;
        }
        if (partialStub.readableBytes() + (long) request.stub().readableBytes() > RpcPipe.MAX_REQUEST_STUB
                || ++partialFragments > RpcPipe.MAX_REQUEST_FRAGMENTS) {
            drop();
            failCall(callId, request.contextId(), FaultStatus.NCA_S_FAULT_REMOTE_NO_MEMORY, last);
            return null;
        }
        partialStub.writeBytes(request.stub(), request.stub().readerIndex(), request.stub().readableBytes());
        if (!last) {
            return null;
        }
        ByteBuf stub = partialStub;
        partialStub = null;
        return new Call(callId, partialContextId, partialOpnum, stub);
    }

    /** [C706] 12.6.4.8 orphaned: the client abandons the call being collected, if it is {@code callId}. */
    void orphaned(int callId) {
        if (partialStub != null && partialCallId == callId) {
            drop();
        }
    }

    /** Forgets the call being collected and frees its stub. */
    void drop() {
        if (partialStub != null) {
            partialStub.release();
            partialStub = null;
        }
    }

    /** Bytes held for the call being collected. */
    int bufferedBytes() {
        return partialStub == null ? 0 : partialStub.capacity();
    }

    private void failCall(int callId, int contextId, int status, boolean last) {
        responses.fault(callId, contextId, status, true);
        if (!last) {
            discardedCallId = Integer.toUnsignedLong(callId);
        }
    }
}
