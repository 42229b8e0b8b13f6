package io.signet.protocol.rpc;

import io.netty.buffer.ByteBuf;

/**
 * [C706] 12.6.4.7 fault PDU: alloc_hint, p_cont_id, cancel_count, a reserved byte, the status
 * and 4 reserved bytes; 32 bytes in all, with no stub data. PFC_DID_NOT_EXECUTE tells the client the call was not run.
 */
public record FaultPdu(int contextId, int status, boolean didNotExecute) {
    public static final int SIZE = 32;

    public void encode(ByteBuf out, int callId) {
        int flags = PduHeader.PFC_FIRST_FRAG | PduHeader.PFC_LAST_FRAG
                | (didNotExecute ? PduHeader.PFC_DID_NOT_EXECUTE : 0);
        int start = PduHeader.begin(out, 0, PduHeader.FAULT, flags, callId);
        out.writeIntLE(0); // alloc_hint (4 bytes)
        out.writeShortLE(contextId); // p_cont_id (2 bytes)
        out.writeByte(0); // cancel_count (1 byte)
        out.writeByte(0); // reserved (1 byte)
        out.writeIntLE(status); // status (4 bytes)
        out.writeIntLE(0); // reserved2 (4 bytes)
        PduHeader.finish(out, start);
    }

    public static FaultPdu decodeBody(ByteBuf body, int flags) {
        ContextElement.need(body, 16);
        body.skipBytes(4);
        int contextId = body.readUnsignedShortLE();
        body.skipBytes(2);
        int status = body.readIntLE();
        body.skipBytes(4);
        return new FaultPdu(contextId, status, (flags & PduHeader.PFC_DID_NOT_EXECUTE) != 0);
    }
}
