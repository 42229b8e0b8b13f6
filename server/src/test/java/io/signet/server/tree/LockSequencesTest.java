package io.signet.server.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** [MS-SMB2] 3.3.5.14 lock replay detection over Open.LockSequenceArray, in the order smbtorture's lock tests use. */
class LockSequencesTest {
    private final LockSequences sequences = new LockSequences();

    /** LockSequenceIndex in the upper 28 bits, LockSequenceNumber in the lower 4 ([MS-SMB2] 2.2.26). */
    private static int field(int index, int number) {
        return (index << 4) | number;
    }

    @Test
    void aResendOfTheLockThatLastSucceededInItsBucketIsAReplay() {
        assertFalse(sequences.isReplay(field(1, 1)), "the first LOCK naming the bucket is carried out");
        sequences.succeeded(field(1, 1));
        assertTrue(sequences.isReplay(field(1, 1)));
        assertTrue(sequences.isReplay(field(1, 1)), "as often as it is resent");
        assertFalse(sequences.isReplay(field(2, 1)), "another bucket is its own");
        assertFalse(sequences.isReplay(field(1, 2)), "another number is a new LOCK...");
        assertFalse(sequences.isReplay(field(1, 1)), "...which emptied the bucket until it succeeds");
        sequences.succeeded(field(1, 2));
        assertTrue(sequences.isReplay(field(1, 2)));
    }

    @Test
    void aFailedLockLeavesItsBucketEmpty() {
        sequences.isReplay(field(64, 3));
        sequences.succeeded(field(64, 3));
        assertFalse(sequences.isReplay(field(64, 4))); // carried out, and refused: no succeeded()
        assertFalse(sequences.isReplay(field(64, 4)), "a resend of a refused LOCK is carried out again");
        assertFalse(sequences.isReplay(field(64, 3)), "and so is the older one");
    }

    @Test
    void theBucketsReadBackFromTheirTextAsTheyWere() {
        assertNull(sequences.toText(), "no bucket named yet");
        sequences.isReplay(field(1, 0xA));
        sequences.succeeded(field(1, 0xA));
        sequences.isReplay(field(64, 0));
        String text = sequences.toText();
        assertEquals("a" + "-".repeat(63), text);
        LockSequences restored = new LockSequences();
        restored.fromText(text);
        assertTrue(restored.isReplay(field(1, 0xA)), "a resend after a restart is still a replay");
        assertFalse(restored.isReplay(field(64, 0)));
        assertThrows(IllegalArgumentException.class, () -> restored.fromText("x".repeat(64)));
    }

    @Test
    void anIndexOfZeroOrPastSixtyFourIsNoBucket() {
        for (int index : new int[] {0, 65, 0x0FFFFFFF}) {
            sequences.isReplay(field(index, 1));
            sequences.succeeded(field(index, 1));
            assertFalse(sequences.isReplay(field(index, 1)), "index " + index);
        }
        assertFalse(sequences.isReplay(-1), "all bits set: index 0x0FFFFFFF");
    }
}
