package io.signet.protocol.crypto.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** [MS-SMB2] 2.2.41 TRANSFORM_HEADER layout, read from and written back to a published Windows message. */
class TransformHeaderTest {
    private final TransformVectors v04 = TransformVectors.load(TransformVectors.SMB30_CCM);

    @Test
    void decodesAPublishedHeader() {
        byte[] message = v04.get("WRITE_REQ_Transformed");
        ByteBuf buf = Unpooled.wrappedBuffer(message);
        try {
            TransformHeader h = TransformHeader.decode(buf, 0);
            assertArrayEquals(v04.get("WRITE_REQ_Signature"), h.signature16());
            assertArrayEquals(v04.get("WRITE_REQ_Nonce16"), h.nonce16());
            assertEquals(v04.get("WRITE_REQ_Plain").length, h.originalMessageSize());
            assertEquals(message.length - TransformHeader.SIZE, h.originalMessageSizeUnsigned());
            assertEquals(TransformHeader.FLAG_ENCRYPTED, h.flags());
            assertEquals(Unpooled.wrappedBuffer(v04.get("SessionId_LE")).getLongLE(0), h.sessionId());
            assertEquals(0, buf.readerIndex(), "decode moved the reader index");
        } finally {
            buf.release();
        }
    }

    @Test
    void readsThePublishedSessionIdInPlace() {
        ByteBuf buf = Unpooled.wrappedBuffer(v04.get("WRITE_REQ_Transformed"));
        try {
            assertEquals(Unpooled.wrappedBuffer(v04.get("SessionId_LE")).getLongLE(0),
                    TransformHeader.readSessionId(buf, 0));
        } finally {
            buf.release();
        }
    }

    @Test
    void encodesTheSame52BytesItDecoded() {
        for (String m : new String[] {"WRITE_REQ", "READ_REQ", "WRITE_RESP", "READ_RESP"}) {
            byte[] message = v04.get(m + "_Transformed");
            ByteBuf in = Unpooled.wrappedBuffer(message);
            ByteBuf out = Unpooled.buffer(1);
            try {
                TransformHeader.decode(in, 0).encode(out);
                assertEquals(TransformHeader.SIZE, out.readableBytes());
                assertArrayEquals(Arrays.copyOf(message, TransformHeader.SIZE), ByteBufUtil.getBytes(out), m);
            } finally {
                in.release();
                out.release();
            }
        }
    }

    @Test
    void decodesAtAnIndexAndReadsOriginalMessageSizeAsUnsigned() {
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeZero(9);
            byte[] signature = new byte[16];
            Arrays.fill(signature, (byte) 0x5A);
            new TransformHeader(signature, new byte[16], 0xFFFF_FFF0, 0x0001, -1L).encode(buf);
            TransformHeader h = TransformHeader.decode(buf, 9);
            assertEquals(0xFFFF_FFF0L, h.originalMessageSizeUnsigned());
            assertEquals(-1L, h.sessionId());
            assertArrayEquals(signature, h.signature16());
            assertEquals(new TransformHeader(signature, new byte[16], 0xFFFF_FFF0, 1, -1L), h);
        } finally {
            buf.release();
        }
    }

    @Test
    void truncatedOrMisplacedHeadersAreInvalidParameters() {
        byte[] message = v04.get("READ_RESP_Transformed");
        for (int length = 0; length < TransformHeader.SIZE; length++) {
            ByteBuf buf = Unpooled.wrappedBuffer(message, 0, length);
            try {
                assertInvalid(buf, 0);
            } finally {
                buf.release();
            }
        }
        ByteBuf buf = Unpooled.wrappedBuffer(message);
        try {
            assertInvalid(buf, -1);
            assertInvalid(buf, Integer.MIN_VALUE);
            assertInvalid(buf, message.length - TransformHeader.SIZE + 1);
            assertInvalid(buf, Integer.MAX_VALUE);
        } finally {
            buf.release();
        }
    }

    @Test
    void aWrongProtocolIdIsAnInvalidParameter() {
        for (int i = 0; i < 4; i++) {
            byte[] message = v04.get("READ_RESP_Transformed");
            message[i] ^= 0x01;
            ByteBuf buf = Unpooled.wrappedBuffer(message);
            try {
                assertInvalid(buf, 0);
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void copiesItsArraysAndChecksTheirLengths() {
        byte[] signature = new byte[16];
        TransformHeader h = new TransformHeader(signature, new byte[16], 0, 1, 0);
        signature[0] = 1;
        h.signature16()[1] = 1;
        assertArrayEquals(new byte[16], h.signature16());
        assertThrows(IllegalArgumentException.class, () -> new TransformHeader(new byte[15], new byte[16], 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TransformHeader(new byte[16], new byte[11], 0, 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new TransformHeader(new byte[16], new byte[16], 0, 0x10000, 0));
    }

    @Test
    void cipherIdsAreThoseOfTheEncryptionCapabilitiesContext() {
        // [MS-SMB2] 2.2.3.1.2
        assertEquals(CipherId.AES_128_CCM, CipherId.fromId(0x0001));
        assertEquals(CipherId.AES_128_GCM, CipherId.fromId(0x0002));
        assertEquals(CipherId.AES_256_CCM, CipherId.fromId(0x0003));
        assertEquals(CipherId.AES_256_GCM, CipherId.fromId(0x0004));
        assertNull(CipherId.fromId(0x0000));
        assertNull(CipherId.fromId(0x0005));
        assertNull(CipherId.fromId(-1));
        for (CipherId c : CipherId.values()) {
            assertEquals(c.name().startsWith("AES_128") ? 16 : 32, c.keyLength(), c.name());
            assertEquals(c.isCcm() ? 11 : 12, c.nonceLength(), c.name());
            assertEquals(c.name().endsWith("CCM"), c.isCcm(), c.name());
        }
    }

    private static void assertInvalid(ByteBuf buf, int index) {
        SmbException e = assertThrows(SmbException.class, () -> TransformHeader.decode(buf, index),
                "index " + index + " of " + buf.writerIndex() + " bytes");
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, e.status());
    }
}
