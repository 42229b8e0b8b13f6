package io.signet.protocol.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test helper: the client side of a pipe, built from the PDU records, and hex fixtures with "//" comments. */
public final class PipeClient {
    public static final int CONTEXT_ID = 0;

    private PipeClient() {
    }

    public static byte[] hex(String fixture) {
        StringBuilder sb = new StringBuilder();
        for (String line : fixture.split("\n")) {
            int comment = line.indexOf("//");
            sb.append((comment >= 0 ? line.substring(0, comment) : line).replaceAll("\\s", ""));
        }
        return ByteBufUtil.decodeHexDump(sb.toString());
    }

    public static String hex(byte[] bytes) {
        return ByteBufUtil.hexDump(bytes);
    }

    public static byte[] bytes(ByteBuf buf) {
        byte[] out = ByteBufUtil.getBytes(buf);
        buf.release();
        return out;
    }

    public static byte[] bind(int callId, int maxRecvFrag, ContextElement... contexts) {
        ByteBuf out = Unpooled.buffer();
        new BindPdu(RpcPipe.MAX_FRAGMENT, maxRecvFrag, 0, List.of(contexts)).encode(out, PduHeader.BIND, callId);
        return bytes(out);
    }

    public static ContextElement ndr20(int contextId, SyntaxId abstractSyntax) {
        return new ContextElement(contextId, abstractSyntax, List.of(SyntaxId.NDR20));
    }

    public static byte[] request(int callId, int contextId, int opnum, byte[] stub, int flags) {
        ByteBuf out = Unpooled.buffer();
        new RequestPdu(stub.length, contextId, opnum, Unpooled.wrappedBuffer(stub)).encode(out, flags, callId);
        return bytes(out);
    }

    public static byte[] request(int callId, int opnum, byte[] stub) {
        return request(callId, CONTEXT_ID, opnum, stub, PduHeader.PFC_FIRST_FRAG | PduHeader.PFC_LAST_FRAG);
    }

    public static void write(RpcPipe pipe, byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        pipe.write(in);
        assertFalse(in.isReadable(), "write consumes all input");
    }

    /** Reads every pending PDU, each whole (a read of 64 KiB holds any fragment). */
    public static List<byte[]> drain(RpcPipe pipe) {
        List<byte[]> pdus = new ArrayList<>();
        while (pipe.hasPendingOutput()) {
            PipeRead read = pipe.read(65536, ByteBufAllocator.DEFAULT);
            assertFalse(read.messageIncomplete());
            pdus.add(bytes(read.data()));
        }
        return pdus;
    }

    /** The one PDU the last write produced. */
    public static byte[] single(RpcPipe pipe) {
        List<byte[]> pdus = drain(pipe);
        assertEquals(1, pdus.size(), "exactly one PDU");
        return pdus.get(0);
    }

    public static PduHeader header(byte[] pdu) {
        return PduHeader.decode(Unpooled.wrappedBuffer(pdu));
    }

    /** The fault status of a fault PDU, failing the test on any other PDU. */
    public static int faultStatus(byte[] pdu) {
        PduHeader h = header(pdu);
        assertEquals(PduHeader.FAULT, h.type(), "expected a fault PDU");
        assertEquals(FaultPdu.SIZE, pdu.length);
        return FaultPdu.decodeBody(Unpooled.wrappedBuffer(pdu, 16, pdu.length - 16), h.flags()).status();
    }

    public static BindAckPdu bindAck(byte[] pdu) {
        PduHeader h = header(pdu);
        assertTrue(h.type() == PduHeader.BIND_ACK || h.type() == PduHeader.ALTER_CONTEXT_RESP, "type " + h.type());
        ByteBuf buf = Unpooled.wrappedBuffer(pdu);
        buf.skipBytes(16);
        return BindAckPdu.decodeBody(buf, 0);
    }

    public static int bindNakReason(byte[] pdu) {
        PduHeader h = header(pdu);
        assertEquals(PduHeader.BIND_NAK, h.type(), "expected bind_nak");
        return BindNakPdu.decodeBody(Unpooled.wrappedBuffer(pdu, 16, pdu.length - 16)).rejectReason();
    }

    /** Binds {@code syntax} on context 0 and checks the acceptance. */
    public static void bindOk(RpcPipe pipe, SyntaxId syntax, int maxRecvFrag) {
        write(pipe, bind(1, maxRecvFrag, ndr20(CONTEXT_ID, syntax)));
        BindAckPdu ack = bindAck(single(pipe));
        assertEquals(ContextResult.ACCEPTANCE, ack.results().get(0).result());
    }

    /** Sends one request and reassembles the response stub from its fragments, checking their flags and sizes. */
    public static byte[] call(RpcPipe pipe, int callId, int opnum, byte[] stub, int maxRecvFrag) {
        write(pipe, request(callId, opnum, stub));
        return responseStub(drain(pipe), callId, maxRecvFrag);
    }

    public static byte[] responseStub(List<byte[]> pdus, int callId, int maxRecvFrag) {
        ByteBuf stub = Unpooled.buffer();
        for (int i = 0; i < pdus.size(); i++) {
            byte[] pdu = pdus.get(i);
            PduHeader h = header(pdu);
            assertEquals(PduHeader.RESPONSE, h.type(), () -> "not a response: " + hex(pdu));
            assertEquals(callId, h.callId());
            assertEquals(pdu.length, h.fragLength());
            assertTrue(pdu.length <= maxRecvFrag, "fragment of " + pdu.length + " > " + maxRecvFrag);
            assertEquals(i == 0, (h.flags() & PduHeader.PFC_FIRST_FRAG) != 0);
            assertEquals(i == pdus.size() - 1, (h.flags() & PduHeader.PFC_LAST_FRAG) != 0);
            ResponsePdu r = ResponsePdu.decodeBody(Unpooled.wrappedBuffer(pdu, 16, pdu.length - 16));
            if (i < pdus.size() - 1) {
                assertEquals(0, r.stub().readableBytes() % 8, "non-last fragments carry multiples of 8");
            }
            stub.writeBytes(r.stub());
        }
        return bytes(stub);
    }
}
