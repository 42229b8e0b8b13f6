package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.openRoot;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static io.signet.interop.hostile.LeaseSupport.RH;
import static io.signet.interop.hostile.LeaseSupport.assertNoMessage;
import static io.signet.interop.hostile.LeaseSupport.create;
import static io.signet.interop.hostile.LeaseSupport.encodeCreate;
import static io.signet.interop.hostile.LeaseSupport.leaseOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.fscc.FileRenameInformation;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.LeaseContext;
import io.signet.protocol.smb2.message.LeaseKey;
import io.signet.protocol.smb2.message.QueryInfoRequest;
import io.signet.protocol.smb2.message.SetInfoRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rename or a delete needs DELETE access on the open ([MS-FSCC] 2.4.42 and 2.4.11: STATUS_ACCESS_DENIED "the handle
 * was not opened with delete access"), which Windows checks when the request arrives, before the file system breaks
 * anyone's caching for it ([MS-FSA] 2.1.5.14.11 and 2.1.4.12 come after). An attacker who may only read attributes
 * must not be able to break the handle leases of the victim's opens, let alone of every open of the share by a
 * "rename" of its root, and keep doing so: each request is refused at once, and no break goes out.
 */
class DeleteAccessBeforeBreaksTest extends HostileServer {
    private static final int STATUS_ACCESS_DENIED = 0xC0000022;
    private static final int FILE_READ_ATTRIBUTES = 0x00000080;
    private static final int FILE_RENAME_INFORMATION = 10;
    private static final int FILE_DISPOSITION_INFORMATION = 13;
    private static final LeaseKey KEY = new LeaseKey(0xACCE55, 0xACCE55);

    @BeforeEach
    void directoryWithAFile() throws IOException {
        Files.createDirectory(share.resolve("dir"));
        Files.writeString(share.resolve("dir").resolve("inside.txt"), "x");
    }

    @Test
    void aRenameOfTheDirectoryAboveWithoutDeleteAccessBreaksNothing() throws IOException {
        try (RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client attacker = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int treeV = treeConnect(victim, "data");
            int treeA = treeConnect(attacker, "data");
            leaseInside(victim, treeV);
            FileId dir = open(attacker, treeA, "dir", CreateOptions.DIRECTORY_FILE);
            assertRefusedAtOnce(attacker, treeA, rename(dir, "dir-new"));
            assertNoMessage(victim);
            assertTrue(Files.exists(share.resolve("dir")));
        }
    }

    @Test
    void aRenameOfTheShareRootBreaksNothing() throws IOException {
        try (RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client attacker = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int treeV = treeConnect(victim, "data");
            int treeA = treeConnect(attacker, "data");
            leaseInside(victim, treeV);
            FileId root = openRoot(attacker, treeA);
            assertRefusedAtOnce(attacker, treeA, rename(root, "elsewhere"));
            assertNoMessage(victim);
        }
    }

    @Test
    void aDeleteWithoutDeleteAccessBreaksNothing() throws IOException {
        try (RawSmb2Client victim = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client attacker = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int treeV = treeConnect(victim, "data");
            int treeA = treeConnect(attacker, "data");
            leaseInside(victim, treeV);
            FileId file = open(attacker, treeA, "dir\\inside.txt", CreateOptions.NON_DIRECTORY_FILE);
            assertRefusedAtOnce(attacker, treeA, body -> {
                ByteBuf info = Unpooled.buffer(1).writeByte(1); // [MS-FSCC] 2.4.11 DeletePending = TRUE
                new SetInfoRequest(QueryInfoRequest.INFO_FILE, FILE_DISPOSITION_INFORMATION, 0, file, info)
                        .encode(body);
                info.release();
            });
            assertNoMessage(victim);
            assertTrue(Files.exists(share.resolve("dir").resolve("inside.txt")));
        }
    }

    /** The SET_INFO is answered STATUS_ACCESS_DENIED as the first thing that comes back: no interim response. */
    private static void assertRefusedAtOnce(RawSmb2Client client, int tree, Consumer<ByteBuf> body)
            throws IOException {
        long mid = client.nextMessageId();
        ByteBuf m = client.newRequest(Smb2Command.SET_INFO.code(), tree);
        body.accept(m);
        client.send(client.sign(m));
        RawResponse r = client.receiveCompound().get(0);
        assertEquals(mid, r.header().messageId());
        assertStatus(STATUS_ACCESS_DENIED, r);
    }

    /** The victim's open below "dir", caching reads and its handle. */
    private static void leaseInside(RawSmb2Client client, int tree) throws IOException {
        CreateResponse held = create(client, tree, "dir\\inside.txt", OplockLevel.LEASE.code(),
                LeaseContext.v2(KEY, RH, 0, LeaseKey.ZERO, 0), 0);
        assertEquals(RH, leaseOf(held).state());
    }

    /** Opens {@code name} for FILE_READ_ATTRIBUTES alone: such an open breaks no lease and may not delete. */
    private static FileId open(RawSmb2Client client, int tree, String name, int options) throws IOException {
        RawResponse r = client.call(Smb2Command.CREATE.code(), tree, body -> encodeCreate(body, name,
                OplockLevel.NONE.code(), null, options, CreateDisposition.OPEN.code(), FILE_READ_ATTRIBUTES));
        assertStatus(RawSmb2Client.STATUS_SUCCESS, r);
        return CreateResponse.decode(r.buf()).fileId();
    }

    private static Consumer<ByteBuf> rename(FileId fileId, String target) {
        return body -> {
            ByteBuf info = Unpooled.buffer();
            new FileRenameInformation(false, 0, target).encode(info);
            new SetInfoRequest(QueryInfoRequest.INFO_FILE, FILE_RENAME_INFORMATION, 0, fileId, info).encode(body);
            info.release();
        };
    }
}
