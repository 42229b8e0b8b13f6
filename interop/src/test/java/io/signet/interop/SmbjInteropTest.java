package io.signet.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.mserref.NtStatus;
import com.hierynomus.msfscc.fileinformation.FileIdBothDirectoryInformation;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2Dialect;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.File;
import io.signet.interop.support.ServerLog;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * smbj with signing required: write, read, list, mkdir, rename and delete on a DiskShare, over all the dialects smbj
 * offers at once and over each alone; a wrong password is refused.
 */
class SmbjInteropTest {
    private static final int FILE_SIZE = 3 * 1024 * 1024 + 17;
    private static final List<SMB2Dialect> ALL = List.of(SMB2Dialect.SMB_2_0_2, SMB2Dialect.SMB_2_1,
            SMB2Dialect.SMB_3_0, SMB2Dialect.SMB_3_0_2, SMB2Dialect.SMB_3_1_1);

    @TempDir
    Path share;
    @TempDir
    Path state;

    private SignetServer server;

    /** @param expected the dialect the connection must end up with */
    record Offer(List<SMB2Dialect> dialects, SMB2Dialect expected) {
        @Override
        public String toString() {
            return dialects.size() == 1 ? expected.name() : "all, expecting " + expected.name();
        }
    }

    static Stream<Offer> offers() {
        return Stream.concat(Stream.of(new Offer(ALL, SMB2Dialect.SMB_3_1_1)),
                ALL.stream().map(d -> new Offer(List.of(d), d)));
    }

    @BeforeEach
    void startServer() throws IOException {
        server = SignetServer.builder().share("data", share).user("alice", "secret")
                .port(0).bindAddress("127.0.0.1").stateDir(state).start();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("offers")
    void diskShareOperations(Offer offer) throws IOException {
        byte[] content = new byte[FILE_SIZE];
        new SecureRandom().nextBytes(content);
        try (SMBClient client = new SMBClient(config(offer.dialects()));
             Connection connection = client.connect("127.0.0.1", server.port())) {
            Session session = connection.authenticate(
                    new AuthenticationContext("alice", "secret".toCharArray(), ""));
            assertEquals(offer.expected(), connection.getNegotiatedProtocol().getDialect(), "negotiated dialect");
            assertTrue(session.isSigningRequired(), "the session must be signed");
            assertFalse(session.isGuest() || session.isAnonymous(), "alice must not be a guest or anonymous");

            try (DiskShare disk = (DiskShare) session.connectShare("data")) {
                try (File file = disk.openFile("hello.bin", EnumSet.of(AccessMask.GENERIC_WRITE), null,
                        SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_CREATE, null)) {
                    assertEquals(content.length, file.write(content, 0));
                }
                assertArrayEquals(content, Files.readAllBytes(share.resolve("hello.bin")), "file on the share");

                try (File file = disk.openFile("hello.bin", EnumSet.of(AccessMask.GENERIC_READ), null,
                        SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, null);
                     InputStream in = file.getInputStream()) {
                    assertArrayEquals(content, in.readAllBytes(), "file read back");
                }

                disk.mkdir("dir");
                assertTrue(Files.isDirectory(share.resolve("dir")), "mkdir did not create the directory");
                assertTrue(disk.folderExists("dir"));
                assertEquals(Set.of(".", "..", "hello.bin", "dir"), names(disk, ""), "listing of the share root");

                try (File file = disk.openFile("hello.bin", EnumSet.of(AccessMask.DELETE, AccessMask.GENERIC_READ),
                        null, SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, null)) {
                    file.rename("dir\\renamed.bin");
                }
                assertFalse(Files.exists(share.resolve("hello.bin")), "rename left the file in place");
                assertArrayEquals(content, Files.readAllBytes(share.resolve("dir").resolve("renamed.bin")),
                        "file after rename");
                assertEquals(Set.of(".", "..", "renamed.bin"), names(disk, "dir"), "listing of the directory");
                assertFalse(disk.fileExists("hello.bin"));

                disk.rm("dir\\renamed.bin");
                assertFalse(Files.exists(share.resolve("dir").resolve("renamed.bin")), "rm left the file");
                disk.rmdir("dir", false);
                assertFalse(Files.exists(share.resolve("dir")), "rmdir left the directory");
                assertFalse(disk.folderExists("dir"));
            }
            session.logoff();
        }
        try (Stream<Path> left = Files.list(share)) {
            assertEquals(List.of(), left.toList(), "the share should be empty again");
        }
    }

    @Test
    void wrongPasswordIsRefused() throws IOException {
        int mark = ServerLog.mark();
        try (SMBClient client = new SMBClient(config(ALL));
             Connection connection = client.connect("127.0.0.1", server.port())) {
            SMBApiException e = assertThrows(SMBApiException.class, () -> connection.authenticate(
                    new AuthenticationContext("alice", "not-the-password".toCharArray(), "")));
            assertEquals(NtStatus.STATUS_LOGON_FAILURE, e.getStatus(), "status of the refusal: " + e);
        }
        assertTrue(ServerLog.since(mark).stream()
                .anyMatch(l -> l.contains("session setup failed: STATUS_LOGON_FAILURE")), ServerLog.dump(mark));

        // The server goes on serving: the right password works on a new connection.
        try (SMBClient client = new SMBClient(config(ALL));
             Connection connection = client.connect("127.0.0.1", server.port())) {
            Session session = connection.authenticate(new AuthenticationContext("alice", "secret".toCharArray(), ""));
            try (DiskShare disk = (DiskShare) session.connectShare("data")) {
                assertTrue(disk.list("").stream().anyMatch(i -> i.getFileName().equals(".")));
            }
        }
    }

    private static SmbConfig config(List<SMB2Dialect> dialects) {
        return SmbConfig.builder()
                .withDialects(dialects)
                .withSigningRequired(true)
                .withTimeout(30, TimeUnit.SECONDS)
                .build();
    }

    private static Set<String> names(DiskShare disk, String path) {
        return disk.list(path).stream().map(FileIdBothDirectoryInformation::getFileName).collect(Collectors.toSet());
    }
}
