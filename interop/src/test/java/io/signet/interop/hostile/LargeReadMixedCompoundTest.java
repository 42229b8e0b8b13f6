package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.readMessage;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.interop.raw.RawMessages;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.ImpersonationLevel;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.CloseRequest;
import io.signet.protocol.smb2.message.CreateContext;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.EchoRequest;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.IoctlRequest;
import io.signet.protocol.smb2.message.IoctlResponse;
import io.signet.protocol.smb2.message.QueryDirectoryRequest;
import io.signet.protocol.smb2.message.QueryDirectoryResponse;
import io.signet.protocol.smb2.message.QueryInfoRequest;
import io.signet.protocol.smb2.message.QueryInfoResponse;
import io.signet.protocol.smb2.message.ReadResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * [MS-SMB2] 3.3.5.2.7 compounds in which a READ larger than one 256 KiB piece makes the response frame a composite,
 * followed by responses written into the frame after it: small READs (0 bytes, 1 byte, exactly one piece), a READ
 * meeting the end of the file, a failing READ (its error body replaces the partly written one), QUERY_DIRECTORY with
 * an output far larger than the 4 KiB room kept after appended data, QUERY_INFO, IOCTL and ECHO; signed, encrypted
 * and related. Every response must carry exactly the bytes it would carry alone, and none of the victim's file, which
 * she reads just before so that her data is what the server's allocator last held.
 */
class LargeReadMixedCompoundTest extends HostileServer {
    private static final int KIB = 1024;
    private static final int GENERIC_READ = 0x00120089;
    private static final int STATUS_END_OF_FILE = 0xC0000011;
    private static final int STATUS_INVALID_PARAMETER = 0xC000000D;
    private static final int FILE_ID_BOTH_DIRECTORY_INFORMATION = 0x25;
    private static final int FILE_STANDARD_INFORMATION = 5;
    private static final int FSCTL_SRV_REQUEST_RESUME_KEY = 0x00140078;
    private static final int SIZE = 2 * KIB * KIB + 17;

    private byte[] content;

    @Test
    void mixedResponsesAfterALargeReadInASignedCompoundAreExact() throws IOException {
        threeRoundsOfMixedResponses(false);
    }

    /** The same at 3.1.1 (AES-CMAC chosen through the signing capabilities context, [MS-SMB2] 2.2.3.1.7). */
    @Test
    void mixedResponsesAfterALargeReadInASignedCompoundAt311AreExact() throws IOException {
        prepare();
        try (RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client attacker = RawSmb2Client.connect(server.port())) {
            attacker.negotiate(Dialect.SMB3_1_1);
            assertEquals(RawSmb2Client.STATUS_SUCCESS, attacker.sessionSetup(ATTACKER, ATTACKER_PASSWORD).status());
            Fixture f = fixture(victim, attacker);
            primeWithSecret(victim, f);
            attacker.sendCompound(f.chain(attacker));
            f.check(attacker.receiveCompound(), true);
        }
    }

    @Test
    void mixedResponsesAfterALargeReadInAnEncryptedCompoundAreExact() throws IOException {
        threeRoundsOfMixedResponses(true);
    }

    /** Three rounds of the victim priming the pieces with her secret and the attacker's mixed chain checked. */
    private void threeRoundsOfMixedResponses(boolean encrypted) throws IOException {
        prepare();
        try (RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client attacker = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            Fixture f = fixture(victim, attacker);
            for (int round = 0; round < 3; round++) {
                primeWithSecret(victim, f);
                if (encrypted) {
                    attacker.sendEncryptedCompound(f.chain(attacker));
                } else {
                    attacker.sendCompound(f.chain(attacker));
                }
                f.check(attacker.receiveCompound(), !encrypted);
            }
        }
    }

