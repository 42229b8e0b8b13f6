package io.signet.interop.hostile;

import static io.signet.interop.hostile.GcmSupport.create;
import static io.signet.interop.hostile.GcmSupport.gmacLoggedOn;
import static io.signet.interop.hostile.GcmSupport.random;
import static io.signet.interop.hostile.GcmSupport.write;
import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.readMessage;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.crypto.transform.CipherId;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.ReadResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Many AES-GMAC sessions at once, each on its own connection, signing or sealing with AES-GCM, with WRITEs and READs
 * two at a time so that the server's connection threads verify and its I/O threads sign and seal for several keys
 * side by side (each thread with signers of its own: {@code IoPool}, {@code SessionChannel}). Every response must
 * carry a valid signature under its own session's key (or open under its own session's AES-GCM key), every byte
 * read must be the byte written: a signer or cipher shared between threads or sessions would show as a bad tag or
 * wrong data.
 */
class GmacConcurrentSessionsTest extends HostileServer {
    private static final int CLIENTS = 6;
    private static final int ROUNDS = 6;
    /** Not block-aligned, spanning several 32 KiB chunks and a 256 KiB piece boundary. */
    private static final int SIZE = 256 * 1024 + 4099;

    @Test
    void sessionsSigningAndSealingSideBySideEachGetTheirOwnBytesUnderTheirOwnKeys() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int id = c;
                results.add(pool.submit((Callable<Void>) () -> {
                    exercise(id);
                    return null;
                }));
            }
            for (Future<?> f : results) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void exercise(int id) throws Exception {
        boolean sealed = id % 2 == 1;
        String user = id % 3 == 0 ? ATTACKER : VICTIM;
        String password = id % 3 == 0 ? ATTACKER_PASSWORD : VICTIM_PASSWORD;
        CipherId[] ciphers = sealed ? new CipherId[] {id % 4 == 1 ? CipherId.AES_128_GCM : CipherId.AES_256_GCM}
                : new CipherId[0];
        try (RawSmb2Client client = gmacLoggedOn(server.port(), user, password, ciphers)) {
            int tree = treeConnect(client, "data");
            String name = "c" + id + ".bin";
            FileId file = create(client, tree, name);
            for (int round = 0; round < ROUNDS; round++) {
                byte[] first = random(SIZE, id * 100 + round);
                byte[] second = random(SIZE + 1, id * 100 + round + 50);
                send(client, sealed, ByteBufUtil.getBytes(write(client, tree, file, 0, first)));
                send(client, sealed, ByteBufUtil.getBytes(write(client, tree, file, SIZE, second)));
                assertAnswered(client, sealed);
                assertAnswered(client, sealed);

                long firstRead = client.nextMessageId();
                send(client, sealed, ByteBufUtil.getBytes(readMessage(client, tree, file, 0, SIZE)));
                send(client, sealed, ByteBufUtil.getBytes(readMessage(client, tree, file, SIZE, SIZE + 1)));
                // Side by side on the I/O threads, the two READs may be answered in either order.
                RawResponse a = assertAnswered(client, sealed);
                RawResponse b = assertAnswered(client, sealed);
                boolean inOrder = a.header().messageId() == firstRead;
                byte[] read1 = data(inOrder ? a : b);
                byte[] read2 = data(inOrder ? b : a);
                assertArrayEquals(first, read1, "client " + id + " round " + round);
                assertArrayEquals(second, read2, "client " + id + " round " + round);
            }
            assertEquals(2L * SIZE + 1, Files.size(share.resolve(name)));
        }
    }

    private static void send(RawSmb2Client client, boolean sealed, byte[] message) throws Exception {
        var buf = io.netty.buffer.Unpooled.wrappedBuffer(message);
        if (sealed) {
            client.sendEncrypted(buf, client.session());
        } else {
            client.send(client.sign(buf));
        }
    }

    /** The next response succeeded and, unless it came sealed (and so opened under the session's key), is signed. */
    private static RawResponse assertAnswered(RawSmb2Client client, boolean sealed) throws Exception {
        RawResponse r = client.receive();
        assertStatus(RawSmb2Client.STATUS_SUCCESS, r);
        if (!sealed) {
            assertTrue(r.signatureValid(), "signed with this session's key: " + r);
        }
        return r;
    }

    private static byte[] data(RawResponse r) {
        return ByteBufUtil.getBytes(ReadResponse.decode(r.buf()).data());
    }
}
