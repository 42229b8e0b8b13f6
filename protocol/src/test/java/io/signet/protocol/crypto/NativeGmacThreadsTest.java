package io.signet.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.protocol.smb2.Smb2Header;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * AES-GMAC signers on the native provider ({@link NativeGcm}) used side by side on several threads, one signer per
 * thread and key as the server uses them (a connection's thread and each I/O thread have their own): every tag must
 * equal Bouncy Castle's, whatever the others are doing, for messages whose lengths straddle the block, the 32 KiB chunk
 * and the 256 KiB piece, in composite buffers split at odd places. A provider object or scratch array shared between
 * threads would show here as a wrong tag.
 */
class NativeGmacThreadsTest {
    private static final int THREADS = 8;
    private static final int MESSAGES = 60;

    @Test
    void signersOnSeveralThreadsAgreeWithTheReferenceAndWithNoOtherKey() throws Exception {
        assertTrue(NativeGcm.provider().isPresent(), NativeGcm.description());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CyclicBarrier start = new CyclicBarrier(THREADS);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int seed = t;
                runs.add(pool.submit(() -> {
                    start.await();
                    run(seed);
                    return null;
                }));
            }
            for (Future<?> f : runs) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void run(int seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] key = AesCmacTest.bytes(random, 16);
        byte[] otherKey = AesCmacTest.bytes(random, 16);
        MessageSigner signer = SigningAlgorithm.AES_GMAC.newSigner(key);
        MessageSigner other = SigningAlgorithm.AES_GMAC.newSigner(otherKey);
        int[] edges = {64, 65, 79, 80, 81, 64 + 32 * 1024, 256 * 1024, 256 * 1024 + 17, (1 << 20) + 7};
        for (int i = 0; i < MESSAGES; i++) {
            int length = i < edges.length ? edges[i] : 64 + random.nextInt(300 * 1024);
            int flags = (i % 2 == 0 ? Smb2Header.FLAG_SERVER_TO_REDIR : 0) | Smb2Header.FLAG_SIGNED;
            int command = i % 5 == 0 ? 0x0C : 0x09; // CANCEL (bit 1 of the nonce for a request) or WRITE
            byte[] m = MessageSignerTest.message(random, length, seed * 1000L + i, command, flags);
            byte[] expected = MessageSignerTest.oracle(SigningAlgorithm.AES_GMAC, key, m);
            try (Layout.Placed placed = Layout.COMPOSITE.place(m)) {
                signer.sign(placed.buf, placed.offset, length);
                byte[] signed = placed.message(length);
                assertArrayEquals(expected, Arrays.copyOfRange(signed, 48, 64), "thread " + seed + ", " + length);
                assertTrue(signer.isValid(placed.buf, placed.offset, length));
                assertFalse(other.isValid(placed.buf, placed.offset, length), "another key's signer accepted it");
            }
        }
    }
}
