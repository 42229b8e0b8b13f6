package io.signet.protocol.rpc;

import io.netty.buffer.ByteBuf;

/**
 * [C706] 12.6.4.10 response PDU: alloc_hint, p_cont_id, cancel_count, a reserved byte, then this
 * fragment's stub data.
 *
 * @param stub a slice, not retained
 */
public record ResponsePdu(int allocHint, int contextId, ByteBuf stub) {
    public void encode(ByteBuf out, int flags, int callId) {
        int start = PduHeader.begin(out, 0, PduHeader.RESPONSE, flags, callId);
        out.writeIntLE(allocHint); // alloc_hint (4 bytes)
        out.writeShortLE(contextId); // p_cont_id (2 bytes)
        out.writeByte(0); // cancel_count (1 byte)
        out.writeByte(0); // reserved (1 byte)
        out.writeBytes(stub, stub.readerIndex(), stub.readableBytes()); // stub data
        PduHeader.finish(out, start);
    }

    public static ResponsePdu decodeBody(ByteBuf body) {
        ContextElement.need(body, 8);
        int allocHint = body.readIntLE();
        int contextId = body.readUnsignedShortLE();
        body.skipBytes(2);
        return new ResponsePdu(allocHint, contextId, body.slice());
    }
}
