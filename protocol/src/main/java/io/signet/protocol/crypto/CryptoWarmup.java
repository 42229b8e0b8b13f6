package io.signet.protocol.crypto;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.crypto.transform.CipherId;
import io.signet.protocol.crypto.transform.MessageEncryptor;
import io.signet.protocol.crypto.transform.TransformHeader;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Brings the JDK's AES, GHASH and SHA-256 code to its intrinsic speed before the first client needs it.
 *
 * <h2>Why</h2>
 * HotSpot replaces {@code GHASH.processBlocks}, {@code CounterMode.implCrypt}, the AES-CBC loop and the SHA-256
 * compression with CPU instructions (PCLMULQDQ, AES-NI, SHA) only in code that C2 compiles, and only where the
 * <em>caller</em> of such a method is C2-compiled: the interpreter and C1 run the Java bodies, and C2 compiling
 * {@code processBlocks} by itself also compiles its Java body. The callers ({@code Cipher.update} down to
 * {@code GHASH.update}) reach C2 after some thousands of calls. The signers and transforms call them once per chunk
 * of 32 KiB, so on a fresh server the first few hundred MiB of a signed or encrypted upload are hashed by the
 * plain-Java GHASH (a bit-serial multiply: 40 to 70 MB/s against several GB/s) and a profile of a short upload is
 * dominated by it ({@code GHASH.processBlocks} under {@code VarHandleByteArrayAsLongs}). The same holds on JDK 25.
 *
 * <p>What the JIT counts is calls, not bytes. So this class calls every route, mostly with 16 to 128 bytes, a few
 * thousand times, on a background thread at start-up: a few hundred milliseconds of one core, after which C2 has
 * compiled the call chains with the intrinsics in them, and the first client's data runs at full speed. The keys
 * are fixed and nothing computed here leaves the class.
 */
public final class CryptoWarmup {
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    /** Calls per route: comfortably above C2's invocation threshold (5,000 on JDK 17 and 25). */
    static final int CALLS = 12_000;
    /** How often a large piece comes, and its size: two 32 KiB chunks and a partial block, as large messages go. */
    private static final int LARGE_EVERY = 64;
    private static final int LARGE = 2 * AbstractMessageSigner.CHUNK + 17;

    private CryptoWarmup() {
    }

    /**
     * Starts the warm-up on a daemon thread, once per process; later calls do nothing. Only speed is at stake: the
     * same code runs correctly, if slowly, without it.
     */
    public static void startInBackground() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(CryptoWarmup::run, "crypto-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /**
     * Runs every route {@link #CALLS} times, mostly in small pieces (the JIT counts calls) and every
     * {@value #LARGE_EVERY}th time with a large one: C2 compiles only the branches it saw taken, so a warm-up of small
     * pieces alone leaves the large-input branches as traps that send the first real transfer back to the interpreter
     * until the code is compiled again.
     */
    static void run() {
        byte[] key = new byte[16];
        byte[] data = new byte[LARGE];
        byte[] tag = new byte[16];

        // AES-GMAC on the route large messages take: on the JDK the ciphertext route (AES-CTR, then GCM encryption:
        // AES-CTR and GHASH), with the native provider streamed AAD (its Java side is compiled like any other).
        AesGmac gmac = new AesGmac(key);
        byte[] nonce = new byte[AesGmac.NONCE_LENGTH];
        for (int i = 0; i < CALLS; ) {
            nonce[0]++;
            gmac.start(nonce, LARGE_EVERY * 16 + LARGE);
            for (int j = 0; j < LARGE_EVERY; j++, i++) {
                gmac.update(data, 0, 16);
            }
            gmac.update(data, 0, LARGE);
            gmac.finish(tag, 0);
        }

        // AES-CMAC (AES-CBC) and HMAC-SHA256 (SHA-256).
        AesCmac cmac = new AesCmac(key);
        for (int i = 0; i < CALLS; i++) {
            cmac.update(data, 0, i % LARGE_EVERY == 0 ? LARGE : 32);
        }
        cmac.finish(tag, 0);
        MessageSigner hmac = SigningAlgorithm.HMAC_SHA256.newSigner(key);
        ByteBuf message = Unpooled.buffer(LARGE).writeZero(LARGE);
        for (int i = 0; i < CALLS / 4; i++) {
            hmac.sign(message, 0, i % LARGE_EVERY == 0 ? LARGE : 128);
        }

        // The transforms: many small messages, so that every call of the chunk loops is made once per message.
        ByteBuf transformed = Unpooled.buffer(TransformHeader.SIZE + LARGE).writeZero(TransformHeader.SIZE + LARGE);
        for (CipherId cipher : new CipherId[] {CipherId.AES_128_GCM, CipherId.AES_128_CCM}) {
            MessageEncryptor encryptor = new MessageEncryptor(cipher, key);
            for (int i = 0; i < CALLS / 2; i++) {
                int length = i % LARGE_EVERY == 0 ? LARGE : 64;
                encryptor.encrypt(transformed, 0, length, 1);
                encryptor.decrypt(transformed, 0, TransformHeader.SIZE + length);
            }
        }
    }
}
