package io.signet.protocol.rpc.endpoint;

import io.signet.protocol.rpc.BindAckPdu;
import io.signet.protocol.rpc.ContextResult;
import io.signet.protocol.rpc.PipeClient;
import io.signet.protocol.rpc.RpcPipe;
import io.signet.protocol.rpc.SampleInterfaces;
import io.signet.protocol.rpc.srvsvc.SrvsvcInterface;
import io.signet.protocol.rpc.wkssvc.WkssvcInterface;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
