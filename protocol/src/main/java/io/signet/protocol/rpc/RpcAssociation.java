package io.signet.protocol.rpc;

import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The association one pipe open carries ([C706] chapter 12): the bind that starts it, the alter_context calls that add
 * presentation contexts, the fragment size negotiated, and which interface each context id names.
 */
final class RpcAssociation {

    private static final AtomicInteger ASSOC_GROUPS = new AtomicInteger(0x5ea1);

    private final String secondaryAddress;
    private final List<RpcInterface> interfaces;
    private final RpcResponseQueue responses;
    private final Map<Integer, RpcInterface> contexts = new HashMap<>();
    private boolean bound;
    private int transmitFragment = RpcPipe.MAX_FRAGMENT;
    private int assocGroupId;

    /**
     * @param secondaryAddress the bind_ack secondary address ({@code \PIPE\srvsvc})
     * @param interfaces the interfaces a client may bind
     * @param responses where the answers to bind and alter_context go
     */
    RpcAssociation(String secondaryAddress, List<RpcInterface> interfaces, RpcResponseQueue responses) {
        this.secondaryAddress = secondaryAddress;
        this.interfaces = interfaces;
        this.responses = responses;
    }

    /** Whether a bind was accepted. */
    boolean isBound() {
        return bound;
    }

    /** The largest fragment the client accepts, as the bind negotiated it. */
    int transmitFragment() {
        return transmitFragment;
    }

    /** The interface an accepted presentation context names, or {@code null}. */
    RpcInterface interfaceFor(int contextId) {
        return contexts.get(contextId);
    }

    /** Answers a bind PDU with bind_ack or bind_nak. Throws {@link RpcFault} on a body that does not decode. */
    void bind(PduHeader header, ByteBuf body) {
        BindPdu bind = BindPdu.decodeBody(body);
        if (bound) {
            // [C706] chapter 12: one bind per association; further contexts come with alter_context
            nak(header, BindNakPdu.REASON_NOT_SPECIFIED);
            return;
        }
        if (header.authLength() > 0) {
            // Signet offers no RPC-level security on pipes; the SMB2 session already authenticated the caller
            nak(header, BindNakPdu.AUTHENTICATION_TYPE_NOT_RECOGNIZED);
            return;
        }
        if (bind.maxRecvFrag() < RpcPipe.MIN_FRAGMENT) {
            nak(header, BindNakPdu.LOCAL_LIMIT_EXCEEDED);
            return;
        }
        int transmit = Math.min(bind.maxRecvFrag(), RpcPipe.MAX_FRAGMENT);
        int receive = Math.min(Math.max(bind.maxXmitFrag(), RpcPipe.MIN_FRAGMENT), RpcPipe.MAX_FRAGMENT);
        int group = bind.assocGroupId() != 0 ? bind.assocGroupId() : ASSOC_GROUPS.incrementAndGet();
        Map<Integer, RpcInterface> accepted = new HashMap<>();
        List<ContextResult> results = negotiate(bind.contexts(), accepted);
        BindAckPdu ack = new BindAckPdu(transmit, receive, group, secondaryAddress, results);
        if (ack.encodedSize() > transmit) {
            // So many contexts that the answer would not fit one fragment, and bind_ack cannot be fragmented
            nak(header, BindNakPdu.LOCAL_LIMIT_EXCEEDED);
            return;
        }
        bound = true;
        transmitFragment = transmit;
        assocGroupId = group;
        contexts.putAll(accepted);
        responses.enqueue(out -> ack.encode(out, 0, PduHeader.BIND_ACK, header.callId()));
    }

    /** Answers an alter_context PDU with alter_context_resp or a fault. Throws {@link RpcFault} on a bad body. */
    void alterContext(PduHeader header, ByteBuf body) {
        if (!bound || header.authLength() > 0) {
            responses.fault(header.callId(), 0, FaultStatus.NCA_S_PROTO_ERROR, true);
            return;
        }
        BindPdu alter = BindPdu.decodeBody(body);
        Map<Integer, RpcInterface> accepted = new HashMap<>();
        List<ContextResult> results = negotiate(alter.contexts(), accepted);
        // [C706] 12.6.4.2: alter_context_resp carries no secondary address
        BindAckPdu resp = new BindAckPdu(transmitFragment, RpcPipe.MAX_FRAGMENT, assocGroupId, "", results);
        if (resp.encodedSize() > transmitFragment) {
            responses.fault(header.callId(), 0, FaultStatus.NCA_S_PROTO_ERROR, true);
            return;
        }
        contexts.putAll(accepted);
        responses.enqueue(out -> resp.encode(out, 0, PduHeader.ALTER_CONTEXT_RESP, header.callId()));
    }

    private void nak(PduHeader header, int reason) {
        responses.enqueue(out -> new BindNakPdu(reason).encode(out, header.callId()));
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
        if (existing == null && contexts.size() + accepted.size() >= RpcPipe.MAX_CONTEXTS) {
            return rejection(ContextResult.LOCAL_LIMIT_EXCEEDED);
        }
        accepted.put(element.contextId(), target);
        return new ContextResult(ContextResult.ACCEPTANCE, 0, SyntaxId.NDR20);
    }

    private static ContextResult rejection(int reason) {
        return new ContextResult(ContextResult.PROVIDER_REJECTION, reason, SyntaxId.NONE);
    }
}
