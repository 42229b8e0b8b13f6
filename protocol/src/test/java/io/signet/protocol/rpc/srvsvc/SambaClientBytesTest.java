package io.signet.protocol.rpc.srvsvc;

import io.signet.protocol.rpc.BindAckPdu;
import io.signet.protocol.rpc.ContextResult;
import io.signet.protocol.rpc.PipeClient;
import io.signet.protocol.rpc.RpcPipe;
import io.signet.protocol.rpc.SampleInterfaces;
import io.signet.protocol.rpc.SyntaxId;
import io.signet.protocol.rpc.Win32Error;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * PDUs as Samba 4.17's srvsvc client (librpc, the code behind rpcclient's netshareenumall) wrote them to a stream
 * transport served by {@link RpcPipe}: a bind proposing NDR20 and bind time feature negotiation, then
 * NetShareEnumAll (opnum 15) at level 1.
 */
class SambaClientBytesTest {
    static final String SAMBA_BIND = """
            05000b03 10000000 7400 0000 01000000      // bind, frag 116, call 1
            d016 d016 00000000                        // max_xmit 5840, max_recv 5840, assoc_group 0
            02 000000                                 // 2 contexts
            0000 01 00 c84f324b7016d30112785a47bf6ee188 03000000 045d888aeb1cc9119fe808002b104860 02000000
            0100 01 00 c84f324b7016d30112785a47bf6ee188 03000000 2c1cb76c129840450300000000000000 01000000
            """;

    static final String SAMBA_SHARE_ENUM_ALL = """
            05000003 10000000 5c00 0000 02000000      // request, frag 92, call 2
            44000000 0000 0f00                        // alloc_hint 68, context 0, opnum 15
            00000200 09000000 00000000 09000000       // ServerName "\\\\SIGNET"
            5c005c00 53004900 47004e00 45005400 0000 0000
            01000000 01000000 04000200 00000000 00000000  // level 1, container with no entries
            ffffffff 08000200 00000000                // MAX_PREFERRED_LENGTH, ResumeHandle 0
            """;

    @Test
    void sambaBindAndShareEnumAll() {
        RpcPipe pipe = SampleInterfaces.srvsvcPipe();
        PipeClient.write(pipe, PipeClient.hex(SAMBA_BIND));
        BindAckPdu ack = PipeClient.bindAck(PipeClient.single(pipe));
        assertEquals(RpcPipe.MAX_FRAGMENT, ack.maxXmitFrag());
        assertEquals(List.of(new ContextResult(ContextResult.ACCEPTANCE, 0, SyntaxId.NDR20),
                new ContextResult(ContextResult.NEGOTIATE_ACK, 0, SyntaxId.NONE)), ack.results());

        PipeClient.write(pipe, PipeClient.hex(SAMBA_SHARE_ENUM_ALL));
        SrvsvcInterfaceTest.EnumResult result = SrvsvcInterfaceTest.parseEnum(
                PipeClient.responseStub(PipeClient.drain(pipe), 2, RpcPipe.MAX_FRAGMENT));
        assertEquals(Win32Error.ERROR_SUCCESS, result.status());
        assertEquals(List.of("IPC$", "data"), result.shares().stream().map(ShareInfo::name).toList());
        assertEquals(0, result.resume());
    }

    @Test
    void theSambaRequestIsWhatTheTestClientWrites() {
        byte[] stub = SrvsvcInterfaceTest.shareEnumRequest("\\\\SIGNET", 1, 0, -1);
        assertEquals(PipeClient.hex(PipeClient.request(2, SrvsvcInterface.NETR_SHARE_ENUM, stub)),
                PipeClient.hex(PipeClient.hex(SAMBA_SHARE_ENUM_ALL)));
    }
}
