package io.signet.protocol.rpc.endpoint;

import io.signet.protocol.dtyp.Sid;
import io.signet.protocol.rpc.BindAckPdu;
import io.signet.protocol.rpc.ContextResult;
import io.signet.protocol.rpc.PipeClient;
import io.signet.protocol.rpc.RpcPipe;
import io.signet.protocol.rpc.SampleInterfaces;
import io.signet.protocol.rpc.lsarpc.LsaIdentity;
import io.signet.protocol.rpc.lsarpc.LsarpcInterface;
import io.signet.protocol.rpc.srvsvc.SrvsvcInterface;
import io.signet.protocol.rpc.wkssvc.WkssvcInterface;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipeEndpointsTest {
    private final PipeEndpoints endpoints = new PipeEndpoints(SampleInterfaces.directory(0), "WORKGROUP");

    @Test
    void eachPipeBindsOnlyItsInterface() {
        RpcPipe srvsvc = endpoints.open("SRVSVC", SampleInterfaces.USER).orElseThrow();
        PipeClient.write(srvsvc, PipeClient.bind(1, 4280, PipeClient.ndr20(0, SrvsvcInterface.SYNTAX),
                PipeClient.ndr20(1, WkssvcInterface.SYNTAX)));
        BindAckPdu ack = PipeClient.bindAck(PipeClient.single(srvsvc));
        assertEquals("\\PIPE\\srvsvc", ack.secondaryAddress());
        assertEquals(ContextResult.ACCEPTANCE, ack.results().get(0).result());
        assertEquals(ContextResult.ABSTRACT_SYNTAX_NOT_SUPPORTED, ack.results().get(1).reason());

        RpcPipe wkssvc = endpoints.open("wkssvc", SampleInterfaces.USER).orElseThrow();
        PipeClient.bindOk(wkssvc, WkssvcInterface.SYNTAX, 4280);
    }

    @Test
    void unknownPipes() {
        assertTrue(endpoints.open("lsarpc", SampleInterfaces.USER).isEmpty());
        assertTrue(endpoints.open("spoolss", SampleInterfaces.USER).isEmpty());
    }

    @Test
    void lsarpcWhenTheIdentityIsGiven() {
        PipeEndpoints withLsa = new PipeEndpoints(SampleInterfaces.directory(0), "WORKGROUP",
                LsaIdentity.of("SIGNET", "WORKGROUP", Sid.of(Sid.NT_AUTHORITY, 21, 1, 2, 3)));
        assertEquals(Set.of("srvsvc", "wkssvc", "lsarpc", "lsass"), withLsa.names());
        assertEquals(Set.of("srvsvc", "wkssvc"), endpoints.names());
        for (String name : new String[] {"lsarpc", "LSARPC", "lsass"}) {
            RpcPipe lsarpc = withLsa.open(name, SampleInterfaces.USER).orElseThrow();
            PipeClient.write(lsarpc, PipeClient.bind(1, 4280, PipeClient.ndr20(0, LsarpcInterface.SYNTAX),
                    PipeClient.ndr20(1, SrvsvcInterface.SYNTAX)));
            BindAckPdu ack = PipeClient.bindAck(PipeClient.single(lsarpc));
            assertEquals("\\PIPE\\lsarpc", ack.secondaryAddress());
            assertEquals(ContextResult.ACCEPTANCE, ack.results().get(0).result());
            assertEquals(ContextResult.ABSTRACT_SYNTAX_NOT_SUPPORTED, ack.results().get(1).reason());
        }
        // each open has its own policy handles
        RpcPipe first = withLsa.open("lsarpc", SampleInterfaces.USER).orElseThrow();
        RpcPipe second = withLsa.open("lsarpc", SampleInterfaces.USER).orElseThrow();
        PipeClient.bindOk(first, LsarpcInterface.SYNTAX, 4280);
        PipeClient.bindOk(second, LsarpcInterface.SYNTAX, 4280);
        byte[] opened = PipeClient.call(first, 2, LsarpcInterface.LSAR_OPEN_POLICY2, PipeClient.hex("""
                00000000 18000000 00000000 00000000 00000000 00000000 00000000 00000002
                """), 4280);
        assertEquals("00000000", PipeClient.hex(Arrays.copyOfRange(opened, 20, 24)));
        byte[] close = Arrays.copyOf(opened, 20);
        assertNotEquals(PipeClient.hex(new byte[20]), PipeClient.hex(close));
        assertEquals(PipeClient.hex(close) + "080000c0",
                PipeClient.hex(PipeClient.call(second, 2, LsarpcInterface.LSAR_CLOSE, close, 4280)));
        assertEquals(PipeClient.hex(new byte[20]) + "00000000",
                PipeClient.hex(PipeClient.call(first, 3, LsarpcInterface.LSAR_CLOSE, close, 4280)));
    }
}
