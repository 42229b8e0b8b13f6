package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertClosed;
import static io.signet.interop.hostile.HostileSupport.assertSessionWorks;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.crypto.transform.CipherId;
import io.signet.protocol.crypto.transform.MessageEncryptor;
import io.signet.protocol.crypto.transform.TransformHeader;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.ImpersonationLevel;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.WriteRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A 1 MiB WRITE arrives as a frame of four 256 KiB pieces: a bit changed on the wire in a piece after the first must
 * fail the TRANSFORM tag ([MS-SMB2] 3.3.5.2.1.1: the connection is closed) or the signature ([MS-SMB2] 3.3.5.2.4:
 * refused), and none of the data may reach the file; the same WRITE untouched is written whole.
 */
class LargeFrameTamperingTest extends HostileServer {
    private static final int MIB = 1024 * 1024;
    private static final int GENERIC_READ_WRITE = 0x0012019F;
    /** Where the bit is flipped in the WRITE's frame: in its third piece. */
    private static final int TAMPERED = 600_000;

    @Test
    void anEncryptedWriteIsWrittenWholeAndABitChangedInALaterPieceClosesTheConnection() throws IOException {
        byte[] data = random(MIB, 3);
        try (RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client attacker = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int tree = treeConnect(victim, "data");
            FileId good = create(victim, tree, "good.bin");
            victim.sendBytes(seal(write(victim, tree, good, data), victim));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, victim.receive());
            assertArrayEquals(data, Files.readAllBytes(share.resolve("good.bin")), "the untouched WRITE");

            FileId bad = create(victim, tree, "bad.bin");
            byte[] sealed = seal(write(victim, tree, bad, data), victim);
            sealed[TAMPERED] ^= 0x10;
            victim.sendBytes(sealed);
            assertClosed(victim);
            assertEquals(0, Files.size(share.resolve("bad.bin")), "data of the tampered WRITE reached the file");
            assertSessionWorks(attacker);
        }
    }

    @Test
    void aSignedWriteWithABitChangedInALaterPieceIsNotWritten() throws IOException {
        byte[] data = random(MIB, 4);
        try (RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client attacker = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int tree = treeConnect(victim, "data");
            FileId bad = create(victim, tree, "bad.bin");
            byte[] signed = ByteBufUtil.getBytes(victim.sign(write(victim, tree, bad, data)));
            signed[TAMPERED] ^= 0x10;
            victim.sendBytes(signed);
            Optional<RawResponse> answer = victim.receiveUnlessClosed();
            answer.ifPresent(r -> assertNotEquals(RawSmb2Client.STATUS_SUCCESS, r.status(), r.toString()));
            assertEquals(0, Files.size(share.resolve("bad.bin")), "data of the tampered WRITE reached the file");
            assertSessionWorks(attacker);
        }
    }

    private static byte[] seal(ByteBuf message, RawSmb2Client as) {
        ByteBuf transform = Unpooled.buffer(TransformHeader.SIZE + message.readableBytes());
        try {
            transform.writeZero(TransformHeader.SIZE);
            int length = message.readableBytes();
            transform.writeBytes(message);
            new MessageEncryptor(CipherId.AES_128_CCM, as.session().keys().serverDecryptionKey())
                    .encrypt(transform, 0, length, as.session().id());
            return ByteBufUtil.getBytes(transform);
        } finally {
            transform.release();
            message.release();
        }
    }

    private static FileId create(RawSmb2Client client, int tree, String name) throws IOException {
        RawResponse r = client.call(Smb2Command.CREATE.code(), tree, body -> new CreateRequest(OplockLevel.NONE.code(),
                ImpersonationLevel.IMPERSONATION, GENERIC_READ_WRITE, 0x80, 0x07, CreateDisposition.CREATE.code(),
                CreateOptions.NON_DIRECTORY_FILE, name, List.of()).encode(body));
        assertStatus(RawSmb2Client.STATUS_SUCCESS, r);
        return CreateResponse.decode(r.buf()).fileId();
    }

    private static ByteBuf write(RawSmb2Client client, int tree, FileId file, byte[] data) {
        ByteBuf m = client.newRequest(Smb2Command.WRITE.code(), tree, data.length / 65536);
        new WriteRequest(0, file, 0, 0, 0, Unpooled.EMPTY_BUFFER, Unpooled.wrappedBuffer(data)).encode(m);
        return m;
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
