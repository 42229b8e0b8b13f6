package io.signet.protocol.rpc.wkssvc;

import io.netty.buffer.Unpooled;
import io.signet.protocol.rpc.FaultStatus;
import io.signet.protocol.rpc.PipeClient;
import io.signet.protocol.rpc.RpcPipe;
import io.signet.protocol.rpc.SampleInterfaces;
import io.signet.protocol.rpc.Win32Error;
import io.signet.protocol.rpc.ndr.NdrPointer;
import io.signet.protocol.rpc.ndr.NdrReader;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** NetrWkstaGetInfo ([MS-WKST] 3.2.4.1) level 100 over a bound pipe. */
class WkssvcInterfaceTest {
    /** ServerName "\\\\S", Level 100. */
    static final String REQUEST_100 = """
            00000200 04000000 00000000 04000000 5c005c00 53000000   // ServerName
            64000000                                                // Level 100
            """;

    @Test
    void level100() {
        RpcPipe pipe = SampleInterfaces.wkssvcPipe();
        PipeClient.bindOk(pipe, WkssvcInterface.SYNTAX, RpcPipe.MAX_FRAGMENT);
        byte[] stub = PipeClient.call(pipe, 2, WkssvcInterface.NETR_WKSTA_GET_INFO, PipeClient.hex(REQUEST_100),
                RpcPipe.MAX_FRAGMENT);
        NdrReader r = new NdrReader(Unpooled.wrappedBuffer(stub));
        assertEquals(100, r.readU32());
        int[] numbers = new int[3];
        Object[] names = new Object[2];
        r.readUnique(ir -> {
            numbers[0] = ir.readU32();
            names[0] = ir.readUnique(NdrReader::readString);
            names[1] = ir.readUnique(NdrReader::readString);
            numbers[1] = ir.readU32();
            numbers[2] = ir.readU32();
            return null;
        });
        r.readDeferred();
        assertEquals(Win32Error.ERROR_SUCCESS, r.readU32());
        assertEquals(0, r.remaining());
        assertEquals(500, numbers[0]);
        assertEquals("SIGNET", ((NdrPointer<?>) names[0]).get());
        assertEquals("WORKGROUP", ((NdrPointer<?>) names[1]).get());
        assertEquals(10, numbers[1]);
        assertEquals(0, numbers[2]);
    }

    @Test
    void otherLevelsAndOpnums() {
        RpcPipe pipe = SampleInterfaces.wkssvcPipe();
        PipeClient.bindOk(pipe, WkssvcInterface.SYNTAX, RpcPipe.MAX_FRAGMENT);
        byte[] stub = PipeClient.call(pipe, 2, 0, PipeClient.hex("00000000 65000000"), RpcPipe.MAX_FRAGMENT);
        assertEquals("65000000" + "00000000" + "7c000000", PipeClient.hex(stub));
        PipeClient.write(pipe, PipeClient.request(3, 1, PipeClient.hex("00000000 64000000")));
        assertEquals(FaultStatus.NCA_S_OP_RNG_ERROR, PipeClient.faultStatus(PipeClient.single(pipe)));
    }
}
