package io.signet.protocol.crypto.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.CCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** [MS-SMB2] 3.1.4.3 encryption through {@link MessageEncryptor}: round trips, tampering, nonces, bad input. */
class MessageEncryptorTest {
    private static final long SESSION_ID = 0x0000_1000_0000_0025L;

    static Stream<Arguments> everyCipherLengthAndBuffer() {
        return Stream.of(CipherId.values()).flatMap(c -> IntStream.of(0, 1, 15, 16, 17, 1000, 1 << 20)
                .boxed().flatMap(n -> Stream.of(Buffers.values()).map(b -> Arguments.of(c, n, b))));
    }

    @ParameterizedTest(name = "{0}, {1} bytes, {2}")
    @MethodSource("everyCipherLengthAndBuffer")
    void roundTrips(CipherId cipher, int length, Buffers kind) {
        SplittableRandom random = new SplittableRandom(length * 31L + cipher.ordinal());
        byte[] key = bytes(random, cipher.keyLength());
        byte[] plain = bytes(random, length);
        ByteBuf buf = kind.holding(reserveHeader(plain));
        try {
            new MessageEncryptor(cipher, key).encrypt(buf, kind.before, length, SESSION_ID);

            TransformHeader h = TransformHeader.decode(buf, kind.before);
            assertEquals(length, h.originalMessageSizeUnsigned());
            assertEquals(TransformHeader.FLAG_ENCRYPTED, h.flags());
            assertEquals(SESSION_ID, h.sessionId());
            assertEquals(0, buf.getShortLE(kind.before + 40), "Reserved");
            byte[] padding = Arrays.copyOfRange(h.nonce16(), cipher.nonceLength(), 16);
            assertArrayEquals(new byte[16 - cipher.nonceLength()], padding, "Nonce padding");
            if (length >= 16) {
                assertFalse(Arrays.equals(plain, ByteBufUtil.getBytes(buf, kind.before + 52, length)),
                        "ciphertext equals plaintext");
            }
            assertTrue(kind.sentinelsIntact(buf, 52 + length), "bytes outside the message changed");

            int n = new MessageEncryptor(cipher, key).decrypt(buf, kind.before, 52 + length);
            assertEquals(length, n);
            assertArrayEquals(plain, ByteBufUtil.getBytes(buf, kind.before + 52, length));
            assertTrue(kind.sentinelsIntact(buf, 52 + length), "bytes outside the message changed");
        } finally {
            buf.release();
        }
    }