    /** CREATE, then READs, QUERY_INFO and CLOSE on FileId 0xFFFF... ([MS-SMB2] 3.3.5.2.7.2) after a large READ. */
    @Test
    void relatedRequestsAfterALargeReadAreExact() throws IOException {
        prepare();
        try (RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client attacker = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            Fixture f = fixture(victim, attacker);
            primeWithSecret(victim, f);
            int tree = f.atree;
            ByteBuf create = attacker.newRequest(Smb2Command.CREATE.code(), tree);
            new CreateRequest(OplockLevel.NONE.code(), ImpersonationLevel.IMPERSONATION, GENERIC_READ, 0x80, 0x07,
                    CreateDisposition.OPEN.code(), CreateOptions.NON_DIRECTORY_FILE, "mine.bin", List.of())
                    .encode(create);
            int[][] reads = {{3, 300 * KIB}, {SIZE - 1, 1}, {0, 0}, {KIB, 256 * KIB}, {SIZE - 100 * KIB, 400 * KIB}};
            List<ByteBuf> chain = new ArrayList<>();
            chain.add(create);
            for (int[] r : reads) {
                chain.add(RawMessages.related(readMessage(attacker, tree, FileId.ANY, r[0], r[1])));
            }
            chain.add(RawMessages.related(queryStandard(attacker, tree, FileId.ANY)));
            ByteBuf close = attacker.newRequest(Smb2Command.CLOSE.code(), tree);
            new CloseRequest(0, FileId.ANY).encode(close);
            chain.add(RawMessages.related(close));
            attacker.sendCompound(chain);
            List<RawResponse> answers = attacker.receiveCompound();
            assertEquals(chain.size(), answers.size(), answers.toString());
            assertAllSucceededSigned(answers);
            for (int i = 0; i < reads.length; i++) {
                assertRead(answers.get(1 + i), reads[i][0], reads[i][1], "related READ " + i);
            }
            assertArrayEquals(f.standard, ByteBufUtil.getBytes(QueryInfoResponse.decode(
                    answers.get(1 + reads.length).buf()).data()), "related QUERY_INFO");
        }
    }

    /** A CREATE with contexts (MxAc, QFid) answered after a large READ carries the contexts it carries alone. */
    @Test
    void createContextsAfterALargeReadAreExact() throws IOException {
        prepare();
        try (RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client attacker = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            Fixture f = fixture(victim, attacker);
            RawResponse alone = call(attacker, createWithContexts(attacker, f.atree));
            assertEquals(RawSmb2Client.STATUS_SUCCESS, alone.status(), alone.toString());
            List<CreateContext> expected = CreateResponse.decode(alone.buf()).createContexts();
            primeWithSecret(victim, f);
            attacker.sendCompound(List.of(readMessage(attacker, f.atree, f.afile, 0, 300 * KIB),
                    createWithContexts(attacker, f.atree), readMessage(attacker, f.atree, f.afile, 9, 100), echo(attacker)));
            List<RawResponse> answers = attacker.receiveCompound();
            assertEquals(4, answers.size(), answers.toString());
            assertAllSucceededSigned(answers);
            assertRead(answers.get(0), 0, 300 * KIB, "READ 0");
            assertRead(answers.get(2), 9, 100, "READ 2");
            List<CreateContext> got = CreateResponse.decode(answers.get(1).buf()).createContexts();
            assertEquals(expected.size(), got.size(), got.toString());
            assertEquals(2, got.size(), got.toString());
            for (int i = 0; i < got.size(); i++) {
                assertEquals(expected.get(i).name(), got.get(i).name());
                assertArrayEquals(ByteBufUtil.getBytes(expected.get(i).data()),
                        ByteBufUtil.getBytes(got.get(i).data()), "context " + got.get(i).name());
            }
        }
    }

    private static ByteBuf createWithContexts(RawSmb2Client c, int tree) {
        ByteBuf m = c.newRequest(Smb2Command.CREATE.code(), tree);
        new CreateRequest(OplockLevel.NONE.code(), ImpersonationLevel.IMPERSONATION, GENERIC_READ, 0x80, 0x07,
                CreateDisposition.OPEN.code(), CreateOptions.NON_DIRECTORY_FILE, "mine.bin",
                List.of(new CreateContext(CreateContext.QUERY_MAXIMAL_ACCESS, Unpooled.EMPTY_BUFFER),
                        new CreateContext(CreateContext.QUERY_ON_DISK_ID, Unpooled.EMPTY_BUFFER))).encode(m);
        return m;
    }

