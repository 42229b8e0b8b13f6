package io.signet.protocol.crypto;

import static io.signet.protocol.crypto.AesCmacTest.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.signet.protocol.smb2.Smb2Header;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.bouncycastle.crypto.Mac;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.macs.GMac;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of {@link MessageSigner} for all three algorithms ([MS-SMB2] 3.1.4.1 / 3.1.5.1), with Bouncy Castle
 * computing the expected signature independently from a copy of the message whose Signature field is zeroed.
 */
class MessageSignerTest {

    /** The reference signature: BC's HMac/CMac/GMac, the [MS-SMB2] 3.1.4.1 nonce built here from the header. */
    static byte[] oracle(SigningAlgorithm algorithm, byte[] key, byte[] message) {
        byte[] zeroed = message.clone();
        Arrays.fill(zeroed, Smb2Header.OFFSET_SIGNATURE, Smb2Header.OFFSET_SIGNATURE + 16, (byte) 0);
        Mac mac;
        switch (algorithm) {
            case HMAC_SHA256:
                mac = new HMac(new SHA256Digest());
                mac.init(new KeyParameter(key));
                break;
            case AES_CMAC:
                mac = new CMac(AESEngine.newInstance());
                mac.init(new KeyParameter(key));
                break;
            case AES_GMAC:
                byte[] nonce = new byte[12];
                System.arraycopy(message, 24, nonce, 0, 8);
                boolean response = (message[16] & 1) != 0;
                boolean cancel = message[12] == 0x0C && message[13] == 0;
                nonce[8] = (byte) ((response ? 1 : 0) | (cancel && !response ? 2 : 0));
                mac = new GMac(GCMBlockCipher.newInstance(AESEngine.newInstance()));
                mac.init(new ParametersWithIV(new KeyParameter(key), nonce));
                break;
            default:
                throw new AssertionError(algorithm);
        }
        mac.update(zeroed, 0, zeroed.length);
        byte[] full = new byte[mac.getMacSize()];
        mac.doFinal(full, 0);
        return Arrays.copyOf(full, 16);
    }

    /** A plausible message: random bytes under an SMB2 header with a given MessageId, command and flags. */
    static byte[] message(SplittableRandom random, int length, long messageId, int command, int flags) {
        byte[] m = bytes(random, length);
        m[0] = (byte) 0xFE;
        m[1] = 'S';
        m[2] = 'M';
        m[3] = 'B';
        m[12] = (byte) command;
        m[13] = (byte) (command >>> 8);
        for (int i = 0; i < 4; i++) {
            m[16 + i] = (byte) (flags >>> (8 * i));
        }
        for (int i = 0; i < 8; i++) {
            m[24 + i] = (byte) (messageId >>> (8 * i));
        }
        return m;
    }

    static Stream<Arguments> algorithmsAndLayouts() {
        List<Arguments> out = new ArrayList<>();
        for (SigningAlgorithm a : SigningAlgorithm.values()) {
            for (Layout layout : new Layout[] {Layout.HEAP, Layout.HEAP_AT_OFFSET, Layout.DIRECT_AT_OFFSET,
                    Layout.COMPOSITE}) {
                out.add(Arguments.of(a, layout));
            }
        }
        return out.stream();
    }

