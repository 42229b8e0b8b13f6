package io.signet.interop.hostile;

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
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.ImpersonationLevel;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.message.ReadResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * [MS-SMB2] 3.3.5.12 in a compound ([MS-SMB2] 3.3.5.2.7): a READ larger than one 256 KiB piece makes the response
 * frame a composite; every READ after it in the same chain must still carry the file's bytes, not whatever memory the
 * frame grew into (stale memory of other connections' frames and responses would otherwise go to this client).
 */
class LargeReadCompoundTest extends HostileServer {
    private static final int KIB = 1024;
    private static final int GENERIC_READ = 0x00120089;

    @Test
    void aSmallReadAfterALargeReadInOneCompoundCarriesTheFilesBytes() throws IOException {
        byte[] content = new byte[2 * KIB * KIB];
        new Random(7).nextBytes(content);
        Files.write(share.resolve("c.bin"), content);
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(client, "data");
            FileId file = open(client, tree, "c.bin");
            // 300 KiB: answered in pieces, the frame becomes a composite of exactly its bytes so far; the next
            // READ's 256 KiB then straddles the two components the composite grows by.
            int[][] reads = {{0, 300 * KIB}, {400 * KIB, 256 * KIB}};
            client.sendCompound(List.of(readMessage(client, tree, file, reads[0][0], reads[0][1]),
                    readMessage(client, tree, file, reads[1][0], reads[1][1])));
            List<RawResponse> answers = client.receiveCompound();
            assertEquals(2, answers.size(), answers.toString());
            for (int i = 0; i < reads.length; i++) {
                RawResponse r = answers.get(i);
                assertEquals(RawSmb2Client.STATUS_SUCCESS, r.status(), r.toString());
                assertTrue(r.signatureValid(), "response " + i + " is signed");
                byte[] got = ByteBufUtil.getBytes(ReadResponse.decode(r.buf()).data());
                assertArrayEquals(Arrays.copyOfRange(content, reads[i][0], reads[i][0] + reads[i][1]), got,
                        "READ " + i + " of the compound carries the file's bytes");
            }
        }
    }

    /**
     * Several large READs in one encrypted compound, of exactly one piece, one byte more, and one that meets the end of
     * the file inside a piece, then an ECHO: one TRANSFORM message whose plaintext spans the pieces, every READ whole.
     */
    @Test
    void largeReadsAndAnEchoInOneEncryptedCompoundAreWhole() throws IOException {
        int size = 900 * KIB + 3;
        byte[] content = new byte[size];
        new Random(9).nextBytes(content);
        Files.write(share.resolve("e.bin"), content);
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(client, "data");
            FileId file = open(client, tree, "e.bin");
            int[][] reads = {{0, 256 * KIB}, {5, 256 * KIB + 1}, {size - 300 * KIB, 600 * KIB}};
            List<ByteBuf> chain = new ArrayList<>();
            for (int[] r : reads) {
                chain.add(readMessage(client, tree, file, r[0], r[1]));
            }
            ByteBuf echo = client.newRequest(Smb2Command.ECHO.code(), 0);
            new io.signet.protocol.smb2.message.EchoRequest().encode(echo);
            chain.add(echo);
            client.sendEncryptedCompound(chain);
            List<RawResponse> answers = client.receiveCompound();
            assertEquals(4, answers.size(), answers.toString());
            for (int i = 0; i < reads.length; i++) {
                RawResponse r = answers.get(i);
                assertEquals(RawSmb2Client.STATUS_SUCCESS, r.status(), r.toString());
                byte[] got = ByteBufUtil.getBytes(ReadResponse.decode(r.buf()).data());
                int end = Math.min(size, reads[i][0] + reads[i][1]);
                assertArrayEquals(Arrays.copyOfRange(content, reads[i][0], end), got, "READ " + i);
            }
            assertEquals(RawSmb2Client.STATUS_SUCCESS, answers.get(3).status(), answers.get(3).toString());
        }
    }

    /**
     * The bytes that READ carries instead are memory the frame grew into: what the server's allocator last held, here
     * the victim's READ responses of her own file, which the attacker may not read.
     */
    @Test
    void theReadAfterALargeReadCarriesNoOtherUsersData() throws IOException {
        byte[] secret = new byte[KIB * KIB];
        Arrays.fill(secret, (byte) 0x5A);
        Files.write(share.resolve("secret.bin"), secret);
        Files.write(share.resolve("mine.bin"), new byte[2 * KIB * KIB]);
        try (RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client attacker = loggedOn(server.port(), HostileSupport.ATTACKER,
                     HostileSupport.ATTACKER_PASSWORD)) {
            int vtree = treeConnect(victim, "data");
            FileId vfile = open(victim, vtree, "secret.bin");
            int atree = treeConnect(attacker, "data");
            FileId afile = open(attacker, atree, "mine.bin");
            int leaked = 0;
            for (int round = 0; round < 20 && leaked == 0; round++) {
                for (int size : new int[] {200 * KIB, 230 * KIB, 250 * KIB, 120 * KIB, 60 * KIB}) {
                    victim.send(victim.sign(readMessage(victim, vtree, vfile, 0, size)));
                    victim.receive();
                }
                // The second READ small (read into the frame) and large (appended in pieces).
                for (int second : new int[] {256 * KIB, 300 * KIB}) {
                    attacker.sendCompound(List.of(readMessage(attacker, atree, afile, 0, 300 * KIB),
                            readMessage(attacker, atree, afile, 400 * KIB, second)));
                    List<RawResponse> answers = attacker.receiveCompound();
                    byte[] got = ByteBufUtil.getBytes(ReadResponse.decode(answers.get(1).buf()).data());
                    for (byte b : got) {
                        if (b == 0x5A) {
                            leaked++;
                        }
                    }
                }
            }
            assertEquals(0, leaked, "bytes of the victim's file in the attacker's READ of a file of zeros");
        }
    }

    private static FileId open(RawSmb2Client client, int tree, String name) throws IOException {
        RawResponse r = client.call(Smb2Command.CREATE.code(), tree, body -> new CreateRequest(OplockLevel.NONE.code(),
                ImpersonationLevel.IMPERSONATION, GENERIC_READ, 0x80, 0x07, CreateDisposition.OPEN.code(),
                CreateOptions.NON_DIRECTORY_FILE, name, List.of()).encode(body));
        assertEquals(RawSmb2Client.STATUS_SUCCESS, r.status(), r.toString());
        return CreateResponse.decode(r.buf()).fileId();
    }

}
