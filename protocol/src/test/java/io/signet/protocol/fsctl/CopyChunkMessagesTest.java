package io.signet.protocol.fsctl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** [MS-SMB2] 2.2.31.1, 2.2.32.3 and 2.2.32.4: the server-side copy structures, both directions. */
class CopyChunkMessagesTest {
    private static byte[] key() {
        byte[] k = new byte[ResumeKeyResponse.KEY_SIZE];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (i + 1);
        }
        return k;
    }

    @Test
    void copyChunkCopyRoundTripsWithTheSpecLayout() {
        CopyChunkRequest req = new CopyChunkRequest(key(), List.of(
                new CopyChunkRequest.Chunk(0, 4096, 4096),
                new CopyChunkRequest.Chunk(0x1_0000_0000L, 7, 0xFFFF_FFFFL)));
        ByteBuf buf = Unpooled.buffer();
        req.encode(buf);
        assertEquals(CopyChunkRequest.HEADER_SIZE + 2 * CopyChunkRequest.Chunk.SIZE, buf.readableBytes());
        assertEquals(2, buf.getIntLE(24), "ChunkCount follows the 24-byte SourceKey");
        assertEquals(4096, buf.getLongLE(32 + 8), "TargetOffset of the first chunk");
        CopyChunkRequest back = CopyChunkRequest.decode(buf);
        assertArrayEquals(key(), back.sourceKey());
        assertEquals(req.chunks(), back.chunks());
        assertEquals(0xFFFF_FFFFL, back.chunks().get(1).length(), "Length is unsigned");
    }

    @Test
    void aCopyShorterThanItsChunkCountIsInvalid() {
        ByteBuf buf = Unpooled.buffer();
        new CopyChunkRequest(key(), List.of(new CopyChunkRequest.Chunk(0, 0, 1))).encode(buf);
        buf.setIntLE(24, 2);
        SmbException e = assertThrows(SmbException.class, () -> CopyChunkRequest.decode(buf));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, e.status());
        SmbException shortHeader = assertThrows(SmbException.class,
                () -> CopyChunkRequest.decode(Unpooled.wrappedBuffer(new byte[31])));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, shortHeader.status());
    }

    @Test
    void aHugeChunkCountIsReadWithoutDecodingChunks() {
        ByteBuf buf = Unpooled.buffer();
        new CopyChunkRequest(key(), List.of()).encode(buf);
        buf.setIntLE(24, -1);
        assertEquals(0xFFFF_FFFFL, CopyChunkRequest.chunkCount(buf));
    }

    @Test
    void resumeKeyResponseIsKeyThenZeroContextLengthThenPadding() {
        ByteBuf buf = Unpooled.buffer();
        new ResumeKeyResponse(key()).encode(buf);
        assertEquals(32, buf.readableBytes());
        assertEquals(0, buf.getIntLE(24), "ContextLength");
        assertEquals(0, buf.getIntLE(28), "Context padding");
        assertArrayEquals(key(), ResumeKeyResponse.decode(buf).resumeKey());
    }
}
