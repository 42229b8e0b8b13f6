package io.signet.protocol.rpc.ndr;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.protocol.rpc.FaultStatus;
import io.signet.protocol.rpc.PipeClient;
import io.signet.protocol.rpc.RpcFault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NDR 2.0 ([C706] chapter 14) constructs, each as a byte-exact fixture and read back. */
class NdrTest {
    private static String written(Consumer<NdrWriter> body) {
        ByteBuf out = Unpooled.buffer();
        body.accept(new NdrWriter(out));
        return ByteBufUtil.hexDump(out);
    }

    private static <T> T read(String fixture, Function<NdrReader, T> body) {
        ByteBuf in = Unpooled.wrappedBuffer(PipeClient.hex(fixture));
        NdrReader r = new NdrReader(in);
        T result = body.apply(r);
        assertEquals(0, r.remaining(), "everything read");
        return result;
    }

    private static int faultOf(String fixture, Function<NdrReader, ?> body) {
        ByteBuf in = Unpooled.wrappedBuffer(PipeClient.hex(fixture));
        return assertThrows(RpcFault.class, () -> body.apply(new NdrReader(in))).status();
    }

    @Test
    void primitivesAlignToTheirSize() {
        String fixture = "01 000000 44332211 0200 000000000000 8877665544332211";
        assertEquals(PipeClient.hex(PipeClient.hex(fixture)), written(w -> {
            w.writeU8(1);
            w.writeU32(0x11223344);
            w.writeU16(2);
            w.writeU64(0x1122334455667788L);
        }));
        read(fixture, r -> {
            assertEquals(1, r.readU8());
            assertEquals(0x11223344, r.readU32());
            assertEquals(2, r.readU16());
            assertEquals(0x1122334455667788L, r.readU64());
            return null;
        });
    }

    @Test
    void alignmentCountsFromTheStartOfTheStub() {
        ByteBuf out = Unpooled.buffer();
        out.writeByte(0xEE); // bytes before the stub do not shift its alignment
        new NdrWriter(out).writeU32(5);
        assertEquals("ee05000000", ByteBufUtil.hexDump(out));
    }

    @Test
    void stringIsConformantVaryingWithNul() {
        String fixture = "03000000 00000000 03000000 6100 6200 0000";
        assertEquals(PipeClient.hex(PipeClient.hex(fixture)), written(w -> w.writeString("ab")));
        assertEquals("ab", read(fixture, NdrReader::readString));
        assertEquals("", read("01000000 00000000 01000000 0000", NdrReader::readString));
    }

    /**
     * A high surrogate followed by a character that is not a low surrogate decodes, with the character, to one
     * replacement char: the NUL must be found in the code units, not at the decoded string's last index (a fuzzing
     * finding: StringIndexOutOfBoundsException escaped from srvsvc's server name).
     */
    @Test
    void stringWithABrokenSurrogatePairIsReadByCodeUnits() {
        assertEquals("\ufffd", read("03000000 00000000 03000000 00d8 4100 0000", NdrReader::readString));
        faultOf("03000000 00000000 03000000 00d8 4100 4200", NdrReader::readString);
    }

    @Test
    void topLevelUniquePointerIsFollowedByItsPointee() {
        String fixture = "00000200 02000000 00000000 02000000 7800 0000 00000000";
        assertEquals(PipeClient.hex(PipeClient.hex(fixture)), written(w -> {
            w.writeUnique("x", NdrWriter::writeString);
            w.writeDeferred();
            w.writeUnique(null, NdrWriter::writeString);
            w.writeDeferred();
        }));
        read(fixture, r -> {
            NdrPointer<String> x = r.readUnique(NdrReader::readString);
            r.readDeferred();
            NdrPointer<String> none = r.readUnique(NdrReader::readString);
            r.readDeferred();
            assertEquals("x", x.get());
            assertEquals(0x20000, x.referentId());
            assertTrue(none.isNull());
            return null;
        });
    }

    /** An array of structures {name*, value}: the fixed parts first, then the strings in element order. */
    @Test
    void embeddedPointeesFollowTheArray() {
        String fixture = """
                02000000                      // max_count 2
                00000200 01000000             // [0] name -> ref 0x20000, value 1
                04000200 02000000             // [1] name -> ref 0x20004, value 2
                02000000 00000000 02000000 6100 0000        // "a" (16 bytes, so "b" needs no padding)
                02000000 00000000 02000000 6200 0000        // "b"
                """;
        record Entry(String name, int value) {
        }
        List<Entry> entries = List.of(new Entry("a", 1), new Entry("b", 2));
        assertEquals(PipeClient.hex(PipeClient.hex(fixture)), written(w -> {
            w.writeConformantArray(entries, (ew, e) -> {
                ew.writeUnique(e.name(), NdrWriter::writeString);
                ew.writeU32(e.value());
            });
            w.writeDeferred();
        }));
        record Read(NdrPointer<String> name, int value) {
        }
        List<Read> back = read(fixture, r -> {
            List<Read> list = r.readConformantArray(8, er -> new Read(er.readUnique(NdrReader::readString),
                    er.readU32()));
            r.readDeferred();
            return list;
        });
        assertEquals(List.of("a", "b"), back.stream().map(e -> e.name().get()).toList());
        assertEquals(List.of(1, 2), back.stream().map(Read::value).toList());
    }

