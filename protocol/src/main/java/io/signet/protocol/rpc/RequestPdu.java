package io.signet.protocol.rpc;

import io.netty.buffer.ByteBuf;

/**
 * [C706] 12.6.4.9 request PDU: alloc_hint, p_cont_id, opnum, an object UUID when
 * PFC_OBJECT_UUID is set, then the stub data of this fragment.
 *
 * @param stub a slice of the PDU, not retained
 */
public record RequestPdu(int allocHint, int contextId, int opnum, ByteBuf stub) {
    /** Reads the body; {@code body} ends where the auth verifier (if any) begins. */
    static RequestPdu decodeBody(ByteBuf body, int flags) {
        ContextElement.need(body, 8);
        int allocHint = body.readIntLE(); // alloc_hint (4 bytes)
        int contextId = body.readUnsignedShortLE(); // p_cont_id (2 bytes)
        int opnum = body.readUnsignedShortLE(); // opnum (2 bytes)
        if ((flags & PduHeader.PFC_OBJECT_UUID) != 0) {
            ContextElement.need(body, Uuid.SIZE);
            body.skipBytes(Uuid.SIZE); // object (16 bytes): Signet's interfaces have no objects
        }
        return new RequestPdu(allocHint, contextId, opnum, body.slice());
    }

    /** Writes one request fragment with the given pfc_flags, as a client would. */
    public void encode(ByteBuf out, int flags, int callId) {
        int start = PduHeader.begin(out, 0, PduHeader.REQUEST, flags, callId);
        out.writeIntLE(allocHint); // alloc_hint (4 bytes)
        out.writeShortLE(contextId); // p_cont_id (2 bytes)
        out.writeShortLE(opnum); // opnum (2 bytes)
        out.writeBytes(stub, stub.readerIndex(), stub.readableBytes()); // stub data
        PduHeader.finish(out, start);
    }
}
