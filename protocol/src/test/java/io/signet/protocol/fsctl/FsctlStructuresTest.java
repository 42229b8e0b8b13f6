package io.signet.protocol.fsctl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.fscc.Hex;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** FILE_ALLOCATED_RANGE_BUFFER and FILE_ZERO_DATA_INFORMATION: round trips and the input checks of [MS-FSA]. */
class FsctlStructuresTest {
    private static ByteBuf wrap(String hex) {
        return Unpooled.wrappedBuffer(Hex.bytes(hex));
    }

    private static String encoded(java.util.function.Consumer<ByteBuf> encoder) {
        ByteBuf out = Unpooled.buffer();
        try {
            encoder.accept(out);
            return Hex.of(out);
        } finally {
            out.release();
        }
    }

    private static void assertInvalid(org.junit.jupiter.api.function.Executable e) {
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, assertThrows(SmbException.class, e).status());
    }

    @Test
    void allocatedRangeRoundTrip() {
        String hex = Hex.clean("""
                0010000000000000   // FileOffset 4096
                0004000000000000   // Length 1024
                """);
        ByteBuf in = wrap(hex);
        try {
            AllocatedRange r = AllocatedRange.decodeQuery(in);
            assertEquals(new AllocatedRange(4096, 1024), r);
            assertEquals(0, in.readerIndex(), "decoding leaves the input alone");
            assertEquals(5120, r.end());
            assertEquals(hex, encoded(r::encode));
        } finally {
            in.release();
        }
    }

    @Test
    void allocatedRangeQueryIgnoresTrailingBytes() {
        ByteBuf in = wrap("0000000000000000 0004000000000000 0000000000000000 0004000000000000");
        try {
            assertEquals(new AllocatedRange(0, 1024), AllocatedRange.decodeQuery(in));
        } finally {
            in.release();
        }
    }

    @Test
    void allocatedRangeQueryRejectsShortNegativeAndOverflowingInput() {
        for (String hex : new String[] {
                "",                                           // no buffer (smbtorture sparse_qar_malformed)
                "00000000 00000000 00040000 000000",          // 15 bytes
                "ffffffffffffffff 0004000000000000",          // FileOffset -1
                "0000000000000000 ffffffffffffffff",          // Length -1
                "0002000000000000 ffffffffffffffff",          // 512 + 2^64-1 wraps (sparse_qar_overflow)
                "0100000000000000 ffffffffffffff7f",          // 1 + 2^63-1 passes 2^63-1
        }) {
            ByteBuf in = wrap(hex);
            try {
                assertInvalid(() -> AllocatedRange.decodeQuery(in));
            } finally {
                in.release();
            }
        }
        ByteBuf edge = wrap("0000000000000000 ffffffffffffff7f");
        try {
            assertEquals(Long.MAX_VALUE, AllocatedRange.decodeQuery(edge).end());
        } finally {
            edge.release();
        }
    }

    @Test
    void zeroDataRoundTrip() {
        String hex = Hex.clean("""
                ff0f000000000000   // FileOffset 4095
                ff0f000000000000   // BeyondFinalZero 4095: an empty range is valid
                """);
        ByteBuf in = wrap(hex);
        try {
            ZeroDataInformation z = ZeroDataInformation.decode(in);
            assertEquals(new ZeroDataInformation(4095, 4095), z);
            assertEquals(hex, encoded(z::encode));
        } finally {
            in.release();
        }
    }

    @Test
    void zeroDataRejectsShortNegativeAndBackwardRanges() {
        for (String hex : new String[] {
                "0010000000000000",                           // 8 bytes
                "0010000000000000 ff0f000000000000",          // 4096 past 4095 (smbtorture sparse_punch_invalid)
                "ffffffffffffffff 0010000000000000",          // negative FileOffset
                "0000000000000000 ffffffffffffffff",          // negative BeyondFinalZero
        }) {
            ByteBuf in = wrap(hex);
            try {
                assertInvalid(() -> ZeroDataInformation.decode(in));
            } finally {
                in.release();
            }
        }
    }
}
