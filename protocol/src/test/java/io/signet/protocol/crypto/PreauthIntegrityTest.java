package io.signet.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * [MS-SMB2] 3.3.5.4 / 3.3.5.5 SHA-512 preauth integrity: the four complete published chains (files 01 and 05), every
 * intermediate value, for every buffer layout.
 */
class PreauthIntegrityTest {

    /** One published chain: the messages in wire order and the hash after each. */
    record Chain(String file, String prefix, List<String[]> steps) {
        @Override
        public String toString() {
            return file.substring(0, 2) + " " + prefix;
        }
    }

    static Chain anatomyChain(String prefix) {
        List<String[]> steps = new ArrayList<>();
        steps.add(new String[] {prefix + "NegotiateRequest", prefix + "H1_afterNegReq"});
        steps.add(new String[] {prefix + "NegotiateResponse", prefix + "H2_afterNegResp"});
        steps.add(new String[] {prefix + "SessSetupRequest1", prefix + "H3_afterSSReq1"});
        steps.add(new String[] {prefix + "SessSetupResponse1", prefix + "H4_afterSSResp1"});
        steps.add(new String[] {prefix + "SessSetupRequest2", prefix + "H5_final"});
        return new Chain(Vectors.ANATOMY_KDF, prefix, steps);
    }

    static Chain encryptionBlogChain(String prefix) {
        List<String[]> steps = new ArrayList<>();
        steps.add(new String[] {prefix + "NegotiateRequest", prefix + "H1"});
        steps.add(new String[] {prefix + "NegotiateResponse", prefix + "H2"});
        steps.add(new String[] {prefix + "SessSetupRequest1", prefix + "H3"});
        steps.add(new String[] {prefix + "SessSetupResponse1", prefix + "H4"});
        steps.add(new String[] {prefix + "SessSetupRequest2", prefix + "H5_final"});
        return new Chain(Vectors.SMB311_GCM_CCM, prefix, steps);
    }

    static Stream<Arguments> chainsAndLayouts() {
        List<Arguments> out = new ArrayList<>();
        for (Chain c : List.of(anatomyChain("S311_CH1_"), anatomyChain("S311_CH2_"), encryptionBlogChain("GCM_"),
                encryptionBlogChain("CCM_"))) {
            for (Layout layout : Layout.values()) {
                out.add(Arguments.of(c, layout));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("chainsAndLayouts")
    void reproducesEveryIntermediateHashOfThePublishedChain(Chain chain, Layout layout) {
        Vectors v = Vectors.load(chain.file());
        byte[] h = PreauthIntegrity.initial();
        for (String[] step : chain.steps()) {
            byte[] message = v.get(step[0]);
            try (Layout.Placed placed = layout.place(message)) {
                byte[] before = placed.allBytes();
                int reader = placed.buf.readerIndex();
                int writer = placed.buf.writerIndex();
                byte[] previous = h;
                byte[] previousCopy = h.clone();
                h = PreauthIntegrity.update(previous, placed.buf, placed.offset, message.length);
                assertArrayEquals(v.get(step[1]), h, "after " + step[0]);
                assertArrayEquals(before, placed.allBytes(), "buffer untouched");
                assertEquals(reader, placed.buf.readerIndex());
                assertEquals(writer, placed.buf.writerIndex());
                assertArrayEquals(previousCopy, previous, "previous value untouched");
            }
        }
    }

    @Test
    void initialValueIsTheSixtyFourZeroBytesOfThePublishedChain() {
        assertArrayEquals(Vectors.load(Vectors.ANATOMY_KDF).get("S311_CH1_H0"), PreauthIntegrity.initial());
    }

    @Test
    void rejectsAPreviousValueOfTheWrongLengthAndRangesOutsideTheBuffer() {
        ByteBuf buf = Unpooled.buffer(100).writeZero(100);
        try {
            assertThrows(IllegalArgumentException.class, () -> PreauthIntegrity.update(new byte[32], buf, 0, 100));
            assertThrows(IndexOutOfBoundsException.class,
                    () -> PreauthIntegrity.update(PreauthIntegrity.initial(), buf, 1, 100));
            assertThrows(IndexOutOfBoundsException.class,
                    () -> PreauthIntegrity.update(PreauthIntegrity.initial(), buf, -1, 10));
        } finally {
            buf.release();
        }
    }
}
