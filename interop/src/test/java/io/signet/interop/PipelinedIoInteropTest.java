package io.signet.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.ImpersonationLevel;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.CloseRequest;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.ReadRequest;
import io.signet.protocol.smb2.message.ReadResponse;
import io.signet.protocol.smb2.message.WriteRequest;
import io.signet.protocol.smb2.message.WriteResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One connection's READs and WRITEs in flight at once, over raw signed (and encrypted) SMB2: a client granted
 * credits for 8 MiB sends 8 WRITEs of 1 MiB and a CLOSE without waiting, a READ together with the WRITE before it,
 * and goes away with I/O in flight. What the protocol and the server promise: every request is answered once, the
 * CLOSE after the WRITEs sent before it, a READ after an overlapping WRITE on the same open sees its data, and a
 * connection lost with I/O in flight leaks nothing (the class fails on any ByteBuf leak) and closes its opens.
 */
class PipelinedIoInteropTest {
    private static final String USER = "alice";
    private static final String PASSWORD = "secret-pw";
    private static final int MIB = 1024 * 1024;
    private static final int CHARGE = MIB / 65536; // [MS-SMB2] 3.3.5.2.5: one credit per 64 KiB
    private static final int GENERIC_READ_WRITE = 0x0012019F;
    private static final int CAP_ENCRYPTION = 0x40;

    @TempDir
    Path share;

    private SignetServer server;

    @BeforeEach
    void start() throws IOException {
        server = SignetServer.builder().share("data", share).user(USER, PASSWORD).port(0).bindAddress("127.0.0.1")
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
        assertEquals(0, server.dataPiecesInUse(), "every piece of I/O memory is back once the server has closed");
    }

