package io.signet.protocol.rpc;

import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;

/** [C706] 12.6.3.1 p_cont_elem_t: one presentation context a bind or alter_context proposes. */
public record ContextElement(int contextId, SyntaxId abstractSyntax, List<SyntaxId> transferSyntaxes) {
    public ContextElement {
        transferSyntaxes = List.copyOf(transferSyntaxes);
    }

    /** Reads one element; the caller catches the bounds failure as a malformed PDU. */
    static ContextElement decode(ByteBuf body) {
        need(body, 4 + SyntaxId.SIZE);
        int contextId = body.readUnsignedShortLE(); // p_cont_id (2 bytes)
        int count = body.readUnsignedByte(); // n_transfer_syn (1 byte)
        body.skipBytes(1); // reserved (1 byte)
        SyntaxId abstractSyntax = SyntaxId.decode(body);
        need(body, (long) count * SyntaxId.SIZE);
        List<SyntaxId> transfer = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            transfer.add(SyntaxId.decode(body));
        }
        return new ContextElement(contextId, abstractSyntax, transfer);
    }

    void encode(ByteBuf out) {
        out.writeShortLE(contextId); // p_cont_id (2 bytes)
        out.writeByte(transferSyntaxes.size()); // n_transfer_syn (1 byte)
        out.writeByte(0); // reserved (1 byte)
        abstractSyntax.encode(out); // abstract_syntax (20 bytes)
        transferSyntaxes.forEach(s -> s.encode(out)); // transfer_syntaxes (20 bytes each)
    }

    static void need(ByteBuf body, long n) {
        if (n > body.readableBytes()) {
            throw new RpcFault(FaultStatus.NCA_S_PROTO_ERROR, "PDU body needs " + n + " more bytes, has "
                    + body.readableBytes());
        }
    }
}