    /**
     * Two READs of 8 MiB cannot both fit a 16 MiB frame: the second is refused and the small READ and ECHO after it
     * are answered whole; and READs of one piece each up to the frame's limit are all exact.
     */
    @Test
    void aCompoundNearTheFrameLimitIsAnsweredWhole() throws IOException {
        byte[] big = new byte[9 * KIB * KIB];
        new Random(11).nextBytes(big);
        Files.write(share.resolve("big.bin"), big);
        try (RawSmb2Client client = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int tree = treeConnect(client, "data");
            FileId file = open(client, tree, "big.bin", CreateOptions.NON_DIRECTORY_FILE);
            int eight = 8 * KIB * KIB;
            client.sendCompound(List.of(readMessage(client, tree, file, 0, eight), readMessage(client, tree, file, 7, eight),
                    readMessage(client, tree, file, 1, 1), echo(client)));
            List<RawResponse> answers = client.receiveCompound();
            assertEquals(4, answers.size(), answers.toString());
            assertEquals(STATUS_INVALID_PARAMETER, answers.get(1).status(), answers.get(1).toString());
            for (int i : new int[] {0, 2}) {
                assertEquals(RawSmb2Client.STATUS_SUCCESS, answers.get(i).status(), answers.get(i).toString());
            }
            assertArrayEquals(Arrays.copyOfRange(big, 0, eight),
                    ByteBufUtil.getBytes(ReadResponse.decode(answers.get(0).buf()).data()));
            assertArrayEquals(Arrays.copyOfRange(big, 1, 2),
                    ByteBufUtil.getBytes(ReadResponse.decode(answers.get(2).buf()).data()));
            assertEquals(RawSmb2Client.STATUS_SUCCESS, answers.get(3).status());
            answers.forEach(r -> assertTrue(r.signatureValid(), "signed: " + r));

            // 63 READs of 256 KiB + 1 byte: past 16 MiB, so the last ones are refused, each answered on its own.
            List<ByteBuf> chain = new ArrayList<>();
            int n = 63;
            for (int i = 0; i < n; i++) {
                chain.add(readMessage(client, tree, file, i * 97L, 256 * KIB + 1));
            }
            chain.add(readMessage(client, tree, file, 5, 1));
            client.sendCompound(chain);
            answers = client.receiveCompound();
            assertEquals(n + 1, answers.size());
            int served = 0;
            for (int i = 0; i <= n; i++) {
                RawResponse r = answers.get(i);
                assertTrue(r.signatureValid(), "signed: " + r);
                if (r.status() == STATUS_INVALID_PARAMETER) {
                    continue;
                }
                assertEquals(RawSmb2Client.STATUS_SUCCESS, r.status(), r.toString());
                served++;
                int off = i < n ? i * 97 : 5;
                int len = i < n ? 256 * KIB + 1 : 1;
                assertArrayEquals(Arrays.copyOfRange(big, off, off + len),
                        ByteBufUtil.getBytes(ReadResponse.decode(r.buf()).data()), "READ " + i);
            }
            assertTrue(served > 50, served + " READs served");
        }
    }

    private static void assertAllSucceededSigned(List<RawResponse> answers) {
        for (int i = 0; i < answers.size(); i++) {
            RawResponse r = answers.get(i);
            assertEquals(RawSmb2Client.STATUS_SUCCESS, r.status(), "response " + i + ": " + r);
            assertTrue(r.signatureValid(), "response " + i + " is signed");
        }
    }

    // --- fixture ---

