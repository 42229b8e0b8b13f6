package io.signet.protocol.rpc;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * [C706] 12.6.4.4 bind_ack and 12.6.4.2 alter_context_resp PDUs. The secondary address is
 * port_any_t: a length including the terminating NUL, then the ASCII bytes; an empty address has length 0. The result
 * list starts 4-byte aligned relative to the start of the PDU.
 */
public record BindAckPdu(int maxXmitFrag, int maxRecvFrag, int assocGroupId, String secondaryAddress,
                         List<ContextResult> results) {
    public BindAckPdu {
        results = List.copyOf(results);
    }

    /** The size of the encoded PDU, to check it against the client's max_recv_frag before writing it. */
    int encodedSize() {
        int secAddr = secondaryAddress.isEmpty() ? 0 : secondaryAddress.length() + 1;
        int beforeResults = PduHeader.SIZE + 8 + 2 + secAddr;
        return ((beforeResults + 3) & ~3) + 4 + results.size() * ContextResult.SIZE;
    }

    public void encode(ByteBuf out, int versionMinor, int type, int callId) {
        int start = PduHeader.begin(out, versionMinor, type, PduHeader.PFC_FIRST_FRAG | PduHeader.PFC_LAST_FRAG,
                callId);
        out.writeShortLE(maxXmitFrag); // max_xmit_frag (2 bytes)
        out.writeShortLE(maxRecvFrag); // max_recv_frag (2 bytes)
        out.writeIntLE(assocGroupId); // assoc_group_id (4 bytes)
        if (secondaryAddress.isEmpty()) {
            out.writeShortLE(0); // sec_addr.length (2 bytes)
        } else {
            out.writeShortLE(secondaryAddress.length() + 1); // sec_addr.length, counting the NUL (2 bytes)
            out.writeCharSequence(secondaryAddress, StandardCharsets.US_ASCII); // sec_addr.port_spec
            out.writeByte(0);
        }
        PduHeader.pad4(out, start); // pad2
        out.writeByte(results.size()); // p_result_list.n_results (1 byte)
        out.writeZero(3); // reserved, reserved2
        results.forEach(r -> r.encode(out));
        PduHeader.finish(out, start);
    }

    /** Reads a bind_ack or alter_context_resp whose header has been read; {@code pdu} holds exactly the PDU. */
    public static BindAckPdu decodeBody(ByteBuf pdu, int pduStart) {
        ContextElement.need(pdu, 10);
        int maxXmit = pdu.readUnsignedShortLE();
        int maxRecv = pdu.readUnsignedShortLE();
        int assocGroup = pdu.readIntLE();
        int secLength = pdu.readUnsignedShortLE();
        ContextElement.need(pdu, secLength);
        String secAddr = secLength == 0 ? ""
                : pdu.readCharSequence(secLength, StandardCharsets.US_ASCII).toString().replace("\0", "");
        pdu.skipBytes(Math.min(pdu.readableBytes(), -(pdu.readerIndex() - pduStart) & 3));
        ContextElement.need(pdu, 4);
        int count = pdu.readUnsignedByte();
        pdu.skipBytes(3);
        List<ContextResult> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            results.add(ContextResult.decode(pdu));
        }
        return new BindAckPdu(maxXmit, maxRecv, assocGroup, secAddr, results);
    }
}
