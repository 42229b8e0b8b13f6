package io.signet.protocol.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.rpc.srvsvc.SrvsvcInterface;
import io.signet.protocol.rpc.wkssvc.WkssvcInterface;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.signet.protocol.rpc.PipeClient.bind;
import static io.signet.protocol.rpc.PipeClient.bindAck;
import static io.signet.protocol.rpc.PipeClient.bindNakReason;
import static io.signet.protocol.rpc.PipeClient.faultStatus;
import static io.signet.protocol.rpc.PipeClient.ndr20;
import static io.signet.protocol.rpc.PipeClient.request;
import static io.signet.protocol.rpc.PipeClient.single;
import static io.signet.protocol.rpc.PipeClient.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bind negotiation ([C706] 12.5.2, [MS-RPCE] 3.3.1.5) and every malformed case answered without an exception. */
class RpcPipeTest {
    static final SyntaxId SRVSVC = SrvsvcInterface.SYNTAX;
    static final SyntaxId FEATURES = new SyntaxId(Uuid.parse("6cb71c2c-9812-4540-0300-000000000000"), 1, 0);
    /** NetrServerGetInfo level 100 with a null server name. */
    static final byte[] SERVER_GET_INFO_100 = PipeClient.hex("00000000 64000000");

    private static RpcPipe boundPipe() {
        RpcPipe pipe = SampleInterfaces.srvsvcPipe();
        PipeClient.bindOk(pipe, SRVSVC, RpcPipe.MAX_FRAGMENT);
        return pipe;
    }

    private static byte[] withLe16(byte[] pdu, int offset, int value) {
        byte[] copy = pdu.clone();
        copy[offset] = (byte) value;
        copy[offset + 1] = (byte) (value >>> 8);
        return copy;
    }

    @Test
    void windowsStyleBindAcceptsNdr20RejectsNdr64AndAcksFeatureNegotiation() {
        RpcPipe pipe = SampleInterfaces.srvsvcPipe();
        write(pipe, bind(2, 4280, ndr20(0, SRVSVC),
                new ContextElement(1, SRVSVC, List.of(SyntaxId.NDR64)),
                new ContextElement(2, SRVSVC, List.of(FEATURES))));
        BindAckPdu ack = bindAck(single(pipe));
        assertEquals(new ContextResult(ContextResult.ACCEPTANCE, 0, SyntaxId.NDR20), ack.results().get(0));
        assertEquals(new ContextResult(ContextResult.PROVIDER_REJECTION,
                ContextResult.PROPOSED_TRANSFER_SYNTAXES_NOT_SUPPORTED, SyntaxId.NONE), ack.results().get(1));
        assertEquals(new ContextResult(ContextResult.NEGOTIATE_ACK, 0, SyntaxId.NONE), ack.results().get(2));
        assertEquals("\\PIPE\\srvsvc", ack.secondaryAddress());
        assertEquals(3, FEATURES.featureNegotiationBitmask());
        assertTrue(FEATURES.isBindTimeFeatureNegotiation());

        write(pipe, request(3, 1, SrvsvcInterface.NETR_SERVER_GET_INFO, SERVER_GET_INFO_100, 3));
        assertEquals(FaultStatus.NCA_S_UNK_IF, faultStatus(single(pipe)), "the rejected context is not bound");
    }

    @Test
    void unknownInterfacesAndVersionsAreRejectedPerContext() {
        RpcPipe pipe = SampleInterfaces.srvsvcPipe();
        write(pipe, bind(1, 4280, ndr20(0, WkssvcInterface.SYNTAX),
                ndr20(1, new SyntaxId(SRVSVC.uuid(), 2, 0)),
                ndr20(2, new SyntaxId(SRVSVC.uuid(), 3, 1)),
                new ContextElement(3, SRVSVC, List.of()),
                new ContextElement(4, SRVSVC, List.of(SyntaxId.NDR64, SyntaxId.NDR20))));
        List<ContextResult> results = bindAck(single(pipe)).results();
        assertEquals(List.of(ContextResult.ABSTRACT_SYNTAX_NOT_SUPPORTED, ContextResult.ABSTRACT_SYNTAX_NOT_SUPPORTED,
                        ContextResult.ABSTRACT_SYNTAX_NOT_SUPPORTED,
                        ContextResult.PROPOSED_TRANSFER_SYNTAXES_NOT_SUPPORTED, 0),
                results.stream().map(ContextResult::reason).toList());
        assertEquals(ContextResult.ACCEPTANCE, results.get(4).result());
        assertEquals(SyntaxId.NDR20, results.get(4).transferSyntax());
    }

