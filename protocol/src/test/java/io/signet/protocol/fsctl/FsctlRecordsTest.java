package io.signet.protocol.fsctl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.fscc.Hex;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * FILE_OBJECTID_BUFFER, FILE_SET_SPARSE_BUFFER, the compression state and SRV_COPYCHUNK_RESPONSE: round trips and
 * fixtures; the RequiredAccess field of a control code.
 */
class FsctlRecordsTest {
    /** [MS-FSCC] 2.1.3.1 as Signet answers for file id 0x0102030405060708 on volume serial 0xaabbccdd. */
    static final String OBJECT_ID = Hex.clean("""
            0807060504030201 ddccbbaa 00000000   // ObjectId: file id, volume serial, zero
            ddccbbaa 000000000000000000000000    // BirthVolumeId: volume serial
            0807060504030201 ddccbbaa 00000000   // BirthObjectId: as ObjectId
            00000000000000000000000000000000     // DomainId
            """);

    private static ByteBuf wrap(String hex) {
        return Unpooled.wrappedBuffer(Hex.bytes(hex));
    }

    private static String encoded(Consumer<ByteBuf> encoder) {
        ByteBuf out = Unpooled.buffer();
        try {
            encoder.accept(out);
            return Hex.of(out);
        } finally {
            out.release();
        }
    }

    private static void assertInvalid(String hex, Consumer<ByteBuf> decoder) {
        ByteBuf in = wrap(hex);
        try {
            SmbException e = assertThrows(SmbException.class, () -> decoder.accept(in));
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, e.status());
        } finally {
            in.release();
        }
    }

    @Test
    void objectIdOfAFileEncodesToTheFixtureAndRoundTrips() {
        ObjectIdBuffer id = ObjectIdBuffer.forFile(0x0102030405060708L, 0xAABBCCDD);
        assertEquals(OBJECT_ID, encoded(id::encode));
        ByteBuf in = wrap(OBJECT_ID);
        try {
            ObjectIdBuffer back = ObjectIdBuffer.decode(in);
            assertEquals(id, back);
            assertEquals(0, in.readerIndex(), "decoding leaves the input alone");
            assertArrayEquals(back.objectId(), back.birthObjectId());
            assertArrayEquals(new byte[16], back.domainId());
        } finally {
            in.release();
        }
    }

    @Test
    void objectIdBufferShorterThan64BytesIsInvalid() {
        assertInvalid(OBJECT_ID.substring(0, 126), ObjectIdBuffer::decode);
        assertThrows(IllegalArgumentException.class,
                () -> new ObjectIdBuffer(new byte[15], new byte[16], new byte[16], new byte[16]));
    }

    @Test
    void setSparseBufferRoundTripsAndIsOptional() {
        for (boolean sparse : new boolean[] {true, false}) {
            SetSparseBuffer b = new SetSparseBuffer(sparse);
            String hex = encoded(b::encode);
            assertEquals(sparse ? "01" : "00", hex);
            ByteBuf in = wrap(hex);
            try {
                assertEquals(b, SetSparseBuffer.decode(in));
            } finally {
                in.release();
            }
        }
        ByteBuf none = wrap("");
        ByteBuf oversize = wrap("00 01 01 01");
        try {
            assertTrue(SetSparseBuffer.decode(none).setSparse(), "no buffer makes the file sparse");
            assertFalse(SetSparseBuffer.decode(oversize).setSparse(), "only the first byte counts");
        } finally {
            none.release();
            oversize.release();
        }
    }

    @Test
    void compressionStateRoundTrips() {
        ByteBuf in = wrap("0200");                              // CompressionState COMPRESSION_FORMAT_LZNT1
        try {
            CompressionState state = CompressionState.decode(in);
            assertEquals(new CompressionState(CompressionState.COMPRESSION_FORMAT_LZNT1), state);
            assertEquals("0200", encoded(state::encode));
            assertTrue(state.isKnown());
        } finally {
            in.release();
        }
        assertEquals("0000", encoded(new CompressionState(CompressionState.COMPRESSION_FORMAT_NONE)::encode));
        assertFalse(new CompressionState(3).isKnown());
        assertInvalid("02", CompressionState::decode);
    }

    @Test
    void copyChunkResponseDecodesTheSpecLayoutAndRoundTrips() {
        String hex = Hex.clean("""
                03000000   // ChunksWritten 3
                00100000   // ChunkBytesWritten 4096
                00300000   // TotalBytesWritten 12288
                """);
        ByteBuf in = wrap(hex);
        try {
            CopyChunkResponse r = CopyChunkResponse.decode(in);
            assertEquals(new CopyChunkResponse(3, 4096, 12288), r);
            assertEquals(hex, encoded(r::encode));
        } finally {
            in.release();
        }
    }

    @Test
    void requiredAccessIsBits14And15OfTheControlCode() {
        assertEquals(CtlCode.FILE_READ_ACCESS, CtlCode.requiredAccess(CtlCode.FSCTL_QUERY_ALLOCATED_RANGES));
        assertEquals(CtlCode.FILE_WRITE_ACCESS, CtlCode.requiredAccess(CtlCode.FSCTL_SET_ZERO_DATA));
        assertEquals(CtlCode.FILE_READ_ACCESS | CtlCode.FILE_WRITE_ACCESS,
                CtlCode.requiredAccess(CtlCode.FSCTL_SET_COMPRESSION));
        assertEquals(0, CtlCode.requiredAccess(CtlCode.FSCTL_SET_SPARSE));
    }
}
