package io.signet.protocol.crypto;

/**
 * The arrays that messages stream through on their way to and from the JDK's ciphers, one set per thread.
 *
 * <p>The signers and transforms copy a message chunk by chunk into scratch arrays (the JDK's intrinsics work on
 * arrays) and reuse them from message to message. Held by each signer or encryptor, they would cost a few chunks
 * per session and channel, hundreds of MiB for ten thousand sessions; held by the thread, they cost a few chunks per
 * thread that signs or encrypts. An array is only used within one call, on the calling thread, so instances shared
 * between threads (a session's encryptor under its lock) stay correct.
 *
 * <p>Each slot is one role; a role's user never holds its array across a call that another user of the same slot
 * makes on the same thread. {@link #COPY} carries a message body from its buffer to a signer; the {@code WORK} slots
 * are the algorithms' own (a signer's algorithm runs while the body is in {@code COPY}, never inside another
 * algorithm).
 */
public final class Scratch {
    /** A signer's copy of the message body, handed to its algorithm. */
    public static final int COPY = 0;
    public static final int WORK_A = 1;
    public static final int WORK_B = 2;
    public static final int WORK_C = 3;
    private static final int SLOTS = 4;

    private static final ThreadLocal<byte[][]> ARRAYS = ThreadLocal.withInitial(() -> new byte[SLOTS][]);

    private Scratch() {
    }

    /** This thread's array of slot {@code slot}, at least {@code minLength} bytes long, contents undefined. */
    public static byte[] array(int slot, int minLength) {
        byte[][] arrays = ARRAYS.get();
        byte[] a = arrays[slot];
        if (a == null || a.length < minLength) {
            a = new byte[minLength];
            arrays[slot] = a;
        }
        return a;
    }
}