    /** {p1 -> {q -> "q"}, p2 -> "b"}: a pointee's own embedded pointees come before the next sibling's pointee. */
    @Test
    void nestedPointeesAreWrittenDepthFirst() {
        String fixture = """
                00000200 04000200             // p1, p2
                08000200                      // *p1 = { q }
                02000000 00000000 02000000 7100 0000        // *q = "q"
                02000000 00000000 02000000 6200 0000        // *p2 = "b"
                """;
        assertEquals(PipeClient.hex(PipeClient.hex(fixture)), written(w -> {
            w.writeUnique("q", (aw, q) -> aw.writeUnique(q, NdrWriter::writeString));
            w.writeUnique("b", NdrWriter::writeString);
            w.writeDeferred();
        }));
        read(fixture, r -> {
            NdrPointer<NdrPointer<String>> p1 = r.readUnique(ar -> ar.readUnique(NdrReader::readString));
            NdrPointer<String> p2 = r.readUnique(NdrReader::readString);
            r.readDeferred();
            assertEquals("q", p1.get().get());
            assertEquals("b", p2.get());
            return null;
        });
    }

    @Test
    void fullPointersShareOneReferent() {
        String shared = "s";
        String fixture = "00000200 00000200 00000000 02000000 00000000 02000000 7300 0000";
        assertEquals(PipeClient.hex(PipeClient.hex(fixture)), written(w -> {
            w.writeFull(shared, NdrWriter::writeString);
            w.writeFull(shared, NdrWriter::writeString);
            w.writeFull(null, NdrWriter::writeString);
            w.writeDeferred();
        }));
        read(fixture, r -> {
            NdrPointer<String> a = r.readFull(NdrReader::readString);
            NdrPointer<String> b = r.readFull(NdrReader::readString);
            NdrPointer<String> c = r.readFull(NdrReader::readString);
            r.readDeferred();
            assertSame(a, b);
            assertEquals("s", b.get());
            assertTrue(c.isNull());
            return null;
        });
    }

    @Test
    void conformantArraysRoundTrip() {
        String fixture = "03000000 01000000 02000000 03000000";
        assertEquals(PipeClient.hex(PipeClient.hex(fixture)), written(w -> w.writeConformantArray(List.of(1, 2, 3),
                NdrWriter::writeU32)));
        assertEquals(List.of(1, 2, 3), read(fixture, r -> r.readConformantArray(4, NdrReader::readU32)));
        assertEquals("03000000010203", written(w -> w.writeConformantBytes(new byte[]{1, 2, 3})));
        assertArrayEquals(new byte[]{1, 2, 3}, read("03000000 010203", NdrReader::readConformantBytes));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ffffffff 00000000 ffffffff 6100",   // a count far beyond the stub
            "02000000 00000000 02000000 6100",   // actual count beyond the stub
            "02000000 01000000 02000000 6100 0000", // offset + actual > max
            "02000000 00000000 02000000 6100 6200", // no terminating NUL
            "00000000 00000000 00000000",         // no NUL at all
            "02000000 00000000",                 // truncated header
    })
    void malformedStringsAreNdrFaults(String fixture) {
        assertEquals(FaultStatus.NCA_S_FAULT_NDR, faultOf(fixture, NdrReader::readString));
    }

    @Test
    void lyingCountsAreNdrFaultsBeforeAnyAllocation() {
        assertEquals(FaultStatus.NCA_S_FAULT_NDR, faultOf("ffffff7f 01000000",
                r -> r.readConformantArray(4, NdrReader::readU32)));
        assertEquals(FaultStatus.NCA_S_FAULT_NDR, faultOf("ffffff7f 01", NdrReader::readConformantBytes));
        assertEquals(FaultStatus.NCA_S_FAULT_NDR, faultOf("010000", NdrReader::readU32));
        assertEquals(FaultStatus.NCA_S_FAULT_NDR, faultOf("01 0000", r -> {
            r.readU8();
            return r.readU32(); // 3 bytes of padding leave nothing for the long
        }));
    }
}
