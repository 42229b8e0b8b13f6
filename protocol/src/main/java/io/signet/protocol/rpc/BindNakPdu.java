package io.signet.protocol.rpc;

import io.netty.buffer.ByteBuf;

/**
 * [C706] 12.6.4.5 bind_nak PDU: the provider_reject_reason and the protocol versions the server
 * supports (here only 5.0).
 */
public record BindNakPdu(int rejectReason) {
    public static final int REASON_NOT_SPECIFIED = 0;
    public static final int TEMPORARY_CONGESTION = 1;
    public static final int LOCAL_LIMIT_EXCEEDED = 2;
    public static final int PROTOCOL_VERSION_NOT_SUPPORTED = 4;
    /** [MS-RPCE] 2.2.2: the auth_type of the bind's verifier is not one the server knows. */
    public static final int AUTHENTICATION_TYPE_NOT_RECOGNIZED = 8;

    public void encode(ByteBuf out, int callId) {
        int start = PduHeader.begin(out, 0, PduHeader.BIND_NAK, PduHeader.PFC_FIRST_FRAG | PduHeader.PFC_LAST_FRAG,
                callId);
        out.writeShortLE(rejectReason); // provider_reject_reason (2 bytes)
        out.writeByte(1); // versions.n_protocols (1 byte)
        out.writeByte(PduHeader.RPC_VERSION); // p_protocols[0].major (1 byte)
        out.writeByte(0); // p_protocols[0].minor (1 byte)
        PduHeader.finish(out, start);
    }

    public static BindNakPdu decodeBody(ByteBuf body) {
        ContextElement.need(body, 2);
        return new BindNakPdu(body.readUnsignedShortLE());
    }
}
