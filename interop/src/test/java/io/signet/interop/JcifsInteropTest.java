package io.signet.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.interop.support.ServerLog;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jcifs.CIFSContext;
import jcifs.CIFSException;
import jcifs.config.PropertyConfiguration;
import jcifs.context.BaseContext;
import jcifs.smb.NtlmPasswordAuthenticator;
import jcifs.smb.SmbAuthException;
import jcifs.smb.SmbFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * jcifs-ng with signing enforced: write, read, list, mkdir, rename and delete through {@code smb://} URLs that carry
 * the server's port, over the full dialect range and over each dialect alone; a wrong password is refused.
 */
class JcifsInteropTest {
    private static final int FILE_SIZE = 1024 * 1024 + 123;
    /** [MS-ERREF] 2.3.1 STATUS_LOGON_FAILURE. */
    private static final int STATUS_LOGON_FAILURE = 0xC000006D;

    @TempDir
    Path share;
    @TempDir
    Path state;

    private SignetServer server;
    private CIFSContext context;

    /**
     * @param min     jcifs.smb.client.minVersion
     * @param max     jcifs.smb.client.maxVersion
     * @param dialect how the server names the dialect it must settle on
     */
    record Range(String min, String max, String dialect) {
        @Override
        public String toString() {
            return min.equals(max) ? min : min + ".." + max;
        }
    }

    static Stream<Range> ranges() {
        return Stream.of(
                new Range("SMB202", "SMB311", "3.1.1"),
                new Range("SMB202", "SMB202", "2.0.2"),
                new Range("SMB210", "SMB210", "2.1"),
                new Range("SMB300", "SMB300", "3.0"),
                new Range("SMB302", "SMB302", "3.0.2"),
                new Range("SMB311", "SMB311", "3.1.1"));
    }

    @BeforeEach
    void startServer() throws IOException {
        server = SignetServer.builder().share("data", share).user("alice", "secret")
                .port(0).bindAddress("127.0.0.1").stateDir(state).start();
    }

    @AfterEach
    void stop() throws CIFSException {
        if (context != null) {
            context.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ranges")
    void filesAndDirectories(Range range) throws IOException {
        int mark = ServerLog.mark();
        context = context(range, "secret");
        String base = base();
        byte[] content = new byte[FILE_SIZE];
        new SecureRandom().nextBytes(content);

        try (SmbFile file = new SmbFile(base + "hello.bin", context)) {
            try (OutputStream out = file.getOutputStream()) {
                // Uneven pieces, so that writes do not all line up with the client's buffer size.
                for (int off = 0; off < content.length; off += 100_000) {
                    out.write(content, off, Math.min(100_000, content.length - off));
                }
            }
            assertArrayEquals(content, Files.readAllBytes(share.resolve("hello.bin")), "file on the share");
            assertEquals(FILE_SIZE, file.length());
            try (InputStream in = file.getInputStream()) {
                assertArrayEquals(content, in.readAllBytes(), "file read back");
            }
        }
        assertSignedSession(range, mark);

        try (SmbFile dir = new SmbFile(base + "dir/", context)) {
            dir.mkdir();
            assertTrue(Files.isDirectory(share.resolve("dir")), "mkdir did not create the directory on the share");
            assertTrue(dir.isDirectory());
        }
        try (SmbFile root = new SmbFile(base, context)) {
            assertEquals(Set.of("hello.bin", "dir/"), names(root), "listing of the share root");
        }

        try (SmbFile file = new SmbFile(base + "hello.bin", context);
             SmbFile target = new SmbFile(base + "dir/renamed.bin", context)) {
            file.renameTo(target);
            assertFalse(Files.exists(share.resolve("hello.bin")), "rename left the file in place");
            assertArrayEquals(content, Files.readAllBytes(share.resolve("dir").resolve("renamed.bin")),
                    "file after rename");
            assertFalse(file.exists());
            assertTrue(target.exists());
        }
        try (SmbFile dir = new SmbFile(base + "dir/", context)) {
            assertEquals(Set.of("renamed.bin"), names(dir), "listing of the directory");
        }

        try (SmbFile target = new SmbFile(base + "dir/renamed.bin", context);
             SmbFile dir = new SmbFile(base + "dir/", context)) {
            target.delete();
            assertFalse(Files.exists(share.resolve("dir").resolve("renamed.bin")), "delete left the file");
            dir.delete();
            assertFalse(Files.exists(share.resolve("dir")), "delete left the directory");
            assertFalse(dir.exists());
        }
        try (Stream<Path> left = Files.list(share)) {
            assertEquals(List.of(), left.toList(), "the share should be empty again");
        }
    }

    @Test
    void wrongPasswordIsRefused() throws IOException {
        Range range = new Range("SMB202", "SMB311", "3.1.1");
        int mark = ServerLog.mark();
        CIFSContext wrong = context(range, "not-the-password");
        try (SmbFile root = new SmbFile(base(), wrong)) {
            SmbAuthException e = assertThrows(SmbAuthException.class, root::list);
            assertEquals(STATUS_LOGON_FAILURE, e.getNtStatus(), "NTSTATUS of the refusal: " + e);
        } finally {
            wrong.close();
        }
        assertTrue(ServerLog.since(mark).stream()
                .anyMatch(l -> l.contains("session setup failed: STATUS_LOGON_FAILURE")), ServerLog.dump(mark));

        // The right password still works on the same server.
        context = context(range, "secret");
        try (SmbFile root = new SmbFile(base(), context)) {
            assertTrue(root.exists());
        }
    }

    private String base() {
        return "smb://127.0.0.1:" + server.port() + "/data/";
    }

    private static CIFSContext context(Range range, String password) throws CIFSException {
        Properties p = new Properties();
        p.setProperty("jcifs.smb.client.minVersion", range.min());
        p.setProperty("jcifs.smb.client.maxVersion", range.max());
        p.setProperty("jcifs.smb.client.signingEnforced", "true");
        // No NetBIOS name lookups or DFS referrals: the URL names the server by address and port.
        p.setProperty("jcifs.resolveOrder", "DNS");
        p.setProperty("jcifs.smb.client.dfs.disabled", "true");
        p.setProperty("jcifs.smb.client.responseTimeout", "30000");
        return new BaseContext(new PropertyConfiguration(p))
                .withCredentials(new NtlmPasswordAuthenticator("", "alice", password));
    }

    private static Set<String> names(SmbFile dir) throws CIFSException {
        SmbFile[] children = dir.listFiles();
        try {
            return Arrays.stream(children).map(SmbFile::getName).collect(Collectors.toSet());
        } finally {
            for (SmbFile child : children) {
                child.close();
            }
        }
    }

    private static void assertSignedSession(Range range, int mark) {
        Pattern established = Pattern.compile("session \\p{XDigit}+ established for \\S*\\\\alice \\("
                + Pattern.quote(range.dialect()) + ", signing required\\)");
        assertFalse(ServerLog.matching(mark, established).isEmpty(),
                "expected a " + range.dialect() + " session with signing required; " + ServerLog.dump(mark));
    }
}
