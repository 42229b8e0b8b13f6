package io.signet.protocol.crypto;

import static io.signet.protocol.crypto.AesCmacTest.bytes;
import static io.signet.protocol.crypto.MessageSignerTest.message;
import static io.signet.protocol.crypto.MessageSignerTest.oracle;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** AES-GMAC signing specifics: the [MS-SMB2] 3.1.4.1 nonce, replays, and refusing a nonce reuse when signing. */
class AesGmacSignerTest {
    private static final int SERVER = Smb2Header.FLAG_SERVER_TO_REDIR | Smb2Header.FLAG_SIGNED;
    private static final int CLIENT = Smb2Header.FLAG_SIGNED;

    @Test
    void nonceIsMessageIdThenServerBitThenCancelBit() {
        SplittableRandom random = new SplittableRandom(1);
        long id = 0x0102030405060708L;
        assertArrayEquals(hex("080706050403020101000000"), nonce(message(random, 64, id, 8, SERVER)));
        assertArrayEquals(hex("080706050403020100000000"), nonce(message(random, 64, id, 8, CLIENT)));
        int cancel = Smb2Command.CANCEL.code();
        assertArrayEquals(hex("080706050403020102000000"), nonce(message(random, 64, id, cancel, CLIENT)));
        assertArrayEquals(hex("080706050403020101000000"), nonce(message(random, 64, id, cancel, SERVER)),
                "the cancel bit is for CANCEL requests only");
        byte[] async = message(random, 64, id, cancel, CLIENT | Smb2Header.FLAG_ASYNC_COMMAND);
        assertArrayEquals(hex("080706050403020102000000"), nonce(async));
    }

    /** A replayed request is verified twice under the same nonce: the JDK's GCM reuse guard must not get in the way. */
    @Test
    void verifiesTheSameMessageRepeatedly() {
        SplittableRandom random = new SplittableRandom(2);
        byte[] key = bytes(random, 16);
        MessageSigner signer = SigningAlgorithm.AES_GMAC.newSigner(key);
        for (int length : new int[] {100, 100_000}) {
            byte[] m = message(random, length, 5, 8, CLIENT);
            System.arraycopy(oracle(SigningAlgorithm.AES_GMAC, key, m), 0, m, 48, 16);
            try (Layout.Placed placed = Layout.DIRECT_AT_OFFSET.place(m)) {
                for (int i = 0; i < 3; i++) {
                    assertTrue(signer.isValid(placed.buf, placed.offset, length), "replay " + i);
                }
                placed.buf.setByte(placed.offset + length - 1, m[length - 1] ^ 1);
                assertFalse(signer.isValid(placed.buf, placed.offset, length), "tampered replay");
            }
        }
    }

    /** Verifying a request, then signing its response with the same MessageId: the direction bit separates them. */
    @Test
    void requestAndResponseWithOneMessageIdUseDifferentNonces() {
        SplittableRandom random = new SplittableRandom(3);
        byte[] key = bytes(random, 16);
        MessageSigner signer = SigningAlgorithm.AES_GMAC.newSigner(key);
        byte[] request = message(random, 200, 9, 8, CLIENT);
        System.arraycopy(oracle(SigningAlgorithm.AES_GMAC, key, request), 0, request, 48, 16);
        byte[] response = message(random, 200, 9, 8, SERVER);
        try (Layout.Placed req = Layout.HEAP.place(request); Layout.Placed resp = Layout.HEAP.place(response)) {
            assertTrue(signer.isValid(req.buf, 0, 200));
            signer.sign(resp.buf, 0, 200);
            assertArrayEquals(oracle(SigningAlgorithm.AES_GMAC, key, response),
                    Arrays.copyOfRange(resp.message(200), 48, 64));
        }
    }

    /** Two different messages under one nonce would leak the GHASH key; identical bytes are harmless. */
    @Test
    void refusesToSignADifferentMessageUnderTheSameNonce() {
        SplittableRandom random = new SplittableRandom(4);
        byte[] key = bytes(random, 16);
        MessageSigner signer = SigningAlgorithm.AES_GMAC.newSigner(key);
        byte[] first = message(random, 300, 17, 8, SERVER);
        byte[] second = message(random, 300, 17, 8, SERVER);
        try (Layout.Placed a = Layout.HEAP.place(first); Layout.Placed b = Layout.DIRECT_AT_OFFSET.place(second)) {
            signer.sign(a.buf, 0, 300);
            byte[] signedFirst = a.message(300);
            signer.sign(a.buf, 0, 300);
            assertArrayEquals(signedFirst, a.message(300), "re-signing identical bytes is allowed and stable");
            byte[] before = b.allBytes();
            assertThrows(IllegalStateException.class, () -> signer.sign(b.buf, b.offset, 300));
            assertArrayEquals(before, b.allBytes(), "nothing written when refused");
            assertTrue(signer.isValid(a.buf, 0, 300), "the signer still works afterwards");
        }
    }

    private static byte[] nonce(byte[] message) {
        byte[] out = new byte[12];
        AesGmacSigner.nonce(Arrays.copyOf(message, 64), out);
        return out;
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
