package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.STATUS_NETWORK_NAME_DELETED;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertSessionWorks;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.createMessage;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.secondSession;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.config.ShareConfig;
import io.signet.interop.raw.RawMessages;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.fscc.FileDispositionInformation;
import io.signet.protocol.fscc.FileRenameInformation;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.ImpersonationLevel;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.fsctl.CopyChunkRequest;
import io.signet.protocol.fsctl.CtlCode;
import io.signet.protocol.fsctl.ResumeKeyResponse;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.IoctlRequest;
import io.signet.protocol.smb2.message.IoctlResponse;
import io.signet.protocol.smb2.message.QueryInfoRequest;
import io.signet.protocol.smb2.message.SetInfoRequest;
import io.signet.protocol.smb2.message.TreeDisconnectRequest;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handles, tree connects and names: a resume key, a tree connect or a name reaches only what its own session may
 * ([MS-SMB2] 3.3.5.15.6, 3.3.5.2.7.2, 3.3.5.8; [MS-FSA] 2.1.5.14). The attacker (mallory) has an account of her own
 * and a session on the victim's (alice's) connection; the victim has a share, {@code private}, that admits only her.
 */
class HandleAndPathAdmissionTest {
    private static final String SECRET = "alice's private words";
    /** [MS-FSCC] 2.4 information classes. */
    private static final int FILE_RENAME_INFORMATION = 10;
    private static final int FILE_DISPOSITION_INFORMATION = 13;

    @TempDir
    Path dir;

    private Path outside;
    private SignetServer server;

    @BeforeEach
    void start() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path priv = Files.createDirectories(dir.resolve("private"));
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(priv.resolve("secret.txt"), SECRET);
        Files.writeString(outside.resolve("secret.txt"), SECRET);
        server = SignetServer.builder().share("data", data)
                .share(ShareConfig.of("private", priv).withValidUsers(List.of(VICTIM)))
                .user(VICTIM, VICTIM_PASSWORD).user(ATTACKER, ATTACKER_PASSWORD)
                .port(0).bindAddress("127.0.0.1").start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /**
     * A resume key names an open of one session ([MS-SMB2] 3.3.5.15.5); FSCTL_SRV_COPYCHUNK of another session must
     * not read through it, even on the same connection (Samba: "copy chunk handles not in the same session",
     * STATUS_ACCESS_DENIED). Otherwise mallory, having seen alice's resume key on the wire (signing does not hide
     * it), copies a file of a share she may not even connect to into a file of her own.
     */
    @Test
    void aResumeKeyOfAnotherSessionOnTheSameConnectionCopiesNothing() throws IOException {
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int aliceTree = treeConnect(client, "private");
            FileId secret = open(client, aliceTree, "secret.txt", 0x00120089, CreateDisposition.OPEN.code());
            RawResponse keyAnswer = client.call(Smb2Command.IOCTL.code(), aliceTree,
                    ioctl(CtlCode.FSCTL_SRV_REQUEST_RESUME_KEY, secret, Unpooled.EMPTY_BUFFER, 32));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, keyAnswer);
            byte[] key = ResumeKeyResponse.decode(IoctlResponse.decode(keyAnswer.buf()).output()).resumeKey();

