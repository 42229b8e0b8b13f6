package io.signet.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.signet.protocol.crypto.transform.CipherId;
import io.signet.protocol.crypto.transform.MessageEncryptor;
import io.signet.protocol.crypto.transform.TransformHeader;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.AEADBlockCipher;
import org.bouncycastle.crypto.modes.CCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One server round trip's worth of SMB3 encryption work ([MS-SMB2] 3.3.5.2.1.1 then 3.1.4.3): decrypt a request and
 * encrypt a response of the same size. Here both are the same message in one pooled direct buffer, with the 52-byte
 * TRANSFORM_HEADER reserved in front of it: each operation encrypts the plaintext in place (a fresh nonce every time,
 * from the encrypting instance's counter) and decrypts it again in place, which restores the plaintext for the next
 * operation. The cipher runs over the whole message twice, so throughput in bytes per second is
 * {@code 2 * size * ops/s}.
 *
 * <p>Two implementations: Signet's {@link MessageEncryptor} (one instance per direction, as on a session, here under
 * the same key so that one can open what the other sealed), and the naive baseline {@link BouncyCastleTransform}.
 * Setup checks that each opens what the other sealed and that a tampered message is refused.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EncryptionBenchmark {

    /** Who encrypts and decrypts. */
    public enum Impl {
        /** {@link MessageEncryptor}: JDK AES/GCM, or {@code AesCcm} on the JDK's AES-CBC and AES-CTR. */
        SIGNET,
        /** Bouncy Castle GCMBlockCipher / CCMBlockCipher over its pure-Java AESEngine, via byte-array copies. */
        BOUNCY_CASTLE
    }

    /** What the benchmark needs of an implementation: {@link MessageEncryptor}'s two calls. */
    interface Transform {
        void encrypt(ByteBuf buf, int headerOffset, int length, long sessionId);

        int decrypt(ByteBuf buf, int headerOffset, int totalLength);
    }

    private static final long SESSION_ID = 0x0000_4400_0000_0045L;

    @Param({"1024", "65536", "1048576"})
    public int size;

    @Param({"AES_128_GCM", "AES_128_CCM", "AES_256_GCM", "AES_256_CCM"})
    public CipherId cipher;

    @Param({"SIGNET", "BOUNCY_CASTLE"})
    public Impl impl;

    private ByteBuf buf;
    private Transform transform;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(size * 31L + cipher.ordinal());
        byte[] key = new byte[cipher.keyLength()];
        random.nextBytes(key);
        byte[] plaintext = new byte[size];
        random.nextBytes(plaintext);
        plaintext[0] = (byte) 0xFE;
        plaintext[1] = 'S';
        plaintext[2] = 'M';
        plaintext[3] = 'B';
        buf = PooledByteBufAllocator.DEFAULT.directBuffer(TransformHeader.SIZE + size, TransformHeader.SIZE + size);
        buf.writeZero(TransformHeader.SIZE).writeBytes(plaintext);
        transform = newTransform(impl, key);

        // Interoperability both ways, so that neither side can be fast by being wrong.
        Transform other = newTransform(impl == Impl.SIGNET ? Impl.BOUNCY_CASTLE : Impl.SIGNET, key);
        roundTrip(transform, other, plaintext);
        roundTrip(other, transform, plaintext);
        roundTrip(transform, transform, plaintext);
        transform.encrypt(buf, 0, size, SESSION_ID);
        int last = TransformHeader.SIZE + size - 1;
        buf.setByte(last, buf.getByte(last) ^ 1);
        try {
            transform.decrypt(buf, 0, TransformHeader.SIZE + size);
            throw new IllegalStateException(impl + " " + cipher + " accepts a tampered message");
        } catch (SmbException expected) {
            // refused, as it must be
        }
        buf.setBytes(TransformHeader.SIZE, plaintext);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        buf.release();
    }

    @Benchmark
    public int decryptRequestEncryptResponse() {
        transform.encrypt(buf, 0, size, SESSION_ID);
        return transform.decrypt(buf, 0, TransformHeader.SIZE + size);
    }

    private void roundTrip(Transform sealer, Transform opener, byte[] plaintext) {
        buf.setBytes(TransformHeader.SIZE, plaintext);
        sealer.encrypt(buf, 0, size, SESSION_ID);
        byte[] sealed = new byte[size];
        buf.getBytes(TransformHeader.SIZE, sealed);
        if (Arrays.equals(sealed, plaintext)) {
            throw new IllegalStateException(impl + " " + cipher + " left the message in clear");
        }
        int length = opener.decrypt(buf, 0, TransformHeader.SIZE + size);
        byte[] opened = new byte[size];
        buf.getBytes(TransformHeader.SIZE, opened);
        if (length != size || !Arrays.equals(opened, plaintext)) {
            throw new IllegalStateException(impl + " " + cipher + " does not round-trip");
        }
    }

    private Transform newTransform(Impl which, byte[] key) {
        if (which == Impl.BOUNCY_CASTLE) {
            return new BouncyCastleTransform(cipher, key);
        }
        MessageEncryptor sealer = new MessageEncryptor(cipher, key);
        MessageEncryptor opener = new MessageEncryptor(cipher, key);
        return new Transform() {
            @Override
            public void encrypt(ByteBuf b, int headerOffset, int length, long sessionId) {
                sealer.encrypt(b, headerOffset, length, sessionId);
            }

            @Override
            public int decrypt(ByteBuf b, int headerOffset, int totalLength) {
                return opener.decrypt(b, headerOffset, totalLength);
            }
        };
    }

    /**
     * The naive baseline: the same TRANSFORM_HEADER and nonce layout as {@link MessageEncryptor}, on Bouncy Castle's
     * lightweight AEAD modes over its pure-Java {@link AESEngine}. BC takes byte arrays only, so the message is
     * copied out of the buffer into a reused array, processed into a second one and copied back. The key is passed
     * on the first initialisation only, so BC keeps its key schedule (and GCM its multiplication tables).
     */
    static final class BouncyCastleTransform implements Transform {
        private static final int TAG_BITS = 128;
        private static final int TAG_LENGTH = TAG_BITS / 8;

        private final AEADBlockCipher sealer;
        private final AEADBlockCipher opener;
        private final KeyParameter key;
        private boolean sealerKeyed;
        private boolean openerKeyed;
        private final byte[] prefix;
        private long counter;
        private final byte[] nonceField = new byte[TransformHeader.NONCE_FIELD_LENGTH];
        private final byte[] nonce;
        private final byte[] aad = new byte[TransformHeader.AAD_LENGTH];
        private byte[] in = new byte[0];
        private byte[] out = new byte[0];

        @SuppressWarnings("deprecation") // new AESEngine() is exactly the pure-Java engine this baseline is about
        BouncyCastleTransform(CipherId cipher, byte[] key) {
            this.sealer = cipher.isCcm() ? CCMBlockCipher.newInstance(new AESEngine())
                    : GCMBlockCipher.newInstance(new AESEngine());
            this.opener = cipher.isCcm() ? CCMBlockCipher.newInstance(new AESEngine())
                    : GCMBlockCipher.newInstance(new AESEngine());
            if (!(sealer.getUnderlyingCipher() instanceof AESEngine)) {
                throw new IllegalStateException("not the pure-Java AES engine: " + sealer.getUnderlyingCipher());
            }
            this.key = new KeyParameter(key);
            this.nonce = new byte[cipher.nonceLength()];
            this.prefix = new byte[cipher.nonceLength() - Long.BYTES];
            new SplittableRandom(key[0]).nextBytes(prefix);
        }

        @Override
        public void encrypt(ByteBuf buf, int headerOffset, int length, long sessionId) {
            Arrays.fill(nonceField, (byte) 0);
            long c = counter++;
            for (int i = 0; i < Long.BYTES; i++) {
                nonceField[i] = (byte) (c >>> (8 * i));
            }
            System.arraycopy(prefix, 0, nonceField, Long.BYTES, prefix.length);
            System.arraycopy(nonceField, 0, nonce, 0, nonce.length);
            buf.setIntLE(headerOffset, TransformHeader.PROTOCOL_ID);
            buf.setBytes(headerOffset + TransformHeader.OFFSET_NONCE, nonceField);
            buf.setIntLE(headerOffset + TransformHeader.OFFSET_ORIGINAL_MESSAGE_SIZE, length);
            buf.setShortLE(headerOffset + TransformHeader.OFFSET_ORIGINAL_MESSAGE_SIZE + 4, 0); // Reserved
            buf.setShortLE(headerOffset + TransformHeader.OFFSET_FLAGS, TransformHeader.FLAG_ENCRYPTED);
            buf.setLongLE(headerOffset + TransformHeader.OFFSET_SESSION_ID, sessionId);
            buf.getBytes(headerOffset + TransformHeader.OFFSET_AAD, aad);

            ensureCapacity(length + TAG_LENGTH);
            int dataIndex = headerOffset + TransformHeader.SIZE;
            buf.getBytes(dataIndex, in, 0, length);
            sealer.init(true, new AEADParameters(sealerKeyed ? null : key, TAG_BITS, nonce, aad));
            sealerKeyed = true;
            int n = sealer.processBytes(in, 0, length, out, 0);
            try {
                n += sealer.doFinal(out, n);
            } catch (InvalidCipherTextException e) {
                throw new IllegalStateException("encryption cannot fail a tag check", e);
            }
            if (n != length + TAG_LENGTH) {
                throw new IllegalStateException(sealer.getAlgorithmName() + " produced " + n + " bytes");
            }
            buf.setBytes(dataIndex, out, 0, length);
            buf.setBytes(headerOffset + TransformHeader.OFFSET_SIGNATURE, out, length, TAG_LENGTH);
        }

        @Override
        public int decrypt(ByteBuf buf, int headerOffset, int totalLength) {
            int length = totalLength - TransformHeader.SIZE;
            if (buf.getIntLE(headerOffset) != TransformHeader.PROTOCOL_ID
                    || buf.getShortLE(headerOffset + TransformHeader.OFFSET_FLAGS) != TransformHeader.FLAG_ENCRYPTED
                    || buf.getIntLE(headerOffset + TransformHeader.OFFSET_ORIGINAL_MESSAGE_SIZE) != length) {
                throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER,
                        "not an encrypted message of " + length + " bytes");
            }
            buf.getBytes(headerOffset + TransformHeader.OFFSET_AAD, aad);
            System.arraycopy(aad, 0, nonce, 0, nonce.length);
            ensureCapacity(length + TAG_LENGTH);
            int dataIndex = headerOffset + TransformHeader.SIZE;
            buf.getBytes(dataIndex, in, 0, length);
            buf.getBytes(headerOffset + TransformHeader.OFFSET_SIGNATURE, in, length, TAG_LENGTH);
            opener.init(false, new AEADParameters(openerKeyed ? null : key, TAG_BITS, nonce, aad));
            openerKeyed = true;
            int n = opener.processBytes(in, 0, length + TAG_LENGTH, out, 0);
            try {
                n += opener.doFinal(out, n);
            } catch (InvalidCipherTextException e) {
                buf.setZero(dataIndex, length);
                throw new SmbException(NtStatus.STATUS_ACCESS_DENIED,
                        "TRANSFORM_HEADER Signature does not verify");
            }
            buf.setBytes(dataIndex, out, 0, n);
            return n;
        }

        private void ensureCapacity(int n) {
            if (in.length < n) {
                in = new byte[n];
                out = new byte[n];
            }
        }
    }
}
