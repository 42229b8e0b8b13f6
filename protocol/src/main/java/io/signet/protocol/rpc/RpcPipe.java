package io.signet.protocol.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.signet.protocol.rpc.ndr.NdrReader;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One DCE/RPC connection-oriented conversation ([C706] chapter 12, [MS-RPCE] 3.3.1.5) over one open of a
 * named pipe such as {@code \PIPE\srvsvc}. The server feeds what the client writes into {@link #write} and hands out
 * what {@link #read} returns; framing, bind negotiation, fragment reassembly and splitting, and faults all happen here.
 *
 * <p>Malformed input never throws: a bad bind is answered with bind_nak, a bad request or alter_context with a fault
 * PDU, and bytes that cannot even be framed (frag_length below the 16-byte header) mark the pipe broken, after which
 * input is ignored and the server should fail further I/O on the open (STATUS_PIPE_BROKEN) and close it.
 *
 * <p>Not thread-safe: the server serializes I/O on one open. Call {@link #close()} when the open is closed.
 */
public final class RpcPipe implements AutoCloseable {
    /** The largest fragment Signet sends or announces receiving; Windows uses 4280 on named pipes. */
    public static final int MAX_FRAGMENT = 4280;
    /** Fragment sizes below this cannot carry a useful response; such binds are refused with bind_nak. */
    static final int MIN_FRAGMENT = 64;
    /** A request reassembled from fragments may carry at most this much stub data. */
    public static final int MAX_REQUEST_STUB = 1 << 20;
    /**
     * Fragments one request may arrive in. A client cuts a request at the fragment size the bind negotiated, at least
     * {@link #MIN_FRAGMENT} bytes (40 of stub after the 24-byte request header), so a {@link #MAX_REQUEST_STUB} stub
     * takes at most 26,215 of them; more can only be empty or tiny fragments sent to keep the server busy.
     */
    public static final int MAX_REQUEST_FRAGMENTS = 32_768;
    /** Response bytes a client may leave unread before the pipe is declared broken. */
    static final int MAX_PENDING_OUTPUT = 8 << 20;
    /** Presentation contexts one association may hold. */
    static final int MAX_CONTEXTS = 32;

    private static final AtomicInteger ASSOC_GROUPS = new AtomicInteger(0x5ea1);

    private final CallContext caller;
    private final String secondaryAddress;
    private final List<RpcInterface> interfaces;
    private final ByteBuf inbound = Unpooled.buffer(PduHeader.SIZE, 0xFFFF);
    private final ArrayDeque<ByteBuf> outbound = new ArrayDeque<>();
    private final Map<Integer, RpcInterface> contexts = new HashMap<>();
    private int pendingOutput;
    private boolean bound;
    private boolean broken;
    private int transmitFragment = MAX_FRAGMENT;
    private int assocGroupId;

    /**
     * Stub of a request whose first fragment came and whose last has not, or null: one buffer that grows with the
     * stub bytes (up to {@link #MAX_REQUEST_STUB}), so fragments cost memory only for the stub they carry.
     */
    private ByteBuf partialStub;
    private int partialFragments;
    private int partialCallId;
    private int partialContextId;
    private int partialOpnum;
    /** A call whose remaining fragments are dropped because it already ended in a fault; -1 for none. */
    private long discardedCallId = -1;

    /**
     * @param caller the session that opened the pipe
     * @param pipeName the pipe's name without {@code \PIPE\} ("srvsvc"), announced as the bind_ack secondary address
     *        {@code \PIPE\srvsvc} ([C706] 12.6.4.4 sec_addr, as Windows fills it for ncacn_np)
     * @param interfaces the interfaces a client may bind on this pipe
     */
    public RpcPipe(CallContext caller, String pipeName, RpcInterface... interfaces) {
        this.caller = Objects.requireNonNull(caller, "caller");
        this.secondaryAddress = "\\PIPE\\" + Objects.requireNonNull(pipeName, "pipeName");
        this.interfaces = List.of(interfaces);
    }

    /**
     * Takes the readable bytes of {@code in} (an SMB2 WRITE, or the input of FSCTL_PIPE_TRANSCEIVE): whole PDUs, a part
     * of one, or several. Advances {@code in}'s reader index; does not release it. Never throws on bad input.
     */
    public void write(ByteBuf in) {
        while (!broken && in.isReadable()) {
            // Copy no further than the end of the current fragment, so at most one fragment (64 KiB) is ever held
            if (inbound.readableBytes() < 10) {
                inbound.writeBytes(in, Math.min(10 - inbound.readableBytes(), in.readableBytes()));
                continue;
            }
            int fragLength = PduHeader.peekFragLength(inbound, inbound.readerIndex());
            if (fragLength < PduHeader.SIZE) {
                breakPipe();
                break;
            }
            inbound.writeBytes(in, Math.min(fragLength - inbound.readableBytes(), in.readableBytes()));
            if (inbound.readableBytes() == fragLength) {
                handle(inbound);
                inbound.clear();
                if (pendingOutput > MAX_PENDING_OUTPUT) {
                    breakPipe(); // the client writes calls and never reads the answers
                }
            }
        }
        in.skipBytes(in.readableBytes());
    }

    /**
     * Returns up to {@code max} bytes of the oldest pending response PDU; never bytes of two PDUs at once. The buffer
     * is empty when nothing is pending. {@link PipeRead#messageIncomplete()} says the PDU has more bytes, which the
     * server reports as STATUS_BUFFER_OVERFLOW; the next read continues it. With {@code max} 0 no bytes are taken and
     * {@code messageIncomplete} says whether a PDU is waiting.
     */
    public PipeRead read(int max, ByteBufAllocator alloc) {
        ByteBuf head = outbound.peekFirst();
        if (head == null || max <= 0) {
            return new PipeRead(alloc.buffer(0), head != null);
        }
        int n = Math.min(max, head.readableBytes());
        ByteBuf out = alloc.buffer(n);
        out.writeBytes(head, n);
        pendingOutput -= n;
        if (!head.isReadable()) {
            outbound.removeFirst().release();
            return new PipeRead(out, false);
        }
        return new PipeRead(out, true);
    }

    public boolean hasPendingOutput() {
        return !outbound.isEmpty();
    }

    /** Whether the byte stream could not be framed; the server should fail I/O on the open from now on. */
    public boolean isBroken() {
        return broken;
    }

    /** Bytes held for input not yet answered: a partial fragment and a partial request. For bounds tests. */
    int bufferedInputBytes() {
        return (inbound.refCnt() > 0 ? inbound.capacity() : 0) + (partialStub == null ? 0 : partialStub.capacity());
    }

    @Override
    public void close() {
        outbound.forEach(ByteBuf::release);
        outbound.clear();
        pendingOutput = 0;
        dropPartialCall();
        if (inbound.refCnt() > 0) {
            inbound.release();
        }
        broken = true;
    }

    private void breakPipe() {
        broken = true;
        inbound.clear();
        dropPartialCall();
    }

    /** Handles one framed PDU of exactly frag_length bytes, starting at index 0 of {@code pdu}. */
    private void handle(ByteBuf pdu) {
        int versionMajor = pdu.getUnsignedByte(0);
        PduHeader header = PduHeader.decode(pdu);
        boolean isBind = header.type() == PduHeader.BIND;
        if (versionMajor != PduHeader.RPC_VERSION) {
            // [C706] 12.6.4.5 bind_nak: a bind in a version the server does not speak is refused with the versions it does
            rejectOrFault(header, isBind, BindNakPdu.PROTOCOL_VERSION_NOT_SUPPORTED);
            return;
        }
        if ((header.dataRepresentation() & 0xFFFF) != PduHeader.DREP_LITTLE_ENDIAN_ASCII_IEEE) {
            // Every client Signet serves sends little-endian ASCII IEEE; converting other representations is not done.
            // The last two drep bytes are reserved ([C706] 12.6.3.1) and not checked
            rejectOrFault(header, isBind, BindNakPdu.REASON_NOT_SPECIFIED);
            return;
        }
        int bodyEnd = header.fragLength();
        if (header.authLength() > 0) {
            bodyEnd -= header.authLength() + PduHeader.SEC_TRAILER_SIZE;
            if (bodyEnd < PduHeader.SIZE) {
                rejectOrFault(header, isBind, BindNakPdu.REASON_NOT_SPECIFIED);
                return;
            }
        }
        ByteBuf body = pdu.slice(PduHeader.SIZE, bodyEnd - PduHeader.SIZE);
        try {
            switch (header.type()) {
                case PduHeader.BIND -> bind(header, body);
                case PduHeader.ALTER_CONTEXT -> alterContext(header, body);
                case PduHeader.REQUEST -> request(header, body);
                // [C706] 12.6.4.6 cancel, 12.6.4.8 orphaned, [MS-RPCE] 2.2.2.10 rpc_auth_3: no response to these; there is no security context to finish
                // and a cancel cannot reach a call that runs to completion inside write()
                case PduHeader.AUTH3, PduHeader.CO_CANCEL -> { }
                case PduHeader.ORPHANED -> {
                    if (partialStub != null && partialCallId == header.callId()) {
                        dropPartialCall();
                    }
                }
                default -> fault(header.callId(), 0, FaultStatus.NCA_S_PROTO_ERROR, true);
            }
        } catch (RpcFault malformed) {
            rejectOrFault(header, isBind, BindNakPdu.REASON_NOT_SPECIFIED);
        }
    }

    private void rejectOrFault(PduHeader header, boolean isBind, int nakReason) {
        if (isBind) {
            enqueue(out -> new BindNakPdu(nakReason).encode(out, header.callId()));
        } else {
            fault(header.callId(), 0, FaultStatus.NCA_S_PROTO_ERROR, true);
        }
    }

    private void bind(PduHeader header, ByteBuf body) {
        BindPdu bind = BindPdu.decodeBody(body);
        if (bound) {
            // [C706] chapter 12: one bind per association; further contexts come with alter_context
            enqueue(out -> new BindNakPdu(BindNakPdu.REASON_NOT_SPECIFIED).encode(out, header.callId()));
            return;
        }
        if (header.authLength() > 0) {
            // Signet offers no RPC-level security on pipes; the SMB2 session already authenticated the caller
            enqueue(out -> new BindNakPdu(BindNakPdu.AUTHENTICATION_TYPE_NOT_RECOGNIZED).encode(out, header.callId()));
            return;
        }
        if (bind.maxRecvFrag() < MIN_FRAGMENT) {
            enqueue(out -> new BindNakPdu(BindNakPdu.LOCAL_LIMIT_EXCEEDED).encode(out, header.callId()));
            return;
        }
        int transmit = Math.min(bind.maxRecvFrag(), MAX_FRAGMENT);
        int receive = Math.min(Math.max(bind.maxXmitFrag(), MIN_FRAGMENT), MAX_FRAGMENT);
        int group = bind.assocGroupId() != 0 ? bind.assocGroupId() : ASSOC_GROUPS.incrementAndGet();
        Map<Integer, RpcInterface> accepted = new HashMap<>();
        List<ContextResult> results = negotiate(bind.contexts(), accepted);
        BindAckPdu ack = new BindAckPdu(transmit, receive, group, secondaryAddress, results);
        if (ack.encodedSize() > transmit) {
            // So many contexts that the answer would not fit one fragment, and bind_ack cannot be fragmented
            enqueue(out -> new BindNakPdu(BindNakPdu.LOCAL_LIMIT_EXCEEDED).encode(out, header.callId()));
            return;
        }
        bound = true;
        transmitFragment = transmit;
        assocGroupId = group;
        contexts.putAll(accepted);
        enqueue(out -> ack.encode(out, 0, PduHeader.BIND_ACK, header.callId()));
    }

    private void alterContext(PduHeader header, ByteBuf body) {
        if (!bound || header.authLength() > 0) {
            fault(header.callId(), 0, FaultStatus.NCA_S_PROTO_ERROR, true);
            return;
        }
        BindPdu alter = BindPdu.decodeBody(body);
        Map<Integer, RpcInterface> accepted = new HashMap<>();
        List<ContextResult> results = negotiate(alter.contexts(), accepted);
        // [C706] 12.6.4.2: alter_context_resp carries no secondary address
        BindAckPdu resp = new BindAckPdu(transmitFragment, MAX_FRAGMENT, assocGroupId, "", results);
        if (resp.encodedSize() > transmitFragment) {
            fault(header.callId(), 0, FaultStatus.NCA_S_PROTO_ERROR, true);
            return;
        }
        contexts.putAll(accepted);
        enqueue(out -> resp.encode(out, 0, PduHeader.ALTER_CONTEXT_RESP, header.callId()));
    }

    /**
     * Answers each proposed context ([C706] 12.6.3.1 p_result_t, [MS-RPCE] 3.3.1.5.3): NDR20 on a known interface is
     * accepted; a bind time feature negotiation syntax gets negotiate_ack with no features (Signet neither multiplexes
     * security contexts nor keeps orphaned connections); anything else is rejected with the reason that applies.
     */
    private List<ContextResult> negotiate(List<ContextElement> proposed, Map<Integer, RpcInterface> accepted) {
        List<ContextResult> results = new ArrayList<>(proposed.size());
        for (ContextElement element : proposed) {
            results.add(negotiateOne(element, accepted));
        }
        return results;
    }

    private ContextResult negotiateOne(ContextElement element, Map<Integer, RpcInterface> accepted) {
        for (SyntaxId transfer : element.transferSyntaxes()) {
            if (transfer.isBindTimeFeatureNegotiation()) {
                return new ContextResult(ContextResult.NEGOTIATE_ACK, 0, SyntaxId.NONE);
            }
        }
        RpcInterface target = null;
        for (RpcInterface candidate : interfaces) {
            SyntaxId offered = candidate.syntax();
            // [C706] chapter 12: the major versions must match and the server's minor version be at least the client's
            if (offered.uuid().equals(element.abstractSyntax().uuid())
                    && offered.versionMajor() == element.abstractSyntax().versionMajor()
                    && offered.versionMinor() >= element.abstractSyntax().versionMinor()) {
                target = candidate;
            }
        }
        if (target == null) {
            return rejection(ContextResult.ABSTRACT_SYNTAX_NOT_SUPPORTED);
        }
        if (!element.transferSyntaxes().contains(SyntaxId.NDR20)) {
            return rejection(ContextResult.PROPOSED_TRANSFER_SYNTAXES_NOT_SUPPORTED);
        }
        RpcInterface existing = contexts.getOrDefault(element.contextId(), accepted.get(element.contextId()));
        if (existing != null && existing != target) {
            return rejection(ContextResult.REASON_NOT_SPECIFIED); // a context id cannot change its interface
        }
        if (existing == null && contexts.size() + accepted.size() >= MAX_CONTEXTS) {
            return rejection(ContextResult.LOCAL_LIMIT_EXCEEDED);
        }
        accepted.put(element.contextId(), target);
        return new ContextResult(ContextResult.ACCEPTANCE, 0, SyntaxId.NDR20);
    }

    private static ContextResult rejection(int reason) {
        return new ContextResult(ContextResult.PROVIDER_REJECTION, reason, SyntaxId.NONE);
    }

    /** [C706] 12.6.1 fragmentation: collects fragments until PFC_LAST_FRAG, then runs the call. */
    private void request(PduHeader header, ByteBuf body) {
        int callId = header.callId();
        boolean first = (header.flags() & PduHeader.PFC_FIRST_FRAG) != 0;
        boolean last = (header.flags() & PduHeader.PFC_LAST_FRAG) != 0;
        if (!first && discardedCallId == Integer.toUnsignedLong(callId)) {
            if (last) {
                discardedCallId = -1;
            }
            return; // the rest of a call that was already answered with a fault
        }
        discardedCallId = -1;
        RequestPdu request = RequestPdu.decodeBody(body, header.flags());
        if (header.authLength() > 0) {
            failCall(callId, request.contextId(), FaultStatus.NCA_S_PROTO_ERROR, last);
            return;
        }
        if (first) {
            dropPartialCall();
            partialStub = Unpooled.buffer(Math.min(request.stub().readableBytes(), MAX_REQUEST_STUB),
                    MAX_REQUEST_STUB);
            partialFragments = 0;
            partialCallId = callId;
            partialContextId = request.contextId();
            partialOpnum = request.opnum();
        } else if (partialStub == null || partialCallId != callId) {
            dropPartialCall();
            failCall(callId, request.contextId(), FaultStatus.NCA_S_PROTO_ERROR, last);
            return;
        }
        if (partialStub.readableBytes() + (long) request.stub().readableBytes() > MAX_REQUEST_STUB
                || ++partialFragments > MAX_REQUEST_FRAGMENTS) {
            dropPartialCall();
            failCall(callId, request.contextId(), FaultStatus.NCA_S_FAULT_REMOTE_NO_MEMORY, last);
            return;
        }
        partialStub.writeBytes(request.stub(), request.stub().readerIndex(), request.stub().readableBytes());
        if (!last) {
            return;
        }
        ByteBuf stub = partialStub;
        partialStub = null;
        try {
            dispatch(callId, partialContextId, partialOpnum, stub);
        } finally {
            stub.release();
        }
    }

    private void failCall(int callId, int contextId, int status, boolean last) {
        fault(callId, contextId, status, true);
        if (!last) {
            discardedCallId = Integer.toUnsignedLong(callId);
        }
    }

    private void dispatch(int callId, int contextId, int opnum, ByteBuf stub) {
        if (!bound) {
            fault(callId, contextId, FaultStatus.NCA_S_PROTO_ERROR, true);
            return;
        }
        RpcInterface target = contexts.get(contextId);
        if (target == null) {
            fault(callId, contextId, FaultStatus.NCA_S_UNK_IF, true);
            return;
        }
        ByteBuf result;
        try {
            result = target.invoke(opnum, new NdrReader(stub), caller);
        } catch (RpcFault f) {
            fault(callId, contextId, f.status(), f.status() == FaultStatus.NCA_S_OP_RNG_ERROR);
            return;
        } catch (RuntimeException unexpected) {
            // A defect in an interface must not escape into the SMB2 connection; the client sees a failed call
            fault(callId, contextId, FaultStatus.NCA_S_FAULT_UNSPEC, false);
            return;
        }
        try {
            respond(callId, contextId, result);
        } finally {
            result.release();
        }
    }

    /**
     * Splits the response stub into fragments no larger than the client's max_recv_frag ([C706] 12.6.1); every
     * fragment but the last carries a multiple of 8 stub bytes, so NDR alignment survives reassembly.
     */
    private void respond(int callId, int contextId, ByteBuf stub) {
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

    private void fault(int callId, int contextId, int status, boolean didNotExecute) {
        enqueue(out -> new FaultPdu(contextId, status, didNotExecute).encode(out, callId));
    }

    private void enqueue(java.util.function.Consumer<ByteBuf> encoder) {
        ByteBuf out = Unpooled.buffer();
        encoder.accept(out);
        pendingOutput += out.readableBytes();
        outbound.addLast(out);
    }

    private void dropPartialCall() {
        if (partialStub != null) {
            partialStub.release();
            partialStub = null;
        }
    }
}