    private void prepare() throws IOException {
        content = new byte[SIZE];
        new Random(5).nextBytes(content);
        Files.write(share.resolve("mine.bin"), content);
        byte[] secret = new byte[KIB * KIB];
        Arrays.fill(secret, (byte) 0x5A);
        Files.write(share.resolve("secret.bin"), secret);
        Path dir = Files.createDirectory(share.resolve("many"));
        for (int i = 0; i < 600; i++) {
            Files.write(dir.resolve(String.format("file-with-a-rather-long-name-%04d.txt", i)), new byte[i]);
        }
    }

    private final class Fixture {
        int vtree;
        FileId vfile;
        int atree;
        FileId afile;
        FileId adir;
        byte[] listing;
        byte[] standard;
        int[][] reads;

        List<ByteBuf> chain(RawSmb2Client c) {
            List<ByteBuf> chain = new ArrayList<>();
            chain.add(readMessage(c, atree, afile, 0, 300 * KIB));                      // 0 large, into pieces
            chain.add(queryDirectory(c, atree, adir, 128 * KIB));                // 1 far past the 4 KiB room
            chain.add(readMessage(c, atree, afile, 5, 1));                              // 2 one byte
            chain.add(readMessage(c, atree, afile, 0, 0));                              // 3 zero bytes
            chain.add(readMessage(c, atree, afile, 700 * KIB, 256 * KIB));              // 4 exactly one piece
            chain.add(readMessage(c, atree, afile, SIZE + 10, 1));                      // 5 fails: past the end
            chain.add(readMessage(c, atree, afile, SIZE - 100 * KIB, 300 * KIB));       // 6 large, meets the end
            chain.add(queryStandard(c, atree, afile));                           // 7
            chain.add(ioctl(c, atree, afile));                                   // 8
            chain.add(readMessage(c, atree, afile, 11, 64 * KIB));                      // 9 small after all that
            chain.add(echo(c));                                                  // 10
            reads = new int[][] {{0, 0, 300 * KIB}, {2, 5, 1}, {3, 0, 0}, {4, 700 * KIB, 256 * KIB},
                {6, SIZE - 100 * KIB, 300 * KIB}, {9, 11, 64 * KIB}};
            return chain;
        }

        void check(List<RawResponse> answers, boolean signed) {
            assertEquals(11, answers.size(), answers.toString());
            for (int i = 0; i < answers.size(); i++) {
                RawResponse r = answers.get(i);
                int expected = i == 5 ? STATUS_END_OF_FILE : RawSmb2Client.STATUS_SUCCESS;
                assertEquals(String.format("0x%08x", expected), String.format("0x%08x", r.status()),
                        "response " + i + ": " + r);
                if (signed) {
                    assertTrue(r.signatureValid(), "response " + i + " is signed");
                }
            }
            for (int[] rd : reads) {
                assertRead(answers.get(rd[0]), rd[1], rd[2], "READ " + rd[0]);
            }
            assertArrayEquals(listing, ByteBufUtil.getBytes(QueryDirectoryResponse.decode(answers.get(1).buf())
                    .data()), "QUERY_DIRECTORY after a large READ");
            assertArrayEquals(standard, ByteBufUtil.getBytes(QueryInfoResponse.decode(answers.get(7).buf())
                    .data()), "QUERY_INFO");
            ByteBuf err = answers.get(5).buf();
            // [MS-SMB2] 2.2.2: StructureSize 9, ErrorContextCount 0, Reserved 0, ByteCount 0, one zero byte.
            byte[] errBody = ByteBufUtil.getBytes(err, 64, err.readableBytes() - 64);
            assertEquals(9, errBody[0], "error StructureSize");
            for (int i = 1; i < errBody.length; i++) {
                assertEquals(0, errBody[i], "error body byte " + i + " is zero");
            }
            assertEquals(32, IoctlResponse.decode(answers.get(8).buf()).output().readableBytes(), "resume key");
        }
    }

