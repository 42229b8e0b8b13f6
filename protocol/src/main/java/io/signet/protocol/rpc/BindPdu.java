package io.signet.protocol.rpc;

import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;

/**
 * [C706] 12.6.4.3 bind and 12.6.4.1 alter_context PDUs (same body): the fragment sizes the client
 * proposes, its association group and the presentation contexts. An auth_verifier, if any, is not part of this record.
 */
public record BindPdu(int maxXmitFrag, int maxRecvFrag, int assocGroupId, List<ContextElement> contexts) {
    public BindPdu {
        contexts = List.copyOf(contexts);
    }

    /**
     * Reads the body (after the common header, up to the auth verifier). At most 255 elements (n_context_elem is one
     * byte), each read only once its bytes are known to be there.
     *
     * @throws RpcFault with nca_proto_error when the body is shorter than it claims
     */
    static BindPdu decodeBody(ByteBuf body) {
        ContextElement.need(body, 12);
        int maxXmit = body.readUnsignedShortLE(); // max_xmit_frag (2 bytes)
        int maxRecv = body.readUnsignedShortLE(); // max_recv_frag (2 bytes)
        int assocGroup = body.readIntLE(); // assoc_group_id (4 bytes)
        int count = body.readUnsignedByte(); // n_context_elem (1 byte)
        body.skipBytes(3); // reserved (1 byte), reserved2 (2 bytes)
        List<ContextElement> contexts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            contexts.add(ContextElement.decode(body));
        }
        return new BindPdu(maxXmit, maxRecv, assocGroup, contexts);
    }

    /** Writes a whole bind ({@code type} BIND) or alter_context PDU, as a client would. */
    public void encode(ByteBuf out, int type, int callId) {
        int start = PduHeader.begin(out, 0, type, PduHeader.PFC_FIRST_FRAG | PduHeader.PFC_LAST_FRAG, callId);
        out.writeShortLE(maxXmitFrag); // max_xmit_frag (2 bytes)
        out.writeShortLE(maxRecvFrag); // max_recv_frag (2 bytes)
        out.writeIntLE(assocGroupId); // assoc_group_id (4 bytes)
        out.writeByte(contexts.size()); // n_context_elem (1 byte)
        out.writeZero(3); // reserved, reserved2
        contexts.forEach(c -> c.encode(out));
        PduHeader.finish(out, start);
    }
}