    @Test
    void bindWithoutAnyAcceptableContextStillBindsButCallsFail() {
        RpcPipe pipe = SampleInterfaces.srvsvcPipe();
        write(pipe, bind(1, 4280, ndr20(0, WkssvcInterface.SYNTAX)));
        assertEquals(ContextResult.PROVIDER_REJECTION, bindAck(single(pipe)).results().get(0).result());
        write(pipe, request(2, SrvsvcInterface.NETR_SERVER_GET_INFO, SERVER_GET_INFO_100));
        assertEquals(FaultStatus.NCA_S_UNK_IF, faultStatus(single(pipe)));
    }

    @Test
    void alterContextAddsAContext() {
        RpcPipe pipe = boundPipe();
        ByteBuf alter = Unpooled.buffer();
        new BindPdu(4280, 4280, 0, List.of(ndr20(7, SRVSVC))).encode(alter, PduHeader.ALTER_CONTEXT, 2);
        write(pipe, PipeClient.bytes(alter));
        byte[] resp = single(pipe);
        assertEquals(PduHeader.ALTER_CONTEXT_RESP, PipeClient.header(resp).type());
        assertEquals("", bindAck(resp).secondaryAddress());
        assertEquals(ContextResult.ACCEPTANCE, bindAck(resp).results().get(0).result());
        write(pipe, request(3, 7, SrvsvcInterface.NETR_SERVER_GET_INFO, SERVER_GET_INFO_100, 3));
        assertEquals(PduHeader.RESPONSE, PipeClient.header(single(pipe)).type());
    }

    @Test
    void alterContextBeforeBindIsAProtocolError() {
        RpcPipe pipe = SampleInterfaces.srvsvcPipe();
        ByteBuf alter = Unpooled.buffer();
        new BindPdu(4280, 4280, 0, List.of(ndr20(0, SRVSVC))).encode(alter, PduHeader.ALTER_CONTEXT, 2);
        write(pipe, PipeClient.bytes(alter));
        assertEquals(FaultStatus.NCA_S_PROTO_ERROR, faultStatus(single(pipe)));
    }

    @Test
    void requestBeforeBindIsAProtocolError() {
        RpcPipe pipe = SampleInterfaces.srvsvcPipe();
        write(pipe, request(1, SrvsvcInterface.NETR_SERVER_GET_INFO, SERVER_GET_INFO_100));
        byte[] fault = single(pipe);
        assertEquals(FaultStatus.NCA_S_PROTO_ERROR, faultStatus(fault));
        assertEquals(PduHeader.PFC_DID_NOT_EXECUTE, PipeClient.header(fault).flags() & PduHeader.PFC_DID_NOT_EXECUTE);
        assertEquals(1, PipeClient.header(fault).callId());
    }

    @Test
    void requestOnAContextNeverBoundIsUnknownInterface() {
        RpcPipe pipe = boundPipe();
        write(pipe, request(2, 9, SrvsvcInterface.NETR_SERVER_GET_INFO, SERVER_GET_INFO_100, 3));
        assertEquals(FaultStatus.NCA_S_UNK_IF, faultStatus(single(pipe)));
    }

    @Test
    void secondBindIsRefused() {
        RpcPipe pipe = boundPipe();
        write(pipe, bind(2, 4280, ndr20(0, SRVSVC)));
        assertEquals(BindNakPdu.REASON_NOT_SPECIFIED, bindNakReason(single(pipe)));
    }

