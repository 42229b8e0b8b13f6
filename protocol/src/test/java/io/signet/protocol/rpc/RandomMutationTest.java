package io.signet.protocol.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.signet.protocol.rpc.srvsvc.SrvsvcInterface;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 2000 seeded corruptions of a valid conversation (bind with three contexts, NetrShareEnum, NetrShareGetInfo, a
 * fragmented NetrServerGetInfo, alter_context): the pipe only ever answers with well-formed PDUs or breaks, never
 * throws, and never holds more than one fragment plus the request bound.
 */
class RandomMutationTest {
    private static final Set<Integer> SERVER_PDUS = Set.of(PduHeader.BIND_ACK, PduHeader.BIND_NAK,
            PduHeader.ALTER_CONTEXT_RESP, PduHeader.RESPONSE, PduHeader.FAULT);
    private static final int INPUT_BOUND = 0xFFFF + RpcPipe.MAX_REQUEST_STUB;

    private static byte[] conversation() {
        ByteBuf out = Unpooled.buffer();
        out.writeBytes(PipeClient.bind(1, 2048, PipeClient.ndr20(0, SrvsvcInterface.SYNTAX),
                new ContextElement(1, SrvsvcInterface.SYNTAX, List.of(SyntaxId.NDR64)),
                new ContextElement(2, SrvsvcInterface.SYNTAX,
                        List.of(new SyntaxId(Uuid.parse("6cb71c2c-9812-4540-0300-000000000000"), 1, 0)))));
        out.writeBytes(PipeClient.request(2, SrvsvcInterface.NETR_SHARE_ENUM, PipeClient.hex("""
                00000200 06000000 00000000 06000000 5c005c00 53004900 47000000
                01000000 01000000 04000200 00000000 00000000 ffffffff 08000200 00000000
                """)));
        out.writeBytes(PipeClient.request(3, SrvsvcInterface.NETR_SHARE_GET_INFO, PipeClient.hex("""
                00000000 05000000 00000000 05000000 64006100 74006100 00000000 02000000
                """)));
        out.writeBytes(PipeClient.request(4, 0, SrvsvcInterface.NETR_SERVER_GET_INFO, PipeClient.hex("00000000"),
                PduHeader.PFC_FIRST_FRAG));
        out.writeBytes(PipeClient.request(4, 0, SrvsvcInterface.NETR_SERVER_GET_INFO, PipeClient.hex("66000000"),
                PduHeader.PFC_LAST_FRAG));
        new BindPdu(2048, 2048, 0, List.of(PipeClient.ndr20(5, SrvsvcInterface.SYNTAX)))
                .encode(out, PduHeader.ALTER_CONTEXT, 5);
        return PipeClient.bytes(out);
    }

    private static byte[] mutate(byte[] valid, Random random) {
        byte[] b = valid.clone();
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && b.length > 0; m++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(7)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[at] = (byte) random.nextInt(256);
                case 2 -> b[at] = random.nextBoolean() ? 0 : (byte) 0xFF;
                case 3 -> {
                    if (at + 1 < b.length) {
                        int v = random.nextBoolean() ? random.nextInt(65536) : 0xFFFF;
                        b[at] = (byte) v;
                        b[at + 1] = (byte) (v >>> 8);
                    }
                }
                case 4 -> b = Arrays.copyOf(b, at);
                case 5 -> {
                    byte[] junk = new byte[1 + random.nextInt(32)];
                    random.nextBytes(junk);
                    byte[] grown = new byte[b.length + junk.length];
                    System.arraycopy(b, 0, grown, 0, at);
                    System.arraycopy(junk, 0, grown, at, junk.length);
                    System.arraycopy(b, at, grown, at + junk.length, b.length - at);
                    b = grown;
                }
                default -> {
                    int end = Math.min(b.length, at + 1 + random.nextInt(48));
                    byte[] shrunk = new byte[b.length - (end - at)];
                    System.arraycopy(b, 0, shrunk, 0, at);
                    System.arraycopy(b, end, shrunk, at, b.length - end);
                    b = shrunk;
                }
            }
        }
        return b;
    }

    @Test
    void corruptedConversationsNeverThrow() {
        byte[] valid = conversation();
        int[] outcomes = new int[4]; // ok responses, faults, bind_naks, broken pipes
        Random random = new Random(20261125L);
        for (int iteration = 0; iteration < 2000; iteration++) {
            byte[] input = mutate(valid, random);
            RpcPipe pipe = SampleInterfaces.srvsvcPipe();
            int off = 0;
            while (off < input.length) {
                int n = Math.min(input.length - off, 1 + random.nextInt(200));
                pipe.write(Unpooled.wrappedBuffer(input, off, n));
                off += n;
                assertTrue(pipe.bufferedInputBytes() <= INPUT_BOUND, "input held: " + pipe.bufferedInputBytes());
                while (pipe.hasPendingOutput()) {
                    PipeRead read = pipe.read(1 + random.nextInt(8192), ByteBufAllocator.DEFAULT);
                    ByteBuf data = read.data();
                    if (!read.messageIncomplete() && data.readableBytes() >= PduHeader.SIZE
                            && data.getUnsignedShortLE(8) == data.readableBytes()) {
                        int type = data.getUnsignedByte(2);
                        assertTrue(SERVER_PDUS.contains(type), "iteration " + iteration + " PTYPE " + type);
                        assertTrue(data.readableBytes() <= RpcPipe.MAX_FRAGMENT);
                        outcomes[type == PduHeader.FAULT ? 1 : type == PduHeader.BIND_NAK ? 2 : 0]++;
                    }
                    data.release();
                }
            }
            if (pipe.isBroken()) {
                outcomes[3]++;
            }
            pipe.close();
        }
        assertTrue(outcomes[1] > 100 && outcomes[2] > 10 && outcomes[3] > 10, Arrays.toString(outcomes));
    }

    @Test
    void theUncorruptedConversationSucceeds() {
        RpcPipe pipe = SampleInterfaces.srvsvcPipe();
        PipeClient.write(pipe, conversation());
        List<Integer> types = PipeClient.drain(pipe).stream().map(p -> PipeClient.header(p).type()).toList();
        assertEquals(List.of(PduHeader.BIND_ACK, PduHeader.RESPONSE, PduHeader.RESPONSE, PduHeader.RESPONSE,
                PduHeader.ALTER_CONTEXT_RESP), types);
    }
}