    /**
     * Lengths from a bare header past several chunks (one byte either side of a chunk boundary), plus 1 MiB; every
     * message verified right after signing.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("algorithmsAndLayouts")
    void signsLikeTheReferenceAndVerifiesForManyLengths(SigningAlgorithm algorithm, Layout layout) {
        SplittableRandom random = new SplittableRandom(algorithm.ordinal() * 31 + layout.ordinal());
        byte[] key = bytes(random, 16);
        MessageSigner signer = algorithm.newSigner(key);
        List<Integer> lengths = new ArrayList<>();
        for (int n = 64; n <= 300; n++) {
            lengths.add(n);
        }
        lengths.addAll(List.of(4095, 4096, 4097, 8191, 8192, 8193, 8256, 65_536 + 64, 1 << 20, (1 << 20) + 7));
        int chunk = AbstractMessageSigner.CHUNK; // the body goes through the scratch array in chunks of this size
        lengths.addAll(List.of(chunk + 63, chunk + 64, chunk + 65, 2 * chunk + 64 + 15, 3 * chunk + 64 + 1));
        long messageId = 1;
        for (int length : lengths) {
            int flags = Smb2Header.FLAG_SERVER_TO_REDIR | Smb2Header.FLAG_SIGNED;
            byte[] m = message(random, length, messageId++, 8, flags);
            byte[] expected = oracle(algorithm, key, m);
            try (Layout.Placed placed = layout.place(m)) {
                int reader = placed.buf.readerIndex();
                int writer = placed.buf.writerIndex();
                signer.sign(placed.buf, placed.offset, length);
                byte[] signed = placed.message(length);
                assertArrayEquals(expected, Arrays.copyOfRange(signed, 48, 64), length + " bytes");
                assertArrayEquals(Arrays.copyOfRange(m, 0, 48), Arrays.copyOfRange(signed, 0, 48));
                assertArrayEquals(Arrays.copyOfRange(m, 64, length), Arrays.copyOfRange(signed, 64, length));
                assertTrue(signer.isValid(placed.buf, placed.offset, length), length + " bytes");
                assertEquals(reader, placed.buf.readerIndex());
                assertEquals(writer, placed.buf.writerIndex());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void verifiesReadOnlyBuffersAndLeavesThemAlone(SigningAlgorithm algorithm) {
        SplittableRandom random = new SplittableRandom(5);
        byte[] key = bytes(random, 16);
        byte[] m = message(random, 777, 42, 5, 0);
        System.arraycopy(oracle(algorithm, key, m), 0, m, 48, 16);
        MessageSigner signer = algorithm.newSigner(key);
        try (Layout.Placed placed = Layout.READ_ONLY_DIRECT.place(m)) {
            byte[] before = placed.allBytes();
            assertTrue(signer.isValid(placed.buf, placed.offset, m.length));
            assertArrayEquals(before, placed.allBytes());
            assertFalse(signer.isValid(placed.buf, placed.offset, m.length - 1), "one byte short");
        }
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void rejectsTamperedMessagesAndForeignKeys(SigningAlgorithm algorithm) {
        SplittableRandom random = new SplittableRandom(6);
        byte[] key = bytes(random, 16);
        MessageSigner signer = algorithm.newSigner(key);
        byte[] m = message(random, 5000, 9, 9, Smb2Header.FLAG_SIGNED);
        try (Layout.Placed placed = Layout.DIRECT_AT_OFFSET.place(m)) {
            signer.sign(placed.buf, placed.offset, m.length);
            assertTrue(signer.isValid(placed.buf, placed.offset, m.length));
            for (int trial = 0; trial < 500; trial++) {
                int index = placed.offset + random.nextInt(m.length);
                byte original = placed.buf.getByte(index);
                placed.buf.setByte(index, original ^ (1 << random.nextInt(8)));
                assertFalse(signer.isValid(placed.buf, placed.offset, m.length), "flip at " + index);
                placed.buf.setByte(index, original);
            }
            byte[] otherKey = key.clone();
            otherKey[15] ^= 1;
            assertFalse(algorithm.newSigner(otherKey).isValid(placed.buf, placed.offset, m.length));
            assertTrue(signer.isValid(placed.buf, placed.offset, m.length));
        }
    }

    /** A source buffer that fails halfway through must not poison the next message's MAC. */
    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void recoversFromABufferThatFailsMidMessage(SigningAlgorithm algorithm) {
        SplittableRandom random = new SplittableRandom(8);
        byte[] key = bytes(random, 16);
        MessageSigner signer = algorithm.newSigner(key);
        byte[] m = message(random, 3 * AbstractMessageSigner.CHUNK + 100, 77, 8, 1);
        FailingBuffer failing = new FailingBuffer(m, 2 * AbstractMessageSigner.CHUNK);
        try {
            assertThrows(FailingBuffer.ReadFailed.class, () -> signer.sign(failing, 0, m.length));
            assertThrows(FailingBuffer.ReadFailed.class, () -> signer.isValid(failing, 0, m.length));
        } finally {
            failing.release();
        }
        try (Layout.Placed placed = Layout.HEAP.place(m)) {
            signer.sign(placed.buf, 0, m.length);
            assertArrayEquals(oracle(algorithm, key, m), Arrays.copyOfRange(placed.message(m.length), 48, 64));
        }
    }

