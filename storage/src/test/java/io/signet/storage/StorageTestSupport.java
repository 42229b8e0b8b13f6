package io.signet.storage;

import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Shorthands shared by the storage tests. */
final class StorageTestSupport {
    static final int READ = AccessMask.GENERIC_READ;
    static final int READ_WRITE = AccessMask.GENERIC_READ | AccessMask.GENERIC_WRITE;
    static final int ALL = AccessMask.GENERIC_ALL;

    private StorageTestSupport() {
    }

    /** Skips the test where {@code dir}'s file system keeps no user extended attributes (some tmpfs builds). */
    static void assumeUserXattrs(Path dir) throws IOException {
        Path probe = dir.resolve("probe");
        Files.writeString(probe, "");
        boolean xattrs;
        try {
            Files.getFileAttributeView(probe, UserDefinedFileAttributeView.class)
                    .write("signet.probe", ByteBuffer.wrap(new byte[]{1}));
            xattrs = true;
        } catch (IOException | UnsupportedOperationException | NullPointerException e) {
            xattrs = false;
        } finally {
            Files.delete(probe);
        }
        assumeTrue(xattrs, "the temporary directory has no user extended attributes");
    }

    static NtStatus status(Executable call) {
        return assertThrows(SmbException.class, call).status();
    }

    static FileHandle open(ShareFileSystem fs, String path, int access) {
        return fs.create(path, CreateDisposition.OPEN, 0, access, 0).handle();
    }

    static FileHandle createFile(ShareFileSystem fs, String path, int access) {
        return fs.create(path, CreateDisposition.CREATE, CreateOptions.NON_DIRECTORY_FILE, access, 0).handle();
    }

    static FileHandle createDirectory(ShareFileSystem fs, String path) {
        return fs.create(path, CreateDisposition.CREATE, CreateOptions.DIRECTORY_FILE, READ, 0).handle();
    }

    static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the whole file through {@code h}. */
    static String readAll(FileHandle h) {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        int n = h.data().read(0, buf);
        return new String(buf.array(), 0, n, StandardCharsets.UTF_8);
    }
}