            secondSession(client, ATTACKER, ATTACKER_PASSWORD);
            assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED, client.treeConnect("private"));
            int malloryTree = treeConnect(client, "data");
            FileId loot = open(client, malloryTree, "loot.txt", 0x0012019F, CreateDisposition.CREATE.code());
            ByteBuf copy = Unpooled.buffer();
            new CopyChunkRequest(key, List.of(new CopyChunkRequest.Chunk(0, 0, SECRET.length()))).encode(copy);
            RawResponse copied = client.call(Smb2Command.IOCTL.code(), malloryTree,
                    ioctl(CtlCode.FSCTL_SRV_COPYCHUNK, loot, copy, 12));

            assertNotEquals(String.format("0x%08x", RawSmb2Client.STATUS_SUCCESS),
                    String.format("0x%08x", copied.status()), "the copy must be refused: " + copied);
            assertEquals(0, Files.size(dir.resolve("data").resolve("loot.txt")), "nothing of alice's file copied");
        }
    }

    /**
     * [MS-SMB2] 3.3.5.2.7.2 and 3.3.5.8: a related request after a TREE_DISCONNECT has no tree connect left to run in.
     * The CREATE must be refused, not run in the tree that was just disconnected (where no TREE_DISCONNECT would ever
     * close it again).
     */
    @Test
    void aRelatedCreateAfterTreeDisconnectRunsInNoTree() throws IOException {
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(client, "data");
            ByteBuf disconnect = client.newRequest(Smb2Command.TREE_DISCONNECT.code(), tree);
            new TreeDisconnectRequest().encode(disconnect);
            ByteBuf create = RawMessages.related(createMessage(client, tree, "orphan.txt"));
            client.sendCompound(List.of(disconnect, create));

            List<RawResponse> answers = client.receiveCompound();
            assertStatus(RawSmb2Client.STATUS_SUCCESS, answers.get(0));
            assertStatus(STATUS_NETWORK_NAME_DELETED, answers.get(1));
            assertFalse(Files.exists(dir.resolve("data").resolve("orphan.txt")), "no file created in a gone tree");
            assertSessionWorks(client);
        }
    }

    /** Names that climb out of the share, however spelled, open nothing outside it. */
    @Test
    void namesThatClimbOutOfTheShareOpenNothing() throws IOException {
        try (RawSmb2Client client = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int tree = treeConnect(client, "data");
            for (String name : List.of("..\\outside\\secret.txt", "\\..\\outside\\secret.txt",
                    "x\\..\\..\\outside\\secret.txt", "..", ".\\..\\outside\\secret.txt", "../outside/secret.txt",
                    "..\\private\\secret.txt", "\\\\?\\..\\outside\\secret.txt", "...\\outside\\secret.txt",
                    "..:$DATA", ".. \\outside\\secret.txt", "..\u0000\\outside\\secret.txt")) {
                RawResponse r = client.call(Smb2Command.CREATE.code(), tree, createBody(name, 0x00120089,
                        CreateDisposition.OPEN.code()));
                assertNotEquals(String.format("0x%08x", RawSmb2Client.STATUS_SUCCESS),
                        String.format("0x%08x", r.status()), name + " opened: " + r);
            }
            assertSessionWorks(client);
        }
    }

    /**
     * [MS-FSA] 2.1.5.14.3 and 2.1.5.14.11, [MS-SMB2] 3.3.5.9: deleting or renaming needs DELETE on the open; a
     * rename target is a name inside the share. An open for reading only deletes, renames and moves nothing.
     */
    @Test
    void anOpenWithoutDeleteAccessNeitherDeletesNorRenamesAndARenameStaysInTheShare() throws IOException {
        Files.writeString(dir.resolve("data").resolve("keep.txt"), "keep");
        try (RawSmb2Client client = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int tree = treeConnect(client, "data");
            FileId reader = open(client, tree, "keep.txt", 0x00120089, CreateDisposition.OPEN.code()); // no DELETE
            ByteBuf dispose = Unpooled.buffer();
            new FileDispositionInformation(true).encode(dispose);
            assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED, client.call(Smb2Command.SET_INFO.code(), tree,
                    setInfo(FILE_DISPOSITION_INFORMATION, reader, dispose)));
            ByteBuf rename = Unpooled.buffer();
            new FileRenameInformation(true, 0, "moved.txt").encode(rename);
            assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED, client.call(Smb2Command.SET_INFO.code(), tree,
                    setInfo(FILE_RENAME_INFORMATION, reader, rename)));
            RawResponse deleteOnClose = client.call(Smb2Command.CREATE.code(), tree, body -> new CreateRequest(
                    OplockLevel.NONE.code(), ImpersonationLevel.IMPERSONATION, 0x00120089, 0x80,
                    ShareAccess.FILE_SHARE_READ | ShareAccess.FILE_SHARE_WRITE | ShareAccess.FILE_SHARE_DELETE,
                    CreateDisposition.OPEN.code(), CreateOptions.NON_DIRECTORY_FILE | CreateOptions.DELETE_ON_CLOSE,
                    "keep.txt", List.of()).encode(body));
            assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED, deleteOnClose);

            FileId owner = open(client, tree, "keep.txt", 0x00130089, CreateDisposition.OPEN.code()); // with DELETE
            for (String target : List.of("..\\outside\\moved.txt", "\\..\\outside\\moved.txt",
                    "..\\private\\moved.txt")) {
                ByteBuf out = Unpooled.buffer();
                new FileRenameInformation(true, 0, target).encode(out);
                RawResponse r = client.call(Smb2Command.SET_INFO.code(), tree, setInfo(FILE_RENAME_INFORMATION, owner,
                        out));
                assertNotEquals(String.format("0x%08x", RawSmb2Client.STATUS_SUCCESS),
                        String.format("0x%08x", r.status()), "rename to " + target + ": " + r);
            }
            client.close(tree, reader);
            client.close(tree, owner);
            assertEquals("keep", Files.readString(dir.resolve("data").resolve("keep.txt")));
            assertFalse(Files.exists(dir.resolve("moved.txt")) || Files.exists(outside.resolve("moved.txt"))
                    || Files.exists(dir.resolve("private").resolve("moved.txt")), "nothing moved out of the share");
        }
    }

    private static java.util.function.Consumer<ByteBuf> setInfo(int infoClass, FileId fileId, ByteBuf buffer) {
        return body -> new SetInfoRequest(QueryInfoRequest.INFO_FILE, infoClass, 0, fileId, buffer).encode(body);
    }

    private static FileId open(RawSmb2Client client, int tree, String name, int access, int disposition)
            throws IOException {
        RawResponse r = client.call(Smb2Command.CREATE.code(), tree, createBody(name, access, disposition));
        assertStatus(RawSmb2Client.STATUS_SUCCESS, r);
        return CreateResponse.decode(r.buf()).fileId();
    }

    private static java.util.function.Consumer<ByteBuf> createBody(String name, int access, int disposition) {
        return body -> new CreateRequest(OplockLevel.NONE.code(), ImpersonationLevel.IMPERSONATION,
                access, 0x80, ShareAccess.FILE_SHARE_READ | ShareAccess.FILE_SHARE_WRITE
                | ShareAccess.FILE_SHARE_DELETE, disposition, CreateOptions.NON_DIRECTORY_FILE, name,
                List.of()).encode(body);
    }

    private static java.util.function.Consumer<ByteBuf> ioctl(int ctlCode, FileId fileId, ByteBuf input,
                                                              int maxOutput) {
        return body -> new IoctlRequest(ctlCode, fileId, input, 0, Unpooled.EMPTY_BUFFER, maxOutput,
                IoctlRequest.IS_FSCTL).encode(body);
    }
}