    @Test
    void bindWithAnAuthVerifierIsRefused() {
        byte[] plain = bind(1, 4280, ndr20(0, SRVSVC));
        byte[] withAuth = Arrays.copyOf(plain, plain.length + 8 + 16);
        withAuth = withLe16(withLe16(withAuth, 8, withAuth.length), 10, 16);
        RpcPipe pipe = SampleInterfaces.srvsvcPipe();
        write(pipe, withAuth);
        assertEquals(BindNakPdu.AUTHENTICATION_TYPE_NOT_RECOGNIZED, bindNakReason(single(pipe)));
    }

    @Test
    void authLengthBeyondThePdu() {
        RpcPipe pipe = SampleInterfaces.srvsvcPipe();
        write(pipe, withLe16(bind(1, 4280, ndr20(0, SRVSVC)), 10, 0xFFFF));
        assertEquals(BindNakPdu.REASON_NOT_SPECIFIED, bindNakReason(single(pipe)));
        pipe = boundPipe();
        write(pipe, withLe16(request(2, SrvsvcInterface.NETR_SERVER_GET_INFO, SERVER_GET_INFO_100), 10, 200));
        assertEquals(FaultStatus.NCA_S_PROTO_ERROR, faultStatus(single(pipe)));
    }

    @Test
    void protocolVersionAndDataRepresentation() {
        byte[] bind = bind(1, 4280, ndr20(0, SRVSVC));
        byte[] v4 = bind.clone();
        v4[0] = 4;
        RpcPipe pipe = SampleInterfaces.srvsvcPipe();
        write(pipe, v4);
        byte[] nak = single(pipe);
        assertEquals(BindNakPdu.PROTOCOL_VERSION_NOT_SUPPORTED, bindNakReason(nak));
        assertEquals("0105" + "00", PipeClient.hex(Arrays.copyOfRange(nak, 18, 21)), "supports 5.0");

        byte[] ebcdic = bind.clone();
        ebcdic[4] = 0x11;
        write(pipe, ebcdic);
        assertEquals(BindNakPdu.REASON_NOT_SPECIFIED, bindNakReason(single(pipe)));

        byte[] bigEndian = bind.clone(); // frag_length big-endian too, so the PDU still frames
        bigEndian[4] = 0x00;
        bigEndian[8] = 0;
        bigEndian[9] = (byte) bind.length;
        write(pipe, bigEndian);
        assertEquals(BindNakPdu.REASON_NOT_SPECIFIED, bindNakReason(single(pipe)));
        assertFalse(pipe.isBroken());
        PipeClient.bindOk(pipe, SRVSVC, 4280);
    }

    @Test
    void bindBodiesThatLie() {
        byte[] bind = bind(1, 4280, ndr20(0, SRVSVC));
        RpcPipe pipe = SampleInterfaces.srvsvcPipe();
        byte[] manyClaimed = bind.clone();
        manyClaimed[24] = (byte) 255; // n_context_elem 255, one present
        write(pipe, manyClaimed);
        assertEquals(BindNakPdu.REASON_NOT_SPECIFIED, bindNakReason(single(pipe)));
        byte[] manyTransfer = bind.clone();
        manyTransfer[30] = (byte) 200; // n_transfer_syn 200, one present
        write(pipe, manyTransfer);
        assertEquals(BindNakPdu.REASON_NOT_SPECIFIED, bindNakReason(single(pipe)));
        byte[] shortFrag = withLe16(Arrays.copyOf(bind, 20), 8, 20); // header and half a body
        write(pipe, shortFrag);
        assertEquals(BindNakPdu.REASON_NOT_SPECIFIED, bindNakReason(single(pipe)));
        PipeClient.bindOk(pipe, SRVSVC, 4280);
    }

