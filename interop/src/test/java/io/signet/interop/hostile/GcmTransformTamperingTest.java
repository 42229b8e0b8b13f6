package io.signet.interop.hostile;

import static io.signet.interop.hostile.GcmSupport.LARGE;
import static io.signet.interop.hostile.GcmSupport.create;
import static io.signet.interop.hostile.GcmSupport.gmacLoggedOn;
import static io.signet.interop.hostile.GcmSupport.random;
import static io.signet.interop.hostile.GcmSupport.write;
import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertClosed;
import static io.signet.interop.hostile.HostileSupport.assertSessionWorks;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.crypto.transform.CipherId;
import io.signet.protocol.crypto.transform.TransformHeader;
import io.signet.protocol.smb2.message.FileId;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * [MS-SMB2] 3.3.5.2.1.1 with AES-128-GCM and AES-256-GCM (3.1.1, SMB2_ENCRYPTION_CAPABILITIES): alice's WRITE of 1 MiB
 * and 17 bytes, sealed with her own key, arrives as a frame of 256 KiB pieces; the attacker changes one thing of the
 * TRANSFORM message on the wire. Whatever it is, the message must not decrypt, alice's connection is closed, no byte
 * of the WRITE reaches the file, and the attacker's own connection is still served. The same WRITE untouched is
 * written whole.
 */
class GcmTransformTamperingTest extends HostileServer {
    private static final int DATA = TransformHeader.SIZE;

    /** One change to the sealed TRANSFORM message. */
    enum Tamper {
        TAG(m -> m[TransformHeader.OFFSET_SIGNATURE + 15] ^= 0x01),
        NONCE_FIRST_BYTE(m -> m[TransformHeader.OFFSET_NONCE] ^= 0x01),
        NONCE_LAST_USED_BYTE(m -> m[TransformHeader.OFFSET_NONCE + 11] ^= 0x80),
        /** Bytes 12 to 15 of the Nonce field: unused by GCM, but part of the authenticated header. */
        NONCE_PADDING(m -> m[TransformHeader.OFFSET_NONCE + 15] ^= 0x01),
        ORIGINAL_SIZE_PLUS_ONE(m -> addToOriginalSize(m, 1)),
        ORIGINAL_SIZE_MINUS_ONE(m -> addToOriginalSize(m, -1)),
        ORIGINAL_SIZE_MAX(m -> Unpooled.wrappedBuffer(m).setIntLE(TransformHeader.OFFSET_ORIGINAL_MESSAGE_SIZE, -1)),
        ORIGINAL_SIZE_2_GIB(m -> Unpooled.wrappedBuffer(m)
                .setIntLE(TransformHeader.OFFSET_ORIGINAL_MESSAGE_SIZE, Integer.MAX_VALUE)),
        FLAGS(m -> m[TransformHeader.OFFSET_FLAGS] ^= 0x02),
        SESSION_ID(m -> m[TransformHeader.OFFSET_SESSION_ID + 7] ^= 0x40),
        CIPHERTEXT_HEADER(m -> m[DATA + 12] ^= 0x01),
        CIPHERTEXT_FIRST_PIECE(m -> m[DATA + 1000] ^= 0x10),
        CIPHERTEXT_LATER_PIECE(m -> m[600_000] ^= 0x10),
        CIPHERTEXT_LAST_BYTE(m -> m[m.length - 1] ^= 0x10),
        TRUNCATED_BY_ONE_BYTE(null);

        final Consumer<byte[]> change;

        Tamper(Consumer<byte[]> change) {
            this.change = change;
        }

        byte[] apply(byte[] sealed) {
            if (change == null) {
                byte[] shorter = Arrays.copyOf(sealed, sealed.length - 1);
                addToOriginalSize(shorter, -1); // consistent sizes: only the tag can tell
                return shorter;
            }
            change.accept(sealed);
            return sealed;
        }

        private static void addToOriginalSize(byte[] m, int delta) {
            var buf = Unpooled.wrappedBuffer(m);
            buf.setIntLE(TransformHeader.OFFSET_ORIGINAL_MESSAGE_SIZE,
                    buf.getIntLE(TransformHeader.OFFSET_ORIGINAL_MESSAGE_SIZE) + delta);
        }
    }

    static Stream<Arguments> attacks() {
        return Stream.of(CipherId.AES_128_GCM, CipherId.AES_256_GCM)
                .flatMap(c -> Stream.of(Tamper.values()).map(t -> Arguments.of(c, t)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("attacks")
    void aTamperedEncryptedWriteClosesTheConnectionAndWritesNothing(CipherId cipher, Tamper tamper)
            throws IOException {
        byte[] data = random(LARGE, tamper.ordinal());
        try (RawSmb2Client victim = gmacLoggedOn(server.port(), VICTIM, VICTIM_PASSWORD, cipher);
             RawSmb2Client attacker = gmacLoggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD, cipher)) {
            int tree = treeConnect(victim, "data");
            FileId file = create(victim, tree, "target.bin");
            byte[] sealed = victim.sealed(write(victim, tree, file, 0, data), victim.session());
            victim.sendBytes(tamper.apply(sealed));
            assertClosed(victim);
            assertEquals(0, Files.size(share.resolve("target.bin")), "data of the tampered WRITE reached the file");
            assertSessionWorks(attacker);
        }
    }

    @ParameterizedTest
    @EnumSource(value = CipherId.class, names = {"AES_128_GCM", "AES_256_GCM"})
    void theSameWriteUntouchedIsWrittenWhole(CipherId cipher) throws IOException {
        byte[] data = random(LARGE, 99);
        try (RawSmb2Client victim = gmacLoggedOn(server.port(), VICTIM, VICTIM_PASSWORD, cipher)) {
            int tree = treeConnect(victim, "data");
            FileId file = create(victim, tree, "target.bin");
            victim.sendEncrypted(write(victim, tree, file, 0, data), victim.session());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, victim.receive());
            assertArrayEquals(data, Files.readAllBytes(share.resolve("target.bin")));
        }
    }
}
