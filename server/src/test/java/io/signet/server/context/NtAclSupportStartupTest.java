package io.signet.server.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.signet.config.ServerConfig;
import io.signet.config.ShareConfig;
import io.signet.protocol.dtyp.Sid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A share keeps Windows security descriptors in user extended attributes; one whose file system cannot hold them
 * would leave every new file unprotected, so the server refuses to start with it unless it says
 * {@code nt acl support = no}.
 */
class NtAclSupportStartupTest {
    private static final Sid MACHINE = Sid.parse("S-1-5-21-10-20-30");
    /** procfs takes no user extended attributes: a file system that cannot keep descriptors, on every Linux. */
    private static final Path NO_XATTRS = Path.of("/proc");

    @TempDir
    Path dir;

    @Test
    void aShareWhoseFileSystemCannotKeepDescriptorsIsRefusedWithTheReason() {
        assumeTrue(Files.isDirectory(NO_XATTRS.resolve("self")), "Linux procfs");
        ServerConfig config = ServerConfig.builder().port(0).share(ShareConfig.of("proc", NO_XATTRS)).build();
        IOException e = assertThrows(IOException.class, () -> new ServerContext(config, new byte[16], MACHINE));
        assertTrue(e.getMessage().contains("share 'proc'"), e.getMessage());
        assertTrue(e.getMessage().contains("extended attributes"), e.getMessage());
        assertTrue(e.getMessage().contains("nt acl support = no"), e.getMessage());
    }

    @Test
    void withoutNtAclSupportTheSameShareStarts() throws IOException {
        assumeTrue(Files.isDirectory(NO_XATTRS.resolve("self")), "Linux procfs");
        ServerConfig config = ServerConfig.builder().port(0)
                .share(new ShareConfig("proc", NO_XATTRS, true, "", true, false, null, List.of(), false)).build();
        ServerContext context = new ServerContext(config, new byte[16], MACHINE);
        assertEquals(NO_XATTRS, context.share("proc").fileSystem().root());
    }

    @Test
    void aShareThatCanKeepThemStarts() throws IOException {
        ServerConfig config = ServerConfig.builder().port(0).share(ShareConfig.of("data", dir)).build();
        assertEquals(dir.toRealPath(), new ServerContext(config, new byte[16], MACHINE).share("data").fileSystem()
                .root());
    }
}