    /** 255 contexts (the most n_context_elem can say): the answer would not fit one fragment, so bind_nak. */
    @Test
    void hugeContextListIsALocalLimit() {
        ContextElement[] many = new ContextElement[255];
        for (int i = 0; i < many.length; i++) {
            many[i] = ndr20(i, SRVSVC);
        }
        RpcPipe pipe = SampleInterfaces.srvsvcPipe();
        write(pipe, bind(1, 4280, many));
        assertEquals(BindNakPdu.LOCAL_LIMIT_EXCEEDED, bindNakReason(single(pipe)));
        ContextElement[] fifty = Arrays.copyOf(many, 50);
        write(pipe, bind(2, 4280, fifty));
        List<ContextResult> results = bindAck(single(pipe)).results();
        assertEquals(RpcPipe.MAX_CONTEXTS, results.stream().filter(r -> r.result() == ContextResult.ACCEPTANCE).count());
        assertEquals(ContextResult.LOCAL_LIMIT_EXCEEDED, results.get(49).reason());
    }

    @Test
    void tinyMaxRecvFragIsRefused() {
        RpcPipe pipe = SampleInterfaces.srvsvcPipe();
        write(pipe, bind(1, 16, ndr20(0, SRVSVC)));
        assertEquals(BindNakPdu.LOCAL_LIMIT_EXCEEDED, bindNakReason(single(pipe)));
    }

    @Test
    void fragLengthBelowTheHeaderBreaksThePipe() {
        RpcPipe pipe = SampleInterfaces.srvsvcPipe();
        write(pipe, withLe16(bind(1, 4280, ndr20(0, SRVSVC)), 8, 15));
        assertTrue(pipe.isBroken());
        assertFalse(pipe.hasPendingOutput());
        write(pipe, bind(1, 4280, ndr20(0, SRVSVC)));
        assertFalse(pipe.hasPendingOutput(), "a broken pipe ignores input");
    }

    @Test
    void fragLengthBeyondTheDataWaitsForTheRest() {
        RpcPipe pipe = boundPipe();
        byte[] request = request(2, SrvsvcInterface.NETR_SERVER_GET_INFO, SERVER_GET_INFO_100);
        byte[] longer = withLe16(request, 8, request.length + 4);
        write(pipe, longer);
        assertFalse(pipe.hasPendingOutput());
        write(pipe, new byte[]{0, 0, 0, 0});
        assertEquals(PduHeader.RESPONSE, PipeClient.header(single(pipe)).type(), "trailing stub bytes are ignored");
    }

    @Test
    void fragLengthTooShortForTheRequestBody() {
        RpcPipe pipe = boundPipe();
        byte[] request = request(2, SrvsvcInterface.NETR_SERVER_GET_INFO, SERVER_GET_INFO_100);
        write(pipe, withLe16(Arrays.copyOf(request, 20), 8, 20));
        assertEquals(FaultStatus.NCA_S_PROTO_ERROR, faultStatus(single(pipe)));
    }

    @Test
    void strayFragmentsAreProtocolErrors() {
        RpcPipe pipe = boundPipe();
        write(pipe, request(2, 0, SrvsvcInterface.NETR_SERVER_GET_INFO, SERVER_GET_INFO_100, PduHeader.PFC_LAST_FRAG));
        assertEquals(FaultStatus.NCA_S_PROTO_ERROR, faultStatus(single(pipe)));
        write(pipe, request(3, 0, SrvsvcInterface.NETR_SERVER_GET_INFO, new byte[4], PduHeader.PFC_FIRST_FRAG));
        write(pipe, request(4, 0, SrvsvcInterface.NETR_SERVER_GET_INFO, new byte[4], PduHeader.PFC_LAST_FRAG));
        assertEquals(FaultStatus.NCA_S_PROTO_ERROR, faultStatus(single(pipe)), "call id changed mid-call");
        write(pipe, request(5, SrvsvcInterface.NETR_SERVER_GET_INFO, SERVER_GET_INFO_100));
        assertEquals(PduHeader.RESPONSE, PipeClient.header(single(pipe)).type());
    }

