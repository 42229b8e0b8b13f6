package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertClosed;
import static io.signet.interop.hostile.HostileSupport.assertSessionWorks;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.createMessage;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.interop.raw.RawSmb2Client.RawSession;
import io.signet.protocol.crypto.transform.CipherId;
import io.signet.protocol.crypto.transform.MessageEncryptor;
import io.signet.protocol.crypto.transform.TransformHeader;
import java.io.IOException;
import java.nio.file.Files;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * [MS-SMB2] 3.3.5.2.1.1: a TRANSFORM message that does not decrypt and verify ends the connection it came on, and
 * nothing of it runs. The attacker can inject bytes into the victim's (alice's) connection: each test seals a CREATE
 * of a new file with alice's own key, changes one thing on the wire, and checks that alice's connection is closed,
 * that the file was not created, and that another connection (the attacker's own) is still served.
 */
class TransformTamperingTest extends HostileServer {
    /** Byte offsets in the 52-byte TRANSFORM_HEADER ([MS-SMB2] 2.2.41). */
    private static final int SIGNATURE = 4;
    private static final int NONCE = 20;
    private static final int ORIGINAL_MESSAGE_SIZE = 36;
    private static final int FLAGS = 42;

    /** Seals {@code message} for {@code as} as {@link RawSmb2Client#sendEncrypted} does; returns the frame's payload. */
    private static byte[] seal(ByteBuf message, RawSession as) {
        ByteBuf transform = Unpooled.buffer(TransformHeader.SIZE + message.readableBytes());
        try {
            transform.writeZero(TransformHeader.SIZE);
            int length = message.readableBytes();
            transform.writeBytes(message);
            new MessageEncryptor(CipherId.AES_128_CCM, as.keys().serverDecryptionKey())
                    .encrypt(transform, 0, length, as.id());
            return ByteBufUtil.getBytes(transform);
        } finally {
            transform.release();
            message.release();
        }
    }

    /** Seals alice's CREATE of planted.txt, applies {@code tamper}, sends it, and checks what must follow. */
    private void assertRefused(Consumer<byte[]> tamper) throws IOException {
        try (RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client attacker = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int tree = treeConnect(victim, "data");
            byte[] sealed = seal(createMessage(victim, tree, "planted.txt"), victim.session());
            tamper.accept(sealed);
            victim.sendBytes(sealed);
            assertClosed(victim);
            assertFalse(Files.exists(share.resolve("planted.txt")), "the tampered CREATE ran");
            assertSessionWorks(attacker);
        }
    }

    @Test
    void aFlippedCiphertextBitClosesTheConnection() throws IOException {
        assertRefused(b -> b[TransformHeader.SIZE + 70] ^= 0x01);
    }

    @Test
    void aFlippedTagBitClosesTheConnection() throws IOException {
        assertRefused(b -> b[SIGNATURE + 15] ^= (byte) 0x80);
    }

    @Test
    void aChangedNonceClosesTheConnection() throws IOException {
        assertRefused(b -> b[NONCE] ^= 0x01);
    }

    /** The Nonce field's padding past the 11 bytes CCM uses is still authenticated data. */
    @Test
    void aChangedNoncePaddingClosesTheConnection() throws IOException {
        assertRefused(b -> b[NONCE + 15] ^= 0x01);
    }

    @Test
    void anOriginalMessageSizeLargerThanTheFrameClosesTheConnection() throws IOException {
        assertRefused(b -> b[ORIGINAL_MESSAGE_SIZE] += 1);
    }

    @Test
    void anOriginalMessageSizeSmallerThanTheFrameClosesTheConnection() throws IOException {
        assertRefused(b -> b[ORIGINAL_MESSAGE_SIZE] -= 1);
    }

    @Test
    void aZeroOriginalMessageSizeClosesTheConnection() throws IOException {
        assertRefused(b -> {
            for (int i = 0; i < 4; i++) {
                b[ORIGINAL_MESSAGE_SIZE + i] = 0;
            }
        });
    }

    @Test
    void otherFlagsCloseTheConnection() throws IOException {
        assertRefused(b -> b[FLAGS] = 0x02);
    }

    /** A TRANSFORM_HEADER alone, no message after it: nothing to decrypt, and not an SMB2 message either. */
    @Test
    void aTransformHeaderWithoutAMessageClosesTheConnection() throws IOException {
        try (RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(victim, "data");
            byte[] sealed = seal(createMessage(victim, tree, "planted.txt"), victim.session());
            byte[] header = new byte[TransformHeader.SIZE];
            System.arraycopy(sealed, 0, header, 0, header.length);
            victim.sendBytes(header);
            assertClosed(victim);
            assertFalse(Files.exists(share.resolve("planted.txt")));
        }
    }

    /**
     * A TRANSFORM message replayed as it was seen (same nonce, same request inside): the request's MessageId is
     * used, so [MS-SMB2] 3.3.5.2.3 ends the connection instead of running the request again.
     */
    @Test
    void aReplayedTransformClosesTheConnectionWithoutRunningTheRequestAgain() throws IOException {
        try (RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(victim, "data");
            byte[] sealed = seal(createMessage(victim, tree, "once.txt"), victim.session());
            victim.sendBytes(sealed);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, victim.receive());
            Files.delete(share.resolve("once.txt"));
            victim.sendBytes(sealed);
            assertClosed(victim);
            assertFalse(Files.exists(share.resolve("once.txt")), "the replayed CREATE ran again");
        }
    }

    /** A TRANSFORM inside a TRANSFORM: the decrypted message is not an SMB2 message, so the connection ends. */
    @Test
    void aNestedTransformClosesTheConnection() throws IOException {
        try (RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(victim, "data");
            RawSession alice = victim.session();
            byte[] inner = seal(createMessage(victim, tree, "planted.txt"), alice);
            victim.sendBytes(seal(Unpooled.wrappedBuffer(inner), alice));
            assertClosed(victim);
            assertFalse(Files.exists(share.resolve("planted.txt")), "the nested CREATE ran");
        }
    }
}
