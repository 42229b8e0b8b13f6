package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.STATUS_FILE_CLOSED;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.secondSession;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.interop.raw.RawSmb2Client.RawSession;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.ImpersonationLevel;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.Channel;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.EchoRequest;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.OplockBreak;
import io.signet.protocol.smb2.message.ReadRequest;
import io.signet.protocol.smb2.message.ReadResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * [MS-SMB2] 3.3.5.22.1, 3.3.5.12 and 3.3.5.10: an OPLOCK_BREAK acknowledgment, a READ or a CLOSE finds its open in
 * Session.OpenTable of the session it runs as. The attacker (mallory), with a session of her own on the victim's
 * connection and her own tree connect to the same share, names alice's FileId: her session has no such open
 * (STATUS_FILE_CLOSED), and alice's open, oplock and pending break are untouched.
 */
class OpenAdmissionTest extends HostileServer {
    /** [MS-SMB2] 2.2.23.1: an oplock break notification carries MessageId 0xFFFFFFFFFFFFFFFF. */
    private static final long NOTIFICATION_MID = -1L;
    private static final String SECRET = "alice's own words";

    @BeforeEach
    void prepareShare() throws IOException {
        Files.writeString(share.resolve("held.txt"), SECRET);
    }

    @Test
    void aReadOrCloseNamingAnotherSessionsOpenIsRefusedAndTheOpenSurvives() throws IOException {
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            RawSession alice = client.session();
            int aliceTree = treeConnect(client, "data");
            FileId held = open(client, aliceTree, OplockLevel.NONE.code()).fileId();
            secondSession(client, ATTACKER, ATTACKER_PASSWORD);
            int malloryTree = treeConnect(client, "data");

            assertStatus(STATUS_FILE_CLOSED, client.call(Smb2Command.READ.code(), malloryTree, read(held)));
            assertStatus(STATUS_FILE_CLOSED, client.close(malloryTree, held));

            client.use(alice);
            RawResponse read = client.call(Smb2Command.READ.code(), aliceTree, read(held));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, read);
            assertEquals(SECRET, ReadResponse.decode(read.buf()).data().toString(StandardCharsets.UTF_8));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, client.close(aliceTree, held));
        }
    }

    /**
     * Mallory opens the file alice holds a batch oplock on, which breaks it; her acknowledgment of the break, naming
     * alice's open, is refused, and her CREATE keeps waiting for alice's own acknowledgment.
     */
    @Test
    void anOplockBreakAcknowledgmentFromAnotherSessionLeavesTheBreakToTheHolder() throws IOException {
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            RawSession alice = client.session();
            int aliceTree = treeConnect(client, "data");
            CreateResponse batch = open(client, aliceTree, OplockLevel.BATCH.code());
            assertEquals(OplockLevel.BATCH.code(), batch.oplockLevel(), "a batch oplock on the only open");
            FileId held = batch.fileId();
            RawSession mallory = secondSession(client, ATTACKER, ATTACKER_PASSWORD);
            int malloryTree = treeConnect(client, "data");

            long createMid = client.nextMessageId();
            client.send(client.sign(createRequest(client, malloryTree, OplockLevel.NONE.code())));
            List<RawResponse> seen = new ArrayList<>();
            RawResponse notification = awaitMessage(client, NOTIFICATION_MID, seen);
            assertEquals(Smb2Command.OPLOCK_BREAK.code(), notification.header().commandCode());
            assertEquals(held, OplockBreak.decode(notification.buf()).fileId(), "the break is of alice's open");

            RawResponse ack = client.call(Smb2Command.OPLOCK_BREAK.code(), malloryTree,
                    body -> new OplockBreak(OplockLevel.NONE.code(), held).encode(body));
            assertStatus(STATUS_FILE_CLOSED, ack);
            client.use(alice);
            long echoMid = client.nextMessageId();
            ByteBuf echo = client.newRequest(Smb2Command.ECHO.code(), 0);
            new EchoRequest().encode(echo);
            client.send(client.sign(echo));
            awaitMessage(client, echoMid, seen);
            assertTrue(seen.stream().noneMatch(r -> r.header().messageId() == createMid
                            && r.status() != RawSmb2Client.STATUS_PENDING),
                    "mallory's CREATE went on before alice acknowledged the break: " + seen);

            RawResponse read = client.call(Smb2Command.READ.code(), aliceTree, read(held));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, read);
            long aliceAckMid = client.nextMessageId();
            client.send(client.sign(oplockBreak(client, aliceTree, held)));
            seen.clear();
            assertStatus(RawSmb2Client.STATUS_SUCCESS, awaitMessage(client, aliceAckMid, seen));
            RawResponse created = seen.stream().filter(r -> r.header().messageId() == createMid
                    && r.status() != RawSmb2Client.STATUS_PENDING).findFirst()
                    .orElseGet(() -> awaitQuietly(client, createMid));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, created);

            // FileIds count from 1 in each session: mallory's open has the very FileId of alice's, and closing it
            // closes hers only.
            FileId mine = CreateResponse.decode(created.buf()).fileId();
            client.use(mallory);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, client.close(malloryTree, mine));
            client.use(alice);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, client.call(Smb2Command.READ.code(), aliceTree, read(held)));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, client.close(aliceTree, held));
        }
    }

    /** Alice's acknowledgment of the break to no oplock, signed. */
    private static ByteBuf oplockBreak(RawSmb2Client client, int tree, FileId fileId) {
        ByteBuf m = client.newRequest(Smb2Command.OPLOCK_BREAK.code(), tree);
        new OplockBreak(OplockLevel.NONE.code(), fileId).encode(m);
        return m;
    }

    /** The next message with {@code mid}; the others that came first are added to {@code seen}. */
    private static RawResponse awaitMessage(RawSmb2Client client, long mid, List<RawResponse> seen)
            throws IOException {
        while (true) {
            for (RawResponse r : client.receiveCompound()) {
                if (r.header().messageId() == mid) {
                    return r;
                }
                seen.add(r);
            }
        }
    }

    private static RawResponse awaitQuietly(RawSmb2Client client, long mid) {
        try {
            return awaitMessage(client, mid, new ArrayList<>());
        } catch (IOException e) {
            throw new AssertionError("no response to message " + mid, e);
        }
    }

    /** Opens held.txt for reading (sharing everything) with the oplock {@code level}, signed. */
    private static CreateResponse open(RawSmb2Client client, int tree, int level) throws IOException {
        ByteBuf request = createRequest(client, tree, level);
        client.send(client.sign(request));
        RawResponse r = client.receive();
        assertStatus(RawSmb2Client.STATUS_SUCCESS, r);
        return CreateResponse.decode(r.buf());
    }

    private static ByteBuf createRequest(RawSmb2Client client, int tree, int level) {
        ByteBuf m = client.newRequest(Smb2Command.CREATE.code(), tree);
        new CreateRequest(level, ImpersonationLevel.IMPERSONATION,
                0x00120089, // FILE_GENERIC_READ
                0, ShareAccess.FILE_SHARE_READ | ShareAccess.FILE_SHARE_WRITE | ShareAccess.FILE_SHARE_DELETE,
                CreateDisposition.OPEN.code(), CreateOptions.NON_DIRECTORY_FILE, "held.txt", List.of()).encode(m);
        return m;
    }

    private static Consumer<ByteBuf> read(FileId fileId) {
        return body -> new ReadRequest(0x50, 0, 4096, 0, fileId, 0, Channel.NONE, 0, Unpooled.EMPTY_BUFFER)
                .encode(body);
    }
}
