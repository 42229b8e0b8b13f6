package io.signet.protocol.rpc;

import io.netty.buffer.ByteBuf;

/**
 * [C706] 12.6.3.1 p_result_t, extended by [MS-RPCE] 3.3.1.5.3 with negotiate_ack: the answer to one proposed
 * presentation context. For negotiate_ack the reason field carries the BindTimeFeatureNegotiationBitmask
 * ([MS-RPCE] 2.2.2.14) of the requested features the server supports.
 */
public record ContextResult(int result, int reason, SyntaxId transferSyntax) {
    public static final int SIZE = 4 + SyntaxId.SIZE;

    public static final int ACCEPTANCE = 0;
    public static final int USER_REJECTION = 1;
    public static final int PROVIDER_REJECTION = 2;
    public static final int NEGOTIATE_ACK = 3;

    public static final int REASON_NOT_SPECIFIED = 0;
    public static final int ABSTRACT_SYNTAX_NOT_SUPPORTED = 1;
    public static final int PROPOSED_TRANSFER_SYNTAXES_NOT_SUPPORTED = 2;
    public static final int LOCAL_LIMIT_EXCEEDED = 3;

    static ContextResult decode(ByteBuf body) {
        ContextElement.need(body, SIZE);
        return new ContextResult(body.readUnsignedShortLE(), body.readUnsignedShortLE(), SyntaxId.decode(body));
    }

    void encode(ByteBuf out) {
        out.writeShortLE(result); // result (2 bytes)
        out.writeShortLE(reason); // reason (2 bytes)
        transferSyntax.encode(out); // transfer_syntax (20 bytes)
    }
}
