package io.signet.storage;

/**
 * The bit test the storage sub-packages share. {@code AccessMask.has} is the same test for the classes of this
 * package; it is package-private, and AccessMask does not change while its wire constants move to protocol.
 */
public final class Flags {
    private Flags() {
    }

    /** Whether {@code mask} has any of the bits of {@code bits}. */
    public static boolean has(int mask, int bits) {
        return (mask & bits) != 0;
    }
}
