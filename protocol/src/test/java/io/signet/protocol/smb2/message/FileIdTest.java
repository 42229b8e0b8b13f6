package io.signet.protocol.smb2.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class FileIdTest extends MessageTestSupport {

    @Test
    void writesPersistentThenVolatileLittleEndian() {
        ByteBuf out = track(Unpooled.buffer());
        FILE_ID.write(out);
        assertEquals(FILE_ID_HEX, ByteBufUtil.hexDump(out));
    }

    @Test
    void readsAtAnAbsoluteIndexWithoutMovingIndices() {
        ByteBuf buf = wrap("aabbcc" + FILE_ID_HEX);
        assertEquals(FILE_ID, FileId.read(buf, 3));
        assertEquals(0, buf.readerIndex());
    }

    @Test
    void anyIsAllOnes() {
        ByteBuf buf = wrap(FILE_ID_ANY_HEX);
        FileId any = FileId.read(buf, 0);
        assertEquals(FileId.ANY, any);
        assertTrue(any.isAny());
        assertFalse(FILE_ID.isAny());
        assertFalse(new FileId(-1L, 0).isAny());
    }
}
