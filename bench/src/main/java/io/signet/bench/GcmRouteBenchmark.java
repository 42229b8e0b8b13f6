package io.signet.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.signet.protocol.crypto.transform.CipherId;
import io.signet.protocol.crypto.transform.MessageEncryptor;
import io.signet.protocol.crypto.transform.TransformHeader;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
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
 * AES-128-GCM on an SMB message in a pooled direct buffer, the way a server meets it: {@code open} verifies the tag
 * and decrypts in place (a request), {@code seal} encrypts in place (a response); each operation is followed by the
 * other so that the buffer holds a valid message again.
 *
 * <ul>
 *   <li>{@link Route#CHUNKED}: {@link MessageEncryptor} (AES-CTR plus the tag of a GCM encryption, chunk by chunk
 *       through reused arrays).</li>
 *   <li>{@link Route#JDK_NIO}: the route before it: the JDK's {@code AES/GCM} decryption and encryption on NIO views
 *       of the buffer. JDK 17's decryption buffers the whole message and its direct-buffer paths copy through fresh
 *       arrays; run with {@code -prof gc} to see the bytes allocated per operation.</li>
 * </ul>
 * Throughput in bytes per second is {@code size * ops/s} for each of the two benchmarks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class GcmRouteBenchmark {

    /** Whose GCM. */
    public enum Route {
        CHUNKED,
        JDK_NIO
    }

    private static final long SESSION_ID = 0x0000_4400_0000_0045L;

    @Param({"65536", "8388608"})
    public int size;

    @Param({"CHUNKED", "JDK_NIO"})
    public Route route;

    private ByteBuf buf;
    private MessageEncryptor sealer;
    private MessageEncryptor opener;
    private JdkNioGcm jdk;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(size);
        byte[] key = new byte[16];
        random.nextBytes(key);
        byte[] plaintext = new byte[size];
        random.nextBytes(plaintext);
        buf = PooledByteBufAllocator.DEFAULT.directBuffer(TransformHeader.SIZE + size, TransformHeader.SIZE + size);
        buf.writeZero(TransformHeader.SIZE).writeBytes(plaintext);
        sealer = new MessageEncryptor(CipherId.AES_128_GCM, key);
        opener = new MessageEncryptor(CipherId.AES_128_GCM, key);
        jdk = new JdkNioGcm(key);
        // Each route must open what the other sealed.
        sealer.encrypt(buf, 0, size, SESSION_ID);
        jdk.open(buf, size);
        jdk.seal(buf, size);
        opener.decrypt(buf, 0, TransformHeader.SIZE + size);
        byte[] back = new byte[size];
        buf.getBytes(TransformHeader.SIZE, back);
        if (!java.util.Arrays.equals(back, plaintext)) {
            throw new IllegalStateException("the routes disagree");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        buf.release();
    }

    /** Encrypt a response in place, then verify and decrypt it in place as a request. */
    @Benchmark
    public int sealThenOpen() {
        if (route == Route.CHUNKED) {
            sealer.encrypt(buf, 0, size, SESSION_ID);
            return opener.decrypt(buf, 0, TransformHeader.SIZE + size);
        }
        jdk.seal(buf, size);
        return jdk.open(buf, size);
    }

    /**
     * The previous {@code MessageEncryptor} GCM route: same TRANSFORM_HEADER handling, the JDK's GCM on NIO views.
     * Nonces come from a counter, as in {@link MessageEncryptor}.
     */
    static final class JdkNioGcm {
        private final SecretKeySpec key;
        private final Cipher gcm = cipher();
        private final byte[] nonce = new byte[12];
        private final byte[] nonceField = new byte[16];
        private final byte[] aad = new byte[TransformHeader.AAD_LENGTH];
        private final byte[] tag = new byte[16];
        private final byte[] tail = new byte[32];
        private long counter;

        JdkNioGcm(byte[] key) {
            this.key = new SecretKeySpec(key, "AES");
        }

        void seal(ByteBuf buf, int length) {
            long c = counter++;
            for (int i = 0; i < 8; i++) {
                nonceField[i] = (byte) (c >>> (8 * i));
            }
            nonceField[8] = 0x5A;
            // [MS-SMB2] 2.2.41 TRANSFORM_HEADER, Signature left for the tag.
            buf.setIntLE(0, TransformHeader.PROTOCOL_ID);
            buf.setBytes(TransformHeader.OFFSET_NONCE, nonceField);
            buf.setIntLE(TransformHeader.OFFSET_ORIGINAL_MESSAGE_SIZE, length);
            buf.setShortLE(TransformHeader.OFFSET_ORIGINAL_MESSAGE_SIZE + 4, 0);
            buf.setShortLE(TransformHeader.OFFSET_FLAGS, TransformHeader.FLAG_ENCRYPTED);
            buf.setLongLE(TransformHeader.OFFSET_SESSION_ID, SESSION_ID);
            buf.getBytes(TransformHeader.OFFSET_AAD, aad);
            System.arraycopy(nonceField, 0, nonce, 0, 12);
            try {
                gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                gcm.updateAAD(aad);
                int written = gcm.update(buf.nioBuffer(TransformHeader.SIZE, length),
                        buf.nioBuffer(TransformHeader.SIZE, length));
                int last = gcm.doFinal(tail, 0) - 16;
                buf.setBytes(TransformHeader.SIZE + written, tail, 0, last);
                buf.setBytes(TransformHeader.OFFSET_SIGNATURE, tail, last, 16);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        int open(ByteBuf buf, int length) {
            buf.getBytes(TransformHeader.OFFSET_SIGNATURE, tag);
            buf.getBytes(TransformHeader.OFFSET_AAD, aad);
            System.arraycopy(aad, 0, nonce, 0, 12);
            try {
                gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                gcm.updateAAD(aad);
                ByteBuffer out = buf.nioBuffer(TransformHeader.SIZE, length);
                gcm.update(buf.nioBuffer(TransformHeader.SIZE, length), out);
                gcm.doFinal(ByteBuffer.wrap(tag), out);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            return length;
        }

        private static Cipher cipher() {
            try {
                return Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
