package io.signet.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.signet.protocol.crypto.MessageSigner;
import io.signet.protocol.crypto.SigningAlgorithm;
import io.signet.protocol.smb2.Smb2Header;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * One server round trip's worth of signing work ([MS-SMB2] 3.1.5.1 then 3.1.4.1): verify a signed request, then sign
 * the response, each the same size, in pooled direct buffers, with one signer as the server's request gate and response
 * writer share it per (session, connection). Both MAC the whole message, so MAC throughput in bytes per second is
 * {@code 2 * size * ops/s}. The response's MessageId changes every operation, so every GMAC signature uses a fresh
 * nonce, as on a real connection; the request was signed once in setup and is verified again each time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SigningBenchmark {

    /** What signs: Signet's three algorithms, then the baselines. */
    public enum Impl {
        SIGNET_HMAC_SHA256,
        SIGNET_AES_CMAC,
        SIGNET_AES_GMAC,
        /** Bouncy Castle CMac over its pure-Java AESEngine. */
        BC_AES_CMAC,
        /** Bouncy Castle GMac(GCMBlockCipher(AESEngine)), pure Java. */
        BC_AES_GMAC,
        /** JDK AES/GCM with the whole message as updateAAD. */
        JDK_GCM_AAD
    }

    private static final long REQUEST_MESSAGE_ID = 1L << 40;

    @Param({"1024", "65536", "1048576"})
    public int size;

    @Param({"SIGNET_HMAC_SHA256", "SIGNET_AES_CMAC", "SIGNET_AES_GMAC", "BC_AES_CMAC", "BC_AES_GMAC", "JDK_GCM_AAD"})
    public Impl impl;

    private ByteBuf request;
    private ByteBuf response;
    private MessageSigner signer;
    private long messageId;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(size);
        byte[] key = new byte[16];
        random.nextBytes(key);
        request = message(random, 0x0009, Smb2Header.FLAG_SIGNED); // WRITE request
        request.setLongLE(Smb2Header.OFFSET_MESSAGE_ID, REQUEST_MESSAGE_ID);
        response = message(random, 0x0008, Smb2Header.FLAG_SERVER_TO_REDIR | Smb2Header.FLAG_SIGNED); // READ response
        signer = newSigner(key);
        newSigner(key).sign(request, 0, size); // the client's signature
        if (!verifyRequestSignResponse() || !newSigner(key).isValid(response, 0, size)) {
            throw new IllegalStateException(impl + " does not verify a signature made with the same key");
        }
        request.setByte(size - 1, request.getByte(size - 1) ^ 1);
        if (signer.isValid(request, 0, size)) {
            throw new IllegalStateException(impl + " accepts a tampered message");
        }
        request.setByte(size - 1, request.getByte(size - 1) ^ 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        request.release();
        response.release();
    }

    @Benchmark
    public boolean verifyRequestSignResponse() {
        boolean valid = signer.isValid(request, 0, size);
        response.setLongLE(Smb2Header.OFFSET_MESSAGE_ID, ++messageId);
        signer.sign(response, 0, size);
        return valid;
    }

    private MessageSigner newSigner(byte[] key) {
        return switch (impl) {
            case SIGNET_HMAC_SHA256 -> SigningAlgorithm.HMAC_SHA256.newSigner(key);
            case SIGNET_AES_CMAC -> SigningAlgorithm.AES_CMAC.newSigner(key);
            case SIGNET_AES_GMAC -> SigningAlgorithm.AES_GMAC.newSigner(key);
            case BC_AES_CMAC -> BouncyCastleSigner.cmac(key);
            case BC_AES_GMAC -> BouncyCastleSigner.gmac(key);
            case JDK_GCM_AAD -> new JdkGcmAadSigner(key);
        };
    }

    private ByteBuf message(SplittableRandom random, int command, int flags) {
        byte[] content = new byte[size];
        random.nextBytes(content);
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(size, size);
        buf.writeBytes(content);
        buf.setIntLE(0, Smb2Header.PROTOCOL_ID);
        buf.setShortLE(Smb2Header.OFFSET_COMMAND, command);
        buf.setIntLE(Smb2Header.OFFSET_FLAGS, flags);
        return buf;
    }
}