    private Fixture fixture(RawSmb2Client victim, RawSmb2Client attacker) throws IOException {
        Fixture f = new Fixture();
        f.vtree = treeConnect(victim, "data");
        f.vfile = open(victim, f.vtree, "secret.bin", CreateOptions.NON_DIRECTORY_FILE);
        f.atree = treeConnect(attacker, "data");
        f.afile = open(attacker, f.atree, "mine.bin", CreateOptions.NON_DIRECTORY_FILE);
        f.adir = open(attacker, f.atree, "many", CreateOptions.DIRECTORY_FILE);
        // What the listing and the standard information are, asked alone.
        RawResponse alone = call(attacker, queryDirectory(attacker, f.atree, f.adir, 128 * KIB));
        assertEquals(RawSmb2Client.STATUS_SUCCESS, alone.status(), alone.toString());
        f.listing = ByteBufUtil.getBytes(QueryDirectoryResponse.decode(alone.buf()).data());
        assertTrue(f.listing.length > 64 * KIB, "listing of " + f.listing.length + " bytes");
        RawResponse std = call(attacker, queryStandard(attacker, f.atree, f.afile));
        f.standard = ByteBufUtil.getBytes(QueryInfoResponse.decode(std.buf()).data());
        return f;
    }

    private static RawResponse call(RawSmb2Client c, ByteBuf request) throws IOException {
        c.send(c.sign(request));
        return c.receive();
    }

    private static void primeWithSecret(RawSmb2Client victim, Fixture f) throws IOException {
        for (int size : new int[] {200 * KIB, 250 * KIB, 120 * KIB, 60 * KIB, 8 * KIB}) {
            victim.send(victim.sign(readMessage(victim, f.vtree, f.vfile, 0, size)));
            victim.receive();
        }
    }

    private void assertRead(RawResponse r, int offset, int length, String what) {
        int end = Math.min(SIZE, offset + length);
        assertArrayEquals(Arrays.copyOfRange(content, offset, end),
                ByteBufUtil.getBytes(ReadResponse.decode(r.buf()).data()), what + " carries the file's bytes");
    }

    private static FileId open(RawSmb2Client client, int tree, String name, int options) throws IOException {
        int access = options == CreateOptions.DIRECTORY_FILE ? 0x00100081 : GENERIC_READ;
        RawResponse r = client.call(Smb2Command.CREATE.code(), tree, body -> new CreateRequest(OplockLevel.NONE.code(),
                ImpersonationLevel.IMPERSONATION, access, 0x80, 0x07, CreateDisposition.OPEN.code(), options, name,
                List.of()).encode(body));
        assertEquals(RawSmb2Client.STATUS_SUCCESS, r.status(), r.toString());
        return CreateResponse.decode(r.buf()).fileId();
    }


    private static ByteBuf queryDirectory(RawSmb2Client client, int tree, FileId dir, int output) {
        ByteBuf m = client.newRequest(Smb2Command.QUERY_DIRECTORY.code(), tree, (output + 65535) / 65536);
        new QueryDirectoryRequest(FILE_ID_BOTH_DIRECTORY_INFORMATION, QueryDirectoryRequest.RESTART_SCANS, 0, dir,
                "file*", output).encode(m);
        return m;
    }

    private static ByteBuf queryStandard(RawSmb2Client client, int tree, FileId file) {
        ByteBuf m = client.newRequest(Smb2Command.QUERY_INFO.code(), tree);
        new QueryInfoRequest(QueryInfoRequest.INFO_FILE, FILE_STANDARD_INFORMATION, 4096, 0, 0, file,
                Unpooled.EMPTY_BUFFER).encode(m);
        return m;
    }

    private static ByteBuf ioctl(RawSmb2Client client, int tree, FileId file) {
        ByteBuf m = client.newRequest(Smb2Command.IOCTL.code(), tree);
        new IoctlRequest(FSCTL_SRV_REQUEST_RESUME_KEY, file, Unpooled.EMPTY_BUFFER, 0, Unpooled.EMPTY_BUFFER, 32,
                IoctlRequest.IS_FSCTL).encode(m);
        return m;
    }

    private static ByteBuf echo(RawSmb2Client client) {
        ByteBuf m = client.newRequest(Smb2Command.ECHO.code(), 0);
        new EchoRequest().encode(m);
        return m;
    }
}