    @Test
    void clientSendingServerPdusIsAProtocolError() {
        RpcPipe pipe = boundPipe();
        for (int type : new int[]{PduHeader.RESPONSE, PduHeader.FAULT, PduHeader.BIND_ACK, PduHeader.SHUTDOWN, 42}) {
            byte[] pdu = request(9, SrvsvcInterface.NETR_SERVER_GET_INFO, SERVER_GET_INFO_100);
            pdu[2] = (byte) type;
            write(pipe, pdu);
            assertEquals(FaultStatus.NCA_S_PROTO_ERROR, faultStatus(single(pipe)), "PTYPE " + type);
        }
    }

    @Test
    void requestsBeyondTheSizeBoundFaultOnceAndThePipeRecovers() {
        RpcPipe pipe = boundPipe();
        byte[] chunk = new byte[4096];
        List<byte[]> outputs = new ArrayList<>();
        int fragments = RpcPipe.MAX_REQUEST_STUB / chunk.length + 10;
        for (int i = 0; i < fragments; i++) {
            int flags = (i == 0 ? PduHeader.PFC_FIRST_FRAG : 0) | (i == fragments - 1 ? PduHeader.PFC_LAST_FRAG : 0);
            write(pipe, request(2, 0, SrvsvcInterface.NETR_SHARE_ENUM, chunk, flags));
            outputs.addAll(PipeClient.drain(pipe));
        }
        assertEquals(1, outputs.size());
        assertEquals(FaultStatus.NCA_S_FAULT_REMOTE_NO_MEMORY, faultStatus(outputs.get(0)));
        write(pipe, request(3, SrvsvcInterface.NETR_SERVER_GET_INFO, SERVER_GET_INFO_100));
        assertEquals(PduHeader.RESPONSE, PipeClient.header(single(pipe)).type());
    }

    /**
     * Empty fragments carry no stub, so the stub bound never stops them; the fragment bound does: one fault for the
     * call, the rest of its fragments dropped, and the pipe serves the next call. Until then the reassembly buffer
     * holds only stub bytes, however many fragments came.
     */
    @Test
    void emptyFragmentsBeyondTheFragmentBoundFaultOnceAndThePipeRecovers() {
        RpcPipe pipe = boundPipe();
        byte[] empty = request(2, 0, SrvsvcInterface.NETR_SHARE_ENUM, new byte[0], 0);
        byte[] first = request(2, 0, SrvsvcInterface.NETR_SHARE_ENUM, new byte[8], PduHeader.PFC_FIRST_FRAG);
        ByteBuf all = Unpooled.buffer();
        all.writeBytes(first);
        for (int i = 1; i < RpcPipe.MAX_REQUEST_FRAGMENTS; i++) {
            all.writeBytes(empty);
        }
        pipe.write(all);
        all.release();
        assertFalse(pipe.hasPendingOutput(), "the bound itself is allowed");
        assertTrue(pipe.bufferedInputBytes() <= RpcPipe.MAX_FRAGMENT + 64, "memory for the stub only");

        write(pipe, empty);
        write(pipe, empty);
        write(pipe, request(2, 0, SrvsvcInterface.NETR_SHARE_ENUM, new byte[0], PduHeader.PFC_LAST_FRAG));
        List<byte[]> outputs = PipeClient.drain(pipe);
        assertEquals(1, outputs.size());
        assertEquals(FaultStatus.NCA_S_FAULT_REMOTE_NO_MEMORY, faultStatus(outputs.get(0)));
        write(pipe, request(3, SrvsvcInterface.NETR_SERVER_GET_INFO, SERVER_GET_INFO_100));
        assertEquals(PduHeader.RESPONSE, PipeClient.header(single(pipe)).type());
        assertFalse(pipe.isBroken());
    }

    @Test
    void severalPdusInOneWrite() {
        RpcPipe pipe = SampleInterfaces.srvsvcPipe();
        ByteBuf both = Unpooled.buffer();
        both.writeBytes(bind(1, 4280, ndr20(0, SRVSVC)));
        both.writeBytes(request(2, SrvsvcInterface.NETR_SERVER_GET_INFO, SERVER_GET_INFO_100));
        write(pipe, PipeClient.bytes(both));
        List<byte[]> out = PipeClient.drain(pipe);
        assertEquals(List.of(PduHeader.BIND_ACK, PduHeader.RESPONSE),
                out.stream().map(p -> PipeClient.header(p).type()).toList());
    }

