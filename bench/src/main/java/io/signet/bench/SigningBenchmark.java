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
 * Sign-then-verify of one SMB2 response ([MS-SMB2] 3.1.4.1 / 3.1.5.1) in a pooled direct buffer, as the server's
 * response writer and request gate do it, for Signet's signers and the baselines. One operation MACs the message
 * twice, so MAC throughput in bytes per second is {@code 2 * size * ops/s}. The MessageId changes every operation,
 * so every GMAC signature uses a fresh nonce, as on a real connection.
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

    @Param({"1024", "65536", "1048576"})
    public int size;

    @Param({"SIGNET_HMAC_SHA256", "SIGNET_AES_CMAC", "SIGNET_AES_GMAC", "BC_AES_CMAC", "BC_AES_GMAC", "JDK_GCM_AAD"})
    public Impl impl;

    private ByteBuf message;
    private MessageSigner signer;
    private long messageId;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(size);
        byte[] key = new byte[16];
        random.nextBytes(key);
        byte[] content = new byte[size];
        random.nextBytes(content);
        message = PooledByteBufAllocator.DEFAULT.directBuffer(size, size);
        message.writeBytes(content);
        message.setIntLE(0, Smb2Header.PROTOCOL_ID);
        message.setShortLE(Smb2Header.OFFSET_COMMAND, 0x0008); // READ response
        message.setIntLE(Smb2Header.OFFSET_FLAGS, Smb2Header.FLAG_SERVER_TO_REDIR | Smb2Header.FLAG_SIGNED);
        signer = switch (impl) {
            case SIGNET_HMAC_SHA256 -> SigningAlgorithm.HMAC_SHA256.newSigner(key);
            case SIGNET_AES_CMAC -> SigningAlgorithm.AES_CMAC.newSigner(key);
            case SIGNET_AES_GMAC -> SigningAlgorithm.AES_GMAC.newSigner(key);
            case BC_AES_CMAC -> BouncyCastleSigner.cmac(key);
            case BC_AES_GMAC -> BouncyCastleSigner.gmac(key);
            case JDK_GCM_AAD -> new JdkGcmAadSigner(key);
        };
        if (!signAndVerify()) {
            throw new IllegalStateException(impl + " does not verify its own signature");
        }
        message.setByte(size - 1, message.getByte(size - 1) ^ 1);
        if (signer.isValid(message, 0, size)) {
            throw new IllegalStateException(impl + " accepts a tampered message");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        message.release();
    }

    @Benchmark
    public boolean signAndVerify() {
        message.setLongLE(Smb2Header.OFFSET_MESSAGE_ID, ++messageId);
        signer.sign(message, 0, size);
        return signer.isValid(message, 0, size);
    }
}
