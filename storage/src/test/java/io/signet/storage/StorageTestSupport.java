package io.signet.storage;

import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import org.junit.jupiter.api.function.Executable;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** Shorthands shared by the storage tests. */
final class StorageTestSupport {
    static final int READ = AccessMask.GENERIC_READ;
    static final int READ_WRITE = AccessMask.GENERIC_READ | AccessMask.GENERIC_WRITE;
    static final int ALL = AccessMask.GENERIC_ALL;

    private StorageTestSupport() {
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
        int n = h.read(0, buf);
        return new String(buf.array(), 0, n, StandardCharsets.UTF_8);
    }
}