    @Test
    void noResponseToAuth3CancelAndOrphaned() {
        RpcPipe pipe = boundPipe();
        write(pipe, request(2, 0, SrvsvcInterface.NETR_SERVER_GET_INFO, new byte[8], PduHeader.PFC_FIRST_FRAG));
        for (int type : new int[]{PduHeader.AUTH3, PduHeader.CO_CANCEL, PduHeader.ORPHANED}) {
            byte[] pdu = request(2, SrvsvcInterface.NETR_SERVER_GET_INFO, new byte[0]);
            pdu[2] = (byte) type;
            write(pipe, pdu);
        }
        assertFalse(pipe.hasPendingOutput());
        write(pipe, request(2, 0, SrvsvcInterface.NETR_SERVER_GET_INFO, new byte[8], PduHeader.PFC_LAST_FRAG));
        assertEquals(FaultStatus.NCA_S_PROTO_ERROR, faultStatus(single(pipe)), "the orphaned call is gone");
    }

    @Test
    void aClientThatNeverReadsBreaksThePipeInsteadOfGrowingIt() {
        RpcPipe pipe = SampleInterfaces.srvsvcPipe(SampleInterfaces.USER, 50);
        PipeClient.bindOk(pipe, SRVSVC, RpcPipe.MAX_FRAGMENT);
        byte[] enumAll = request(2, SrvsvcInterface.NETR_SHARE_ENUM, PipeClient.hex(
                "00000000 01000000 01000000 00000200 00000000 00000000 ffffffff 00000000"));
        ByteBuf many = Unpooled.buffer();
        for (int i = 0; i < 4000; i++) {
            many.writeBytes(enumAll);
        }
        pipe.write(many);
        assertTrue(pipe.isBroken());
        assertTrue(pipe.bufferedInputBytes() <= 0xFFFF);
        pipe.close();
    }

    /** An interface defect becomes a nca_s_fault_unspec fault for that call; the pipe goes on. */
    @Test
    void anInterfaceThatThrowsEndsTheCallNotThePipe() {
        RpcInterface faulty = new RpcInterface() {
            @Override
            public SyntaxId syntax() {
                return SRVSVC;
            }

            @Override
            public ByteBuf invoke(int opnum, io.signet.protocol.rpc.ndr.NdrReader stub, CallContext caller) {
                throw new IllegalStateException("defect");
            }
        };
        RpcPipe pipe = new RpcPipe(SampleInterfaces.USER, "srvsvc", faulty);
        PipeClient.bindOk(pipe, SRVSVC, 4280);
        write(pipe, request(2, 0, new byte[0]));
        byte[] fault = single(pipe);
        assertEquals(FaultStatus.NCA_S_FAULT_UNSPEC, faultStatus(fault));
        assertEquals(0, PipeClient.header(fault).flags() & PduHeader.PFC_DID_NOT_EXECUTE, "it did run");
        assertFalse(pipe.isBroken());
    }

    @Test
    void readOfZeroBytesOnlyReportsWhetherAPduWaits() {
        RpcPipe pipe = SampleInterfaces.srvsvcPipe();
        PipeRead nothing = pipe.read(0, io.netty.buffer.ByteBufAllocator.DEFAULT);
        assertEquals(0, nothing.data().readableBytes());
        assertFalse(nothing.messageIncomplete());
        nothing.data().release();
        write(pipe, bind(1, 4280, ndr20(0, SRVSVC)));
        PipeRead waiting = pipe.read(0, io.netty.buffer.ByteBufAllocator.DEFAULT);
        assertEquals(0, waiting.data().readableBytes());
        assertTrue(waiting.messageIncomplete());
        waiting.data().release();
        assertEquals(PduHeader.BIND_ACK, PipeClient.header(single(pipe)).type());
    }
}
