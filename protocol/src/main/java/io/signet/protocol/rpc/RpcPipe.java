package io.signet.protocol.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.signet.protocol.rpc.ndr.NdrReader;

import java.util.List;
import java.util.Objects;

/**
 * One DCE/RPC connection-oriented conversation ([C706] chapter 12, [MS-RPCE] 3.3.1.5) over one open of a
 * named pipe such as {@code \PIPE\srvsvc}. The server feeds what the client writes into {@link #write} and hands out
 * what {@link #read} returns. The pipe frames the byte stream into PDUs and dispatches calls to the interfaces;
 * {@link RpcAssociation} negotiates bind and alter_context, {@link RpcRequestReassembly} joins request fragments and
 * {@link RpcResponseQueue} splits responses and holds them until the client reads them.
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

    private final CallContext caller;
    private final String name;
    private final ByteBuf inbound = Unpooled.buffer(PduHeader.SIZE, 0xFFFF);
    private final RpcResponseQueue responses = new RpcResponseQueue();
    private final RpcAssociation association;
    private final RpcRequestReassembly requests = new RpcRequestReassembly(responses);
    private boolean broken;

    /**
     * @param caller the session that opened the pipe
     * @param pipeName the pipe's name without {@code \PIPE\} ("srvsvc"), announced as the bind_ack secondary address
     *        {@code \PIPE\srvsvc} ([C706] 12.6.4.4 sec_addr, as Windows fills it for ncacn_np)
     * @param interfaces the interfaces a client may bind on this pipe
     */
    public RpcPipe(CallContext caller, String pipeName, RpcInterface... interfaces) {
        this.caller = Objects.requireNonNull(caller, "caller");
        this.name = Objects.requireNonNull(pipeName, "pipeName");
        this.association = new RpcAssociation("\\PIPE\\" + Objects.requireNonNull(pipeName, "pipeName"),
                List.of(interfaces), responses);
    }

    /** The pipe's name without {@code \PIPE\} ("srvsvc"). */
    public String name() {
        return name;
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
                if (responses.pendingBytes() > MAX_PENDING_OUTPUT) {
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
        return responses.read(max, alloc);
    }

    public boolean hasPendingOutput() {
        return !responses.isEmpty();
    }

    /** Whether the byte stream could not be framed; the server should fail I/O on the open from now on. */
    public boolean isBroken() {
        return broken;
    }

    /** Bytes held for input not yet answered: a partial fragment and a partial request. For bounds tests. */
    int bufferedInputBytes() {
        return (inbound.refCnt() > 0 ? inbound.capacity() : 0) + requests.bufferedBytes();
    }

    @Override
    public void close() {
        responses.clear();
        requests.drop();
        if (inbound.refCnt() > 0) {
            inbound.release();
        }
        broken = true;
    }

    private void breakPipe() {
        broken = true;
        inbound.clear();
        requests.drop();
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
                case PduHeader.BIND -> association.bind(header, body);
                case PduHeader.ALTER_CONTEXT -> association.alterContext(header, body);
                case PduHeader.REQUEST -> request(header, body);
                // [C706] 12.6.4.6 cancel, 12.6.4.8 orphaned, [MS-RPCE] 2.2.2.10 rpc_auth_3: no response to these; there is no security context to finish
                // and a cancel cannot reach a call that runs to completion inside write()
                case PduHeader.AUTH3, PduHeader.CO_CANCEL -> { }
                case PduHeader.ORPHANED -> requests.orphaned(header.callId());
                default -> responses.fault(header.callId(), 0, FaultStatus.NCA_S_PROTO_ERROR, true);
            }
        } catch (RpcFault malformed) {
            rejectOrFault(header, isBind, BindNakPdu.REASON_NOT_SPECIFIED);
        }
    }

    private void rejectOrFault(PduHeader header, boolean isBind, int nakReason) {
        if (isBind) {
            responses.enqueue(out -> new BindNakPdu(nakReason).encode(out, header.callId()));
        } else {
            responses.fault(header.callId(), 0, FaultStatus.NCA_S_PROTO_ERROR, true);
        }
    }

    /** Runs a request once its last fragment came. */
    private void request(PduHeader header, ByteBuf body) {
        RpcRequestReassembly.Call call = requests.accept(header, body);
        if (call == null) {
            return;
        }
        try {
            dispatch(call.callId(), call.contextId(), call.opnum(), call.stub());
        } finally {
            call.stub().release();
        }
    }

    private void dispatch(int callId, int contextId, int opnum, ByteBuf stub) {
        if (!association.isBound()) {
            responses.fault(callId, contextId, FaultStatus.NCA_S_PROTO_ERROR, true);
            return;
        }
        RpcInterface target = association.interfaceFor(contextId);
        if (target == null) {
            responses.fault(callId, contextId, FaultStatus.NCA_S_UNK_IF, true);
            return;
        }
        ByteBuf result;
        try {
            result = target.invoke(opnum, new NdrReader(stub), caller);
        } catch (RpcFault f) {
            responses.fault(callId, contextId, f.status(), f.status() == FaultStatus.NCA_S_OP_RNG_ERROR);
            return;
        } catch (RuntimeException unexpected) {
            // A defect in an interface must not escape into the SMB2 connection; the client sees a failed call
            responses.fault(callId, contextId, FaultStatus.NCA_S_FAULT_UNSPEC, false);
            return;
        }
        try {
            responses.respond(callId, contextId, result, association.transmitFragment());
        } finally {
            result.release();
        }
    }
}