    /** A direct buffer whose bulk reads past {@code failFrom} fail, like a payload whose source went away. */
    static final class FailingBuffer extends UnpooledDirectByteBuf {
        static final class ReadFailed extends RuntimeException {
            ReadFailed() {
                super("simulated read failure");
            }
        }

        private final int failFrom;

        FailingBuffer(byte[] content, int failFrom) {
            super(UnpooledByteBufAllocator.DEFAULT, content.length, content.length);
            writeBytes(content);
            this.failFrom = failFrom;
        }

        @Override
        public ByteBuf getBytes(int index, byte[] dst, int dstIndex, int length) {
            if (index + length > failFrom) {
                throw new ReadFailed();
            }
            return super.getBytes(index, dst, dstIndex, length);
        }
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void rangeChecks(SigningAlgorithm algorithm) {
        MessageSigner signer = algorithm.newSigner(new byte[16]);
        ByteBuf buf = Unpooled.buffer(200).writeZero(200);
        try {
            assertThrows(IllegalArgumentException.class, () -> signer.sign(buf, 0, 63));
            assertFalse(signer.isValid(buf, 0, 63));
            assertFalse(signer.isValid(buf, 0, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> signer.sign(buf, 150, 64));
            assertThrows(IndexOutOfBoundsException.class, () -> signer.isValid(buf, 137, 64));
            assertThrows(IndexOutOfBoundsException.class, () -> signer.isValid(buf, -1, 64));
            assertThrows(IndexOutOfBoundsException.class, () -> signer.sign(buf, 0, -5));
            byte[] untouched = new byte[200];
            buf.getBytes(0, untouched);
            assertArrayEquals(new byte[200], untouched, "failed calls wrote nothing");
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void keysMustBeSixteenBytes(SigningAlgorithm algorithm) {
        assertThrows(IllegalArgumentException.class, () -> algorithm.newSigner(new byte[15]));
        assertThrows(IllegalArgumentException.class, () -> algorithm.newSigner(new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> algorithm.newSigner(null));
    }

    /** [MS-SMB2] 2.2.3.1.7 SigningAlgorithmId values. */
    @Test
    void idsFollowTheSpecification() {
        assertEquals(0x0000, SigningAlgorithm.HMAC_SHA256.id());
        assertEquals(0x0001, SigningAlgorithm.AES_CMAC.id());
        assertEquals(0x0002, SigningAlgorithm.AES_GMAC.id());
        for (SigningAlgorithm a : SigningAlgorithm.values()) {
            assertSame(a, SigningAlgorithm.fromId(a.id()));
        }
        assertNull(SigningAlgorithm.fromId(0x0003));
        assertNull(SigningAlgorithm.fromId(-1));
        assertNull(SigningAlgorithm.fromId(0x10000));
    }

    /**
     * Signing and verifying an 8 MiB message in a direct buffer allocates nothing near its size: the body passes
     * through one reused chunk-sized array. The bound, a hundredth of the message, leaves room for the JDK's small
     * per-message objects (AES-GMAC initialises a GCM cipher per message).
     */
    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void allocatesNothingSizedByTheMessage(SigningAlgorithm algorithm) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int length = 8 << 20;
        // Without the leak detector, which at its paranoid test level records a stack trace on every access.
        ByteBuf buf = new UnpooledByteBufAllocator(true, true).directBuffer(length).writeZero(length);
        try {
            MessageSigner signer = algorithm.newSigner(new byte[16]);
            long most = 0;
            for (int i = 0; i < 4; i++) {
                buf.setLongLE(Smb2Header.OFFSET_MESSAGE_ID, i);
                long before = threads.getCurrentThreadAllocatedBytes();
                signer.sign(buf, 0, length);
                assertTrue(signer.isValid(buf, 0, length));
                if (i > 0) { // the first message allocates the signer's reused scratch arrays
                    most = Math.max(most, threads.getCurrentThreadAllocatedBytes() - before);
                }
            }
            assertTrue(most < length / 200, algorithm + ": signing and verifying " + length + " bytes allocated "
                    + most);
        } finally {
            buf.release();
        }
    }
}
