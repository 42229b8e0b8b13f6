package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.readMessage;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.ImpersonationLevel;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.EchoRequest;
import io.signet.protocol.smb2.message.FileId;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The memory a compound's responses hold must be in proportion to the bytes they carry (and the frame's 16 MiB
 * limit, [MS-SMB2] 2.1), not to the number of requests: a READ of one byte after a large READ in the same chain must
 * not hold a 256 KiB piece of I/O memory, or a 100 KB chain of such READs holds hundreds of MiB of direct memory for
 * as long as its client does not read the answer.
 */
class SmallReadAfterLargeReadMemoryTest extends HostileServer {
    private static final int KIB = 1024;
    private static final int MIB = KIB * KIB;
    private static final int TINY_READS = 600;

    @Test
    void oneByteReadsAfterALargeReadHoldNoPieceEach() throws Exception {
        byte[] content = new byte[9 * MIB];
        new Random(3).nextBytes(content);
        Files.write(share.resolve("big.bin"), content);
        try (RawSmb2Client client = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int tree = treeConnect(client, "data");
            FileId file = open(client, tree);
            for (int i = 0; i < 40; i++) { // credits for the chains below
                RawResponse echo = client.call(Smb2Command.ECHO.code(), 0, body -> new EchoRequest().encode(body));
                assertEquals(RawSmb2Client.STATUS_SUCCESS, echo.status(), echo.toString());
            }
            // The first frame fills the socket's buffers; the second, its client reading nothing, stays with the
            // server, pieces and all.
            client.sendCompound(List.of(readMessage(client, tree, file, 0, 8 * MIB)));
            List<ByteBuf> chain = new ArrayList<>();
            chain.add(readMessage(client, tree, file, 0, 8 * MIB));
            for (int i = 0; i < TINY_READS; i++) {
                chain.add(readMessage(client, tree, file, i, 1));
            }
            client.sendCompound(chain);
            int peak = 0;
            int stableFor = 0;
            int last = -1;
            for (int i = 0; i < 200 && stableFor < 20; i++) {
                int now = server.dataPiecesInUse();
                peak = Math.max(peak, now);
                stableFor = now == last ? stableFor + 1 : 0;
                last = now;
                Thread.sleep(50);
            }
            // Two 8 MiB READs are 64 pieces; 600 bytes more are worth at most one more.
            assertTrue(peak <= 2 * 32 + 1, peak + " pieces of 256 KiB held for two 8 MiB READs and "
                    + TINY_READS + " one-byte READs");
        }
    }

    private static FileId open(RawSmb2Client client, int tree) throws IOException {
        RawResponse r = client.call(Smb2Command.CREATE.code(), tree, body -> new CreateRequest(OplockLevel.NONE.code(),
                ImpersonationLevel.IMPERSONATION, 0x00120089, 0x80, 0x07, CreateDisposition.OPEN.code(),
                CreateOptions.NON_DIRECTORY_FILE, "big.bin", List.of()).encode(body));
        assertEquals(RawSmb2Client.STATUS_SUCCESS, r.status(), r.toString());
        return CreateResponse.decode(r.buf()).fileId();
    }

}
