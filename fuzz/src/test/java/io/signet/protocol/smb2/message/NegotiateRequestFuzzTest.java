package io.signet.protocol.smb2.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.fuzz.Bytes;
import io.signet.fuzz.LeakCheck;
import io.signet.protocol.status.SmbException;
import java.util.function.Function;

/**
 * [MS-SMB2] 2.2.3 NEGOTIATE request and its 2.2.3.1 negotiate contexts, the first thing any client sends. The input
 * is the body after the 64-byte header. A decoder may return or throw {@link SmbException}; what it returns must
 * survive encode and decode unchanged.
 */
class NegotiateRequestFuzzTest {
    static {
        LeakCheck.install();
    }

    @FuzzTest
    void negotiateRequest(byte[] body) {
        ByteBuf msg = Bytes.smb2Message(body);
        NegotiateRequest first;
        try {
            first = NegotiateRequest.decode(msg);
        } catch (SmbException expected) {
            return;
        }
        ByteBuf again = Unpooled.buffer();
        again.writeZero(64);
        first.encode(again);
        NegotiateRequest second = NegotiateRequest.decode(again);
        assertEquals(first.securityMode(), second.securityMode());
        assertEquals(first.capabilities(), second.capabilities());
        assertArrayEquals(first.clientGuid(), second.clientGuid());
        assertArrayEquals(first.dialects(), second.dialects());
        assertEquals(first.contexts().size(), second.contexts().size());
        for (int i = 0; i < first.contexts().size(); i++) {
            NegotiateContext a = first.contexts().get(i);
            NegotiateContext b = second.contexts().get(i);
            assertEquals(a.type(), b.type());
            assertEquals(ByteBufUtil.hexDump(a.data()), ByteBufUtil.hexDump(b.data()));
            typed(a);
        }
        LeakCheck.assertNoLeaks();
    }

    /** A context's typed value, when its Data decodes, encodes to Data that decodes to the same value. */
    static void typed(NegotiateContext context) {
        Function<ByteBuf, NegotiateContextData> decoder = switch (context.type()) {
            case NegotiateContext.PREAUTH_INTEGRITY_CAPABILITIES -> PreauthIntegrityCapabilities::decode;
            case NegotiateContext.ENCRYPTION_CAPABILITIES -> EncryptionCapabilities::decode;
            case NegotiateContext.COMPRESSION_CAPABILITIES -> CompressionCapabilities::decode;
            case NegotiateContext.NETNAME_NEGOTIATE_CONTEXT_ID -> NetnameNegotiateContextId::decode;
            case NegotiateContext.TRANSPORT_CAPABILITIES -> TransportCapabilities::decode;
            case NegotiateContext.RDMA_TRANSFORM_CAPABILITIES -> RdmaTransformCapabilities::decode;
            case NegotiateContext.SIGNING_CAPABILITIES -> SigningCapabilities::decode;
            default -> null;
        };
        if (decoder == null) {
            return;
        }
        NegotiateContextData value;
        try {
            value = decoder.apply(context.data());
        } catch (SmbException expected) {
            return;
        }
        ByteBuf encoded = value.encode();
        try {
            assertEquals(value, decoder.apply(encoded));
        } finally {
            encoded.release();
        }
    }
}
