package io.signet.protocol.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.signet.protocol.rpc.PipeClient.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Byte-exact PDUs built by hand from the layouts of [C706] 12.6 and [MS-RPCE] 2.2.2. */
class PduFixturesTest {
    static final SyntaxId SRVSVC = new SyntaxId(Uuid.parse("4b324fc8-1670-01d3-1278-5a47bf6ee188"), 3, 0);

    static final String BIND = """
            05 00 0b 03 10000000 4800 0000 01000000  // 5.0 bind FIRST|LAST, LE/ASCII/IEEE, frag 72, call 1
            b810 b810 78563412                       // max_xmit 4280, max_recv 4280, assoc_group 0x12345678
            01 00 0000                               // n_context_elem 1, reserved
            0000 01 00                               // p_cont_id 0, n_transfer_syn 1, reserved
            c84f324b 7016 d301 12785a47bf6ee188 03000000  // srvsvc 4b324fc8-1670-01d3-1278-5a47bf6ee188 v3.0
            045d888a eb1c c911 9fe808002b104860 02000000  // NDR 8a885d04-1ceb-11c9-9fe8-08002b104860 v2.0
            """;

    static final String BIND_ACK = """
            05 00 0c 03 10000000 4400 0000 01000000  // 5.0 bind_ack, frag 68, call 1
            b810 b810 78563412                       // max_xmit 4280, max_recv 4280, assoc_group echoed
            0d00 5c504950455c73727673766300          // sec_addr: 13 bytes "\\PIPE\\srvsvc" NUL
            00                                       // pad to 4
            01 00 0000                               // n_results 1
            0000 0000                                // acceptance, reason 0
            045d888a eb1c c911 9fe808002b104860 02000000  // NDR20
            """;

    @Test
    void uuidWireFormIsMixedEndian() {
        ByteBuf out = Unpooled.buffer();
        SyntaxId.NDR20.encode(out);
        assertEquals("045d888aeb1cc9119fe808002b10486002000000", hex(PipeClient.bytes(out)));
        assertEquals(SyntaxId.NDR20, SyntaxId.decode(Unpooled.wrappedBuffer(hex(
                "045d888aeb1cc9119fe808002b10486002000000"))));
        assertEquals("8a885d04-1ceb-11c9-9fe8-08002b104860", SyntaxId.NDR20.uuid().toString());
    }

    @Test
    void bindEncodesToTheFixture() {
        ByteBuf out = Unpooled.buffer();
        new BindPdu(4280, 4280, 0x12345678, List.of(PipeClient.ndr20(0, SRVSVC))).encode(out, PduHeader.BIND, 1);
        assertEquals(hex(hex(BIND)), hex(PipeClient.bytes(out)));
    }

    @Test
    void bindIsAnsweredWithTheFixtureBindAck() {
        RpcPipe pipe = SampleInterfaces.srvsvcPipe();
        PipeClient.write(pipe, hex(BIND));
        assertEquals(hex(hex(BIND_ACK)), hex(PipeClient.single(pipe)));
    }

    @Test
    void faultLayout() {
        ByteBuf out = Unpooled.buffer();
        new FaultPdu(0, FaultStatus.NCA_S_OP_RNG_ERROR, true).encode(out, 7);
        assertEquals(hex(hex("""
                05 00 03 23 10000000 2000 0000 07000000  // fault, FIRST|LAST|DID_NOT_EXECUTE, frag 32, call 7
                00000000 0000 00 00                      // alloc_hint, p_cont_id, cancel_count, reserved
                0200011c 00000000                        // nca_s_op_rng_error, reserved
                """)), hex(PipeClient.bytes(out)));
    }

    @Test
    void bindNakLayout() {
        ByteBuf out = Unpooled.buffer();
        new BindNakPdu(BindNakPdu.PROTOCOL_VERSION_NOT_SUPPORTED).encode(out, 3);
        assertEquals(hex(hex("""
                05 00 0d 03 10000000 1500 0000 03000000  // bind_nak, frag 21, call 3
                0400                                     // protocol_version_not_supported
                01 05 00                                 // one supported version: 5.0
                """)), hex(PipeClient.bytes(out)));
    }

    @Test
    void requestAndResponseLayouts() {
        ByteBuf out = Unpooled.buffer();
        new RequestPdu(4, 1, 15, Unpooled.wrappedBuffer(new byte[]{1, 2, 3, 4})).encode(out, 3, 9);
        assertEquals(hex(hex("""
                05 00 00 03 10000000 1c00 0000 09000000  // request, frag 28, call 9
                04000000 0100 0f00                       // alloc_hint 4, p_cont_id 1, opnum 15
                01020304                                 // stub
                """)), hex(PipeClient.bytes(out)));
        out = Unpooled.buffer();
        new ResponsePdu(4, 1, Unpooled.wrappedBuffer(new byte[]{1, 2, 3, 4})).encode(out, 3, 9);
        assertEquals(hex(hex("""
                05 00 02 03 10000000 1c00 0000 09000000  // response, frag 28, call 9
                04000000 0100 00 00                      // alloc_hint 4, p_cont_id 1, cancel_count, reserved
                01020304                                 // stub
                """)), hex(PipeClient.bytes(out)));
    }
}