    @Test
    void eightWritesOfOneMegabyteAndACloseSentTogetherAreAnsweredTheCloseLast() throws IOException {
        byte[] data = random(8 * MIB, 1);
        try (RawSmb2Client client = loggedOn(false)) {
            int tree = client.treeConnect("data").header().treeId();
            FileId file = create(client, tree, "eight.bin", CreateDisposition.CREATE.code());
            Map<Long, Integer> offsets = new HashMap<>();
            int credits = 0;
            for (int i = 0; i < 8; i++) {
                long mid = client.nextMessageId();
                client.send(client.sign(write(client, tree, file, (long) i * MIB, data, i * MIB, MIB)));
                offsets.put(mid, i * MIB);
            }
            long closeId = client.nextMessageId();
            client.send(client.sign(close(client, tree, file)));
            List<RawResponse> answers = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                answers.add(client.receive());
            }
            for (RawResponse r : answers.subList(0, 8)) {
                assertEquals(RawSmb2Client.STATUS_SUCCESS, r.status(), r.toString());
                assertNotNull(offsets.remove(r.header().messageId()), "one answer per WRITE: " + r);
                assertEquals(MIB, WriteResponse.decode(r.buf()).count());
                assertTrue(r.signatureValid(), "signed by the I/O thread with the channel's key");
                credits += r.header().credits();
            }
            RawResponse closed = answers.get(8);
            assertEquals(closeId, closed.header().messageId(), "the CLOSE is answered after every WRITE before it");
            assertEquals(RawSmb2Client.STATUS_SUCCESS, closed.status());
            assertTrue(credits >= 8 * CHARGE, "each answer gives its charge back: " + credits);
        }
        assertArrayEquals(data, Files.readAllBytes(share.resolve("eight.bin")));
    }

    @Test
    void aReadSentWithTheWriteBeforeItSeesItsDataAndPipelinedReadsAreWhole() throws IOException {
        byte[] old = random(8 * MIB, 2);
        Files.write(share.resolve("rw.bin"), old);
        byte[] fresh = random(MIB, 3);
        try (RawSmb2Client client = loggedOn(false)) {
            int tree = client.treeConnect("data").header().treeId();
            FileId file = create(client, tree, "rw.bin", CreateDisposition.OPEN.code());
            client.send(client.sign(write(client, tree, file, 3 * MIB, fresh, 0, MIB)));
            long readId = client.nextMessageId();
            client.send(client.sign(read(client, tree, file, 3 * MIB + 4096, MIB)));
            Map<Long, RawResponse> byId = receive(client, 2);
            byte[] expected = new byte[MIB];
            System.arraycopy(fresh, 4096, expected, 0, MIB - 4096);
            System.arraycopy(old, 4 * MIB, expected, MIB - 4096, 4096);
            assertArrayEquals(expected, readData(byId.get(readId)), "the READ follows the WRITE it overlaps");

            Map<Long, Long> offsets = new HashMap<>();
            for (int i = 0; i < 8; i++) {
                offsets.put(client.nextMessageId(), (long) i * MIB);
                client.send(client.sign(read(client, tree, file, (long) i * MIB, MIB)));
            }
            byte[] now = Files.readAllBytes(share.resolve("rw.bin"));
            for (Map.Entry<Long, RawResponse> e : receive(client, 8).entrySet()) {
                int offset = Math.toIntExact(offsets.get(e.getKey()));
                byte[] want = new byte[MIB];
                System.arraycopy(now, offset, want, 0, MIB);
                assertArrayEquals(want, readData(e.getValue()), "READ at " + offset);
                assertTrue(e.getValue().signatureValid());
            }
            assertEquals(RawSmb2Client.STATUS_SUCCESS, client.close(tree, file).status());
        }
    }

    /**
     * A READ larger than one piece of reused memory is answered in pieces: one that meets the end of the file inside
     * a piece, one that meets it exactly at a piece's end, and one past it ([MS-SMB2] 3.3.5.12: STATUS_END_OF_FILE),
     * each answer whole and correctly signed.
     */
    @Test
    void largeReadsMeetingTheEndOfTheFileAreWholeAndSigned() throws IOException {
        int size = 3 * MIB + 12_345;
        byte[] content = random(size, 8);
        Files.write(share.resolve("eof.bin"), content);
        try (RawSmb2Client client = loggedOn(false)) {
            int tree = client.treeConnect("data").header().treeId();
            FileId file = create(client, tree, "eof.bin", CreateDisposition.OPEN.code());
            long[] offsets = {2L * MIB + 100_000, size - 512 * 1024, 0, 4L * MIB};
            Map<Long, Integer> byId = new HashMap<>();
            for (long offset : offsets) {
                byId.put(client.nextMessageId(), (int) offset);
                client.send(client.sign(read(client, tree, file, offset, MIB)));
            }
            for (Map.Entry<Long, RawResponse> e : receive(client, offsets.length).entrySet()) {
                int offset = byId.get(e.getKey());
                RawResponse r = e.getValue();
                assertTrue(r.signatureValid(), "READ at " + offset + " is signed");
                if (offset >= size) {
                    assertEquals(NtStatus.STATUS_END_OF_FILE.code(), r.status(), r.toString());
                    continue;
                }
                byte[] want = Arrays.copyOfRange(content, offset, Math.min(size, offset + MIB));
                assertArrayEquals(want, readData(r), "READ at " + offset);
            }
        }
    }

    /**
     * [MS-SMB2] 3.3.1.2 / 3.3.4.1.2: a 1 MiB READ charged 16 credits that asks for one more keeps the client's
     * window: its answer grants the 16 back (the window no longer shrinks by 15 per large request).
     */
    @Test
    void aLargeReadAskingForOneCreditGetsItsChargeBack() throws IOException {
        Files.write(share.resolve("credits.bin"), random(MIB, 7));
        try (RawSmb2Client client = loggedOn(false)) {
            int tree = client.treeConnect("data").header().treeId();
            FileId file = create(client, tree, "credits.bin", CreateDisposition.OPEN.code());
            ByteBuf m = read(client, tree, file, 0, MIB);
            m.setShortLE(Smb2Header.OFFSET_CREDITS, 1);
            client.send(client.sign(m));
            RawResponse r = client.receive();
            assertEquals(RawSmb2Client.STATUS_SUCCESS, r.status(), r.toString());
            assertEquals(CHARGE, r.header().credits());
        }
    }

    @Test
    void encryptedReadsAndWritesInFlightAreEncryptedByTheIoThreads() throws IOException {
        byte[] data = random(4 * MIB, 4);
        try (RawSmb2Client client = loggedOn(true)) {
            int tree = client.treeConnect("data").header().treeId();
            FileId file = create(client, tree, "sealed.bin", CreateDisposition.CREATE.code());
            for (int i = 0; i < 4; i++) {
                client.sendEncrypted(write(client, tree, file, (long) i * MIB, data, i * MIB, MIB), client.session());
            }
            for (RawResponse r : receive(client, 4).values()) {
                assertEquals(RawSmb2Client.STATUS_SUCCESS, r.status(), r.toString());
            }
            Map<Long, Integer> offsets = new HashMap<>();
            for (int i = 0; i < 4; i++) {
                offsets.put(client.nextMessageId(), i * MIB);
                client.sendEncrypted(read(client, tree, file, (long) i * MIB, MIB), client.session());
            }
            for (Map.Entry<Long, RawResponse> e : receive(client, 4).entrySet()) {
                int offset = offsets.get(e.getKey());
                byte[] want = new byte[MIB];
                System.arraycopy(data, offset, want, 0, MIB);
                assertArrayEquals(want, readData(e.getValue()));
            }
        }
        assertArrayEquals(data, Files.readAllBytes(share.resolve("sealed.bin")));
    }

    /**
     * The client goes away with 8 MiB of WRITEs and READs in flight: nothing leaks, its open is closed once its I/O
     * ended (an exclusive open of the file then succeeds), and the server serves the next client.
     */
    @Test
    void aConnectionLostWithIoInFlightClosesItsOpenAndLeaksNothing() throws IOException, InterruptedException {
        Files.write(share.resolve("lost.bin"), random(8 * MIB, 5));
        byte[] data = random(MIB, 6);
        try (RawSmb2Client client = loggedOn(false)) {
            int tree = client.treeConnect("data").header().treeId();
            FileId file = create(client, tree, "lost.bin", CreateDisposition.OPEN.code());
            for (int i = 0; i < 4; i++) {
                client.send(client.sign(write(client, tree, file, (long) i * MIB, data, 0, MIB)));
                client.send(client.sign(read(client, tree, file, (long) (4 + i) * MIB, MIB)));
            }
            client.send(client.sign(close(client, tree, file)));
        }
        try (RawSmb2Client next = loggedOn(false)) {
            int tree = next.treeConnect("data").header().treeId();
            RawResponse exclusive = null;
            for (int attempt = 0; attempt < 100; attempt++) {
                exclusive = next.call(Smb2Command.CREATE.code(), tree, body -> new CreateRequest(OplockLevel.NONE.code(),
                        ImpersonationLevel.IMPERSONATION, GENERIC_READ_WRITE, 0, 0, CreateDisposition.OPEN.code(),
                        CreateOptions.NON_DIRECTORY_FILE, "lost.bin", List.of()).encode(body));
                if (exclusive.status() == RawSmb2Client.STATUS_SUCCESS) {
                    break;
                }
                Thread.sleep(100); // the lost connection's release runs once its I/O has ended
            }
            assertEquals(RawSmb2Client.STATUS_SUCCESS, exclusive.status(), "the lost connection's open is closed");
        }
    }

    private RawSmb2Client loggedOn(boolean encrypting) throws IOException {
        RawSmb2Client client = RawSmb2Client.connect(server.port());
        client.negotiate(Dialect.SMB3_0_2, encrypting ? CAP_ENCRYPTION : 0);
        RawResponse done = client.sessionSetup(USER, PASSWORD);
        assertEquals(RawSmb2Client.STATUS_SUCCESS, done.status());
        return client;
    }

    private static FileId create(RawSmb2Client client, int tree, String name, int disposition) throws IOException {
        RawResponse r = client.call(Smb2Command.CREATE.code(), tree, body -> new CreateRequest(OplockLevel.NONE.code(),
                ImpersonationLevel.IMPERSONATION, GENERIC_READ_WRITE, 0x80, 0x07, disposition,
                CreateOptions.NON_DIRECTORY_FILE, name, List.of()).encode(body));
        assertEquals(RawSmb2Client.STATUS_SUCCESS, r.status(), r.toString());
        return CreateResponse.decode(r.buf()).fileId();
    }

    private static ByteBuf write(RawSmb2Client client, int tree, FileId file, long offset, byte[] data, int from,
                                 int length) {
        ByteBuf m = client.newRequest(Smb2Command.WRITE.code(), tree, CHARGE);
        ByteBuf payload = Unpooled.wrappedBuffer(data, from, length);
        new WriteRequest(offset, file, 0, 0, 0, Unpooled.EMPTY_BUFFER, payload).encode(m);
        return m;
    }

    private static ByteBuf read(RawSmb2Client client, int tree, FileId file, long offset, int length) {
        ByteBuf m = client.newRequest(Smb2Command.READ.code(), tree, CHARGE);
        new ReadRequest(0, 0, length, offset, file, 1, 0, 0, Unpooled.EMPTY_BUFFER).encode(m);
        return m;
    }

    private static ByteBuf close(RawSmb2Client client, int tree, FileId file) {
        ByteBuf m = client.newRequest(Smb2Command.CLOSE.code(), tree);
        new CloseRequest(0, file).encode(m);
        return m;
    }

    /** The next {@code n} answers, by message id; each must be the only one for its request. */
    private static Map<Long, RawResponse> receive(RawSmb2Client client, int n) throws IOException {
        Map<Long, RawResponse> byId = new HashMap<>();
        for (int i = 0; i < n; i++) {
            RawResponse r = client.receive();
            assertEquals(null, byId.put(r.header().messageId(), r), "answered twice: " + r);
        }
        return byId;
    }

    private static byte[] readData(RawResponse r) {
        assertEquals(RawSmb2Client.STATUS_SUCCESS, r.status(), r.toString());
        ReadResponse read = ReadResponse.decode(r.buf());
        return ByteBufUtil.getBytes(read.data());
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