    /** A pure-Java implementation decrypts what the encryptor produced, header and all. */
    @ParameterizedTest
    @EnumSource(CipherId.class)
    void bouncyCastleDecryptsTheTransformedMessages(CipherId cipher) throws Exception {
        SplittableRandom random = new SplittableRandom(cipher.id());
        byte[] key = bytes(random, cipher.keyLength());
        MessageEncryptor encryptor = new MessageEncryptor(cipher, key);
        for (int round = 0; round < 60; round++) {
            byte[] plain = bytes(random, round == 0 ? 0 : random.nextInt(1, 40_000));
            ByteBuf buf = Unpooled.wrappedBuffer(reserveHeader(plain));
            try {
                encryptor.encrypt(buf, 0, plain.length, SESSION_ID);
                byte[] message = ByteBufUtil.getBytes(buf);
                byte[] nonce = Arrays.copyOfRange(message, 20, 20 + cipher.nonceLength());
                byte[] aad = Arrays.copyOfRange(message, 20, 52);
                AEADCipher oracle = cipher.isCcm() ? CCMBlockCipher.newInstance(AESEngine.newInstance())
                        : GCMBlockCipher.newInstance(AESEngine.newInstance());
                oracle.init(false, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
                // BC takes ciphertext || tag; SMB carries the tag in the header's Signature.
                byte[] sealed = new byte[plain.length + 16];
                System.arraycopy(message, 52, sealed, 0, plain.length);
                System.arraycopy(message, 4, sealed, plain.length, 16);
                byte[] out = new byte[oracle.getOutputSize(sealed.length)];
                int n = oracle.processBytes(sealed, 0, sealed.length, out, 0);
                n += oracle.doFinal(out, n);
                assertArrayEquals(plain, Arrays.copyOf(out, n), cipher + " round " + round);
            } finally {
                buf.release();
            }
        }
    }

    /**
     * Changing any bit of the transformed message is caught: ProtocolId, OriginalMessageSize and Flags by the header
     * checks, everything else (Signature, the AAD, ciphertext) by the tag.
     */
    @ParameterizedTest
    @EnumSource(CipherId.class)
    void everyTamperedByteIsRefused(CipherId cipher) {
        SplittableRandom random = new SplittableRandom(99);
        byte[] key = bytes(random, cipher.keyLength());
        byte[] plain = bytes(random, 100);
        ByteBuf buf = Unpooled.wrappedBuffer(reserveHeader(plain));
        new MessageEncryptor(cipher, key).encrypt(buf, 0, plain.length, SESSION_ID);
        byte[] message = ByteBufUtil.getBytes(buf);
        buf.release();

        MessageEncryptor decryptor = new MessageEncryptor(cipher, key);
        ByteBuf control = Unpooled.wrappedBuffer(message.clone());
        assertEquals(plain.length, decryptor.decrypt(control, 0, message.length), "untampered message");
        control.release();

        for (int i = 0; i < message.length; i++) {
            for (int bit : new int[] {0x01, 0x80}) {
                byte[] tampered = message.clone();
                tampered[i] ^= (byte) bit;
                ByteBuf t = Unpooled.wrappedBuffer(tampered);
                int index = i;
                SmbException e = assertThrows(SmbException.class, () -> decryptor.decrypt(t, 0, tampered.length),
                        "byte " + index + " bit " + bit);
                boolean headerCheck = i < 4 || (i >= 36 && i < 40) || (i >= 42 && i < 44);
                assertEquals(headerCheck ? NtStatus.STATUS_INVALID_PARAMETER : NtStatus.STATUS_ACCESS_DENIED,
                        e.status(), "byte " + i);
                if (!headerCheck) {
                    assertArrayEquals(new byte[plain.length], ByteBufUtil.getBytes(t, 52, plain.length),
                            "unauthenticated plaintext left in the buffer after tampering byte " + i);
                }
                t.release();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CipherId.class)
    void aMessageDoesNotDecryptUnderTheOtherDirectionsKey(CipherId cipher) {
        SplittableRandom random = new SplittableRandom(5);
        byte[] plain = bytes(random, 64);
        ByteBuf buf = Unpooled.wrappedBuffer(reserveHeader(plain));
        try {
            new MessageEncryptor(cipher, bytes(random, cipher.keyLength())).encrypt(buf, 0, 64, SESSION_ID);
            MessageEncryptor other = new MessageEncryptor(cipher, bytes(random, cipher.keyLength()));
            assertEquals(NtStatus.STATUS_ACCESS_DENIED,
                    assertThrows(SmbException.class, () -> other.decrypt(buf, 0, 52 + 64)).status());
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest
    @EnumSource(CipherId.class)
    void noncesNeverRepeatOver100000Messages(CipherId cipher) {
        MessageEncryptor encryptor = new MessageEncryptor(cipher, new byte[cipher.keyLength()]);
        Set<ByteBuffer> nonces = new HashSet<>();
        ByteBuf buf = Unpooled.buffer(52 + 1).writeZero(52 + 1);
        try {
            for (int i = 0; i < 100_000; i++) {
                encryptor.encrypt(buf, 0, 1, SESSION_ID);
                byte[] nonce = ByteBufUtil.getBytes(buf, 20, 16);
                assertTrue(nonces.add(ByteBuffer.wrap(nonce)), "nonce repeated after " + i + " messages");
            }
        } finally {
            buf.release();
        }
        assertEquals(100_000, nonces.size());
    }

    @Test
    void twoInstancesUnderOneKeyDrawDifferentNoncePrefixes() {
        // 4 random bytes each: a false failure has probability 2^-32.
        byte[] key = new byte[16];
        byte[] a = firstNonceField(new MessageEncryptor(CipherId.AES_128_GCM, key));
        byte[] b = firstNonceField(new MessageEncryptor(CipherId.AES_128_GCM, key));
        assertFalse(Arrays.equals(a, b));
    }

    @ParameterizedTest
    @EnumSource(CipherId.class)
    void refusesToEncryptOnceTheCounterIsUsedUp(CipherId cipher) {
        byte[] prefix = new byte[cipher.nonceLength() - 8];
        MessageEncryptor encryptor = new MessageEncryptor(cipher, new byte[cipher.keyLength()], prefix, -2L);
        byte[] plain = {1, 2, 3};
        ByteBuf buf = Unpooled.wrappedBuffer(reserveHeader(plain));
        try {
            encryptor.encrypt(buf, 0, 3, SESSION_ID); // counter 2^64 - 2
            assertArrayEquals(new byte[] {-2, -1, -1, -1, -1, -1, -1, -1}, ByteBufUtil.getBytes(buf, 20, 8));
            encryptor.encrypt(buf, 0, 3, SESSION_ID); // 2^64 - 1, the last
            assertArrayEquals(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1}, ByteBufUtil.getBytes(buf, 20, 8));
            byte[] before = ByteBufUtil.getBytes(buf);
            assertThrows(IllegalStateException.class, () -> encryptor.encrypt(buf, 0, 3, SESSION_ID));
            assertArrayEquals(before, ByteBufUtil.getBytes(buf), "a refused encryption wrote to the buffer");
        } finally {
            buf.release();
        }
    }

    @Test
    void countsUpFromZeroLittleEndianAfterWhichComesThePrefix() {
        byte[] prefix = {9, 8, 7};
        MessageEncryptor encryptor = new MessageEncryptor(CipherId.AES_128_CCM, new byte[16], prefix, 0);
        ByteBuf buf = Unpooled.buffer(52).writeZero(52);
        try {
            for (int i = 0; i < 300; i++) {
                encryptor.encrypt(buf, 0, 0, SESSION_ID);
            }
            byte[] expected = {43, 1, 0, 0, 0, 0, 0, 0, 9, 8, 7, 0, 0, 0, 0, 0}; // 299 = 0x012B
            assertArrayEquals(expected, ByteBufUtil.getBytes(buf, 20, 16));
        } finally {
            buf.release();
        }
    }

    @Test
    void refusesAKeyOfTheWrongLength() {
        assertThrows(IllegalArgumentException.class, () -> new MessageEncryptor(CipherId.AES_128_GCM, new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> new MessageEncryptor(CipherId.AES_256_CCM, new byte[16]));
    }

    @ParameterizedTest
    @EnumSource(CipherId.class)
    void aTruncatedMessageIsInvalidNotOutOfBounds(CipherId cipher) {
        byte[] message = sealed(cipher, 40);
        MessageEncryptor decryptor = new MessageEncryptor(cipher, new byte[cipher.keyLength()]);
        for (int length = 0; length < message.length; length++) {
            ByteBuf buf = Unpooled.wrappedBuffer(Arrays.copyOf(message, length));
            int n = length;
            SmbException e = assertThrows(SmbException.class, () -> decryptor.decrypt(buf, 0, n), n + " bytes");
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, e.status(), n + " bytes");
            buf.release();
        }
    }

    @Test
    void originalMessageSizeMustMatchTheBytesThatFollow() {
        byte[] message = sealed(CipherId.AES_128_GCM, 40);
        for (int claimed : new int[] {41, 39, 0, Integer.MAX_VALUE, -1}) {
            byte[] bad = message.clone();
            ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(36, claimed);
            assertInvalid(CipherId.AES_128_GCM, bad, "OriginalMessageSize " + Integer.toUnsignedString(claimed));
        }
    }

    @Test
    void aPlainSmb2HeaderIsNotATransformHeader() {
        byte[] message = sealed(CipherId.AES_128_CCM, 40);
        message[0] = (byte) 0xFE; // 0xFE 'S' 'M' 'B': an unencrypted message
        assertInvalid(CipherId.AES_128_CCM, message, "ProtocolId");
    }

    @Test
    void flagsOtherThanEncryptedAreRefused() {
        for (int flags : new int[] {0x0000, 0x0002, 0x0003, 0xFFFF}) {
            byte[] message = sealed(CipherId.AES_256_GCM, 40);
            message[42] = (byte) flags;
            message[43] = (byte) (flags >>> 8);
            assertInvalid(CipherId.AES_256_GCM, message, "Flags " + flags);
        }
    }

    @Test
    void aRangeOutsideTheBufferIsTheCallersBug() {
        MessageEncryptor encryptor = new MessageEncryptor(CipherId.AES_128_GCM, new byte[16]);
        ByteBuf buf = Unpooled.buffer(100).writeZero(60);
        try {
            assertThrows(IndexOutOfBoundsException.class, () -> encryptor.encrypt(buf, 0, 9, SESSION_ID));
            assertThrows(IndexOutOfBoundsException.class, () -> encryptor.encrypt(buf, -1, 0, SESSION_ID));
            assertThrows(IndexOutOfBoundsException.class, () -> encryptor.encrypt(buf, 0, -1, SESSION_ID));
            assertThrows(IndexOutOfBoundsException.class,
                    () -> encryptor.encrypt(buf, 8, Integer.MAX_VALUE, SESSION_ID));
            assertThrows(IndexOutOfBoundsException.class, () -> encryptor.decrypt(buf, 0, 61));
            assertThrows(IndexOutOfBoundsException.class, () -> encryptor.decrypt(buf, 10, 52));
        } finally {
            buf.release();
        }
    }

    /**
     * Encrypting and decrypting an 8 MiB message in a direct buffer allocates nothing near its size on the
     * heap: the JDK's one-shot GCM decryption buffered the whole message, and its cipher calls on direct NIO
     * buffers copied them through fresh arrays. The bound, a hundredth of the message, leaves room for the JDK's
     * small per-call objects.
     */
    @ParameterizedTest
    @EnumSource(CipherId.class)
    void allocatesNothingSizedByTheMessage(CipherId cipher) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int length = 8 << 20;
        byte[] key = new byte[cipher.keyLength()];
        // Without the leak detector, which at its paranoid test level records a stack trace on every access.
        ByteBuf buf = new UnpooledByteBufAllocator(true, true).directBuffer(52 + length).writeZero(52 + length);
        try {
            MessageEncryptor sealer = new MessageEncryptor(cipher, key);
            MessageEncryptor opener = new MessageEncryptor(cipher, key);
            long most = 0;
            for (int i = 0; i < 4; i++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                sealer.encrypt(buf, 0, length, SESSION_ID);
                assertEquals(length, opener.decrypt(buf, 0, 52 + length));
                most = Math.max(most, threads.getCurrentThreadAllocatedBytes() - before);
            }
            assertTrue(most < length / 200, cipher + ": a round trip of " + length + " bytes allocated " + most);
        } finally {
            buf.release();
        }
    }

    @Test
    void refusesAReadOnlyBuffer() {
        MessageEncryptor encryptor = new MessageEncryptor(CipherId.AES_128_CCM, new byte[16]);
        ByteBuf readOnly = Unpooled.buffer(62).writeZero(62).asReadOnly();
        try {
            assertThrows(IllegalArgumentException.class, () -> encryptor.encrypt(readOnly, 0, 10, SESSION_ID));
        } finally {
            readOnly.release();
        }
    }

    /** The message passes through scratch arrays chunk by chunk, so a buffer of several components works too. */
    @ParameterizedTest
    @EnumSource(CipherId.class)
    void transformsACompositeBufferInPlace(CipherId cipher) {
        byte[] key = bytes(new SplittableRandom(5), cipher.keyLength());
        byte[] plain = bytes(new SplittableRandom(6), 40_001);
        byte[] message = reserveHeader(plain);
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        composite.addComponent(true, Unpooled.directBuffer(100).writeBytes(message, 0, 100));
        composite.addComponent(true, Unpooled.buffer(message.length - 100).writeBytes(message, 100,
                message.length - 100));
        try {
            new MessageEncryptor(cipher, key).encrypt(composite, 0, plain.length, SESSION_ID);
            assertFalse(Arrays.equals(plain, ByteBufUtil.getBytes(composite, 52, plain.length)));
            assertEquals(plain.length, new MessageEncryptor(cipher, key).decrypt(composite, 0, message.length));
            assertArrayEquals(plain, ByteBufUtil.getBytes(composite, 52, plain.length));
        } finally {
            composite.release();
        }
    }

    @Test
    void leavesReaderAndWriterIndicesAlone() {
        byte[] plain = new byte[200];
        Arrays.fill(plain, (byte) 7);
        ByteBuf buf = Unpooled.wrappedBuffer(reserveHeader(plain));
        try {
            buf.readerIndex(3);
            MessageEncryptor encryptor = new MessageEncryptor(CipherId.AES_256_CCM, new byte[32]);
            encryptor.encrypt(buf, 0, 200, SESSION_ID);
            assertEquals(3, buf.readerIndex());
            assertEquals(252, buf.writerIndex());
            // The nonce is random, so a single ciphertext byte may equal the plaintext's by chance (1 in 256): only
            // all 200 staying 7 would mean nothing was encrypted.
            byte[] body = new byte[200];
            buf.getBytes(52, body);
            assertFalse(Arrays.equals(plain, body), "the message was encrypted in place");
            assertEquals(200, encryptor.decrypt(buf, 0, 252));
            assertEquals(3, buf.readerIndex());
            assertEquals(252, buf.writerIndex());
        } finally {
            buf.release();
        }
    }

    private static void assertInvalid(CipherId cipher, byte[] message, String what) {
        ByteBuf buf = Unpooled.wrappedBuffer(message);
        try {
            SmbException e = assertThrows(SmbException.class,
                    () -> new MessageEncryptor(cipher, new byte[cipher.keyLength()]).decrypt(buf, 0, message.length),
                    what);
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, e.status(), what);
        } finally {
            buf.release();
        }
    }

    /** A valid transformed message under the all-zero key. */
    private static byte[] sealed(CipherId cipher, int length) {
        ByteBuf buf = Unpooled.wrappedBuffer(reserveHeader(new byte[length]));
        try {
            new MessageEncryptor(cipher, new byte[cipher.keyLength()]).encrypt(buf, 0, length, SESSION_ID);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    private static byte[] firstNonceField(MessageEncryptor encryptor) {
        ByteBuf buf = Unpooled.buffer(52).writeZero(52);
        try {
            encryptor.encrypt(buf, 0, 0, SESSION_ID);
            return ByteBufUtil.getBytes(buf, 20, 16);
        } finally {
            buf.release();
        }
    }

    private static byte[] reserveHeader(byte[] plain) {
        byte[] b = new byte[TransformHeader.SIZE + plain.length];
        System.arraycopy(plain, 0, b, TransformHeader.SIZE, plain.length);
        return b;
    }

    private static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
