package io.signet.interop.hostile;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.signet.config.ServerConfig;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.FileId;
import java.io.IOException;
import java.net.SocketException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * AES-GMAC signatures over messages of every awkward length ([MS-SMB2] 3.1.4.1, 3.3.5.2.4): a header alone, WRITEs
 * whose signed bytes end around the 16-byte block, the signer's 32 KiB chunk and the frame's 256 KiB piece, and a
 * message as large as a frame may be. Each one untouched is served exactly; each one with its last byte changed is
 * STATUS_ACCESS_DENIED and writes nothing; the server goes on serving.
 */
class GmacMessageSizeTest extends HostileServer {
    /** A WRITE request's header and fixed body: its data starts 112 bytes into the message ([MS-SMB2] 2.2.21). */
    private static final int WRITE_DATA_OFFSET = Smb2Header.SIZE + 48;
    private static final int CHUNK = 32 * 1024;
    private static final int PIECE = 256 * 1024;

    @Test
    void writesOfEveryAwkwardLengthAreServedWholeAndRefusedTampered() throws IOException {
        int[] messageLengths = {
            WRITE_DATA_OFFSET, WRITE_DATA_OFFSET + 1, WRITE_DATA_OFFSET + 15, WRITE_DATA_OFFSET + 16,
            WRITE_DATA_OFFSET + 17,
            Smb2Header.SIZE + CHUNK - 1, Smb2Header.SIZE + CHUNK, Smb2Header.SIZE + CHUNK + 1,
            PIECE - 1, PIECE, PIECE + 1, 2 * PIECE + 15, 3 * PIECE + CHUNK + 3
        };
        try (RawSmb2Client victim = gmacLoggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client attacker = gmacLoggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int tree = treeConnect(victim, "data");
            for (int length : messageLengths) {
                String name = "w" + length + ".bin";
                FileId file = create(victim, tree, name);
                byte[] data = random(length - WRITE_DATA_OFFSET, length);

                byte[] tampered = ByteBufUtil.getBytes(victim.sign(write(victim, tree, file, 0, data)));
                assertEquals(length, tampered.length);
                tampered[length - 1] ^= 0x01;
                victim.sendBytes(tampered);
                assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED, victim.receive());
                assertEquals(0, Files.size(share.resolve(name)), "a tampered " + length + "-byte WRITE was written");

                victim.send(victim.sign(write(victim, tree, file, 0, data)));
                assertStatus(RawSmb2Client.STATUS_SUCCESS, victim.receive());
                assertArrayEquals(data, Files.readAllBytes(share.resolve(name)), length + "-byte WRITE");
            }
            assertSessionWorks(attacker);
        }
    }

    /** A signed 64-byte header with no body at all: verified (or refused) and answered, not a crash. */
    @Test
    void aSignedHeaderWithoutABodyIsAnsweredAndTheSessionGoesOn() throws IOException {
        try (RawSmb2Client victim = gmacLoggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            victim.send(victim.sign(victim.newRequest(Smb2Command.ECHO.code(), 0)));
            RawResponse bare = victim.receive();
            assertStatus(RawSmb2Client.STATUS_INVALID_PARAMETER, bare);
            assertTrue(bare.signatureValid(), "the refusal of a well-signed request is signed: " + bare);

            ByteBuf tampered = victim.sign(victim.newRequest(Smb2Command.ECHO.code(), 0));
            tampered.setByte(Smb2Header.OFFSET_SIGNATURE, tampered.getByte(Smb2Header.OFFSET_SIGNATURE) ^ 1);
            victim.send(tampered);
            assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED, victim.receive());
            assertSessionWorks(victim);
        }
    }

    /**
     * A signed message filling the largest frame the server takes: its whole signature is checked (a bit changed
     * at its very end is STATUS_ACCESS_DENIED), and the WRITE, longer than MaxWriteSize, is then refused as such
     * ([MS-SMB2] 3.3.5.13) without writing anything. One byte more than a frame may hold closes the connection.
     */
    @Test
    void aSignedMessageAsLargeAsAFrameIsCheckedWhole() throws IOException {
        int frame = ServerConfig.DEFAULT_MAX_FRAME_SIZE;
        try (RawSmb2Client victim = gmacLoggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client attacker = gmacLoggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int tree = treeConnect(victim, "data");
            FileId file = create(victim, tree, "huge.bin");
            byte[] data = random(frame - WRITE_DATA_OFFSET, 8);

            byte[] tampered = ByteBufUtil.getBytes(victim.sign(write(victim, tree, file, 0, data)));
            assertEquals(frame, tampered.length);
            tampered[frame - 1] ^= 0x01;
            victim.sendBytes(tampered);
            assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED, victim.receive());

            victim.send(victim.sign(write(victim, tree, file, 0, data)));
            RawResponse tooLong = victim.receive();
            assertStatus(RawSmb2Client.STATUS_INVALID_PARAMETER, tooLong);
            assertTrue(tooLong.signatureValid(), tooLong.toString());
            assertEquals(0, Files.size(share.resolve("huge.bin")));
            assertSessionWorks(victim);

            try {
                victim.send(victim.sign(write(victim, tree, file, 0, random(frame - WRITE_DATA_OFFSET + 1, 9))));
                assertClosed(victim);
            } catch (SocketException closedWhileSending) {
                // the server closed on the frame's length alone, before the rest of it was sent
            }
            assertEquals(0, Files.size(share.resolve("huge.bin")));
            assertSessionWorks(attacker);
        }
    }
}
