package io.signet.storage.nt;

import io.signet.protocol.status.NtStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NtStatusMapperTest {
    private static NtStatus map(IOException e) {
        return NtStatusMapper.fromException(e);
    }

    private static FileSystemException errno(String reason) {
        return new FileSystemException("/x", null, reason);
    }

    @Test
    void typedExceptions() {
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, map(new NoSuchFileException("/x")));
        assertEquals(NtStatus.STATUS_OBJECT_NAME_COLLISION, map(new FileAlreadyExistsException("/x")));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, map(new AccessDeniedException("/x")));
        assertEquals(NtStatus.STATUS_DIRECTORY_NOT_EMPTY, map(new DirectoryNotEmptyException("/x")));
        assertEquals(NtStatus.STATUS_OBJECT_PATH_NOT_FOUND, map(new NotDirectoryException("/x")));
        assertEquals(NtStatus.STATUS_OBJECT_PATH_NOT_FOUND, map(new FileSystemLoopException("/x")));
        assertEquals(NtStatus.STATUS_FILE_CLOSED, map(new ClosedChannelException()));
    }

    @Test
    void errnoMessages() {
        assertEquals(NtStatus.STATUS_DISK_FULL, map(new IOException("No space left on device")));
        assertEquals(NtStatus.STATUS_DISK_FULL, map(errno("Disk quota exceeded")));
        assertEquals(NtStatus.STATUS_DISK_FULL, map(errno("File too large")));
        assertEquals(NtStatus.STATUS_MEDIA_WRITE_PROTECTED, map(errno("Read-only file system")));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, map(errno("Operation not permitted")));
        assertEquals(NtStatus.STATUS_OBJECT_NAME_INVALID, map(errno("File name too long")));
        assertEquals(NtStatus.STATUS_FILE_IS_A_DIRECTORY, map(errno("Is a directory")));
        assertEquals(NtStatus.STATUS_TOO_MANY_OPENED_FILES, map(errno("Too many open files")));
        assertEquals(NtStatus.STATUS_NOT_SAME_DEVICE, map(errno("Invalid cross-device link")));
        assertEquals(NtStatus.STATUS_SHARING_VIOLATION, map(errno("Text file busy")));
        assertEquals(NtStatus.STATUS_UNSUCCESSFUL, map(errno("Input/output error")));
        assertEquals(NtStatus.STATUS_UNSUCCESSFUL, map(new IOException((String) null)));
    }

    @Test
    void realFailuresFromTheFileSystem(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("f"), "x");
        Files.createDirectories(dir.resolve("d/e"));
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND,
                map(assertThrows(IOException.class, () -> Files.delete(dir.resolve("missing")))));
        assertEquals(NtStatus.STATUS_OBJECT_NAME_COLLISION,
                map(assertThrows(IOException.class, () -> Files.createFile(dir.resolve("f")))));
        assertEquals(NtStatus.STATUS_DIRECTORY_NOT_EMPTY,
                map(assertThrows(IOException.class, () -> Files.delete(dir.resolve("d")))));
        assertEquals(NtStatus.STATUS_OBJECT_PATH_NOT_FOUND,
                map(assertThrows(IOException.class, () -> Files.createFile(dir.resolve("f/child")))));
        assertEquals(NtStatus.STATUS_OBJECT_NAME_INVALID,
                map(assertThrows(IOException.class, () -> Files.createFile(dir.resolve("n".repeat(300))))));
    }
}
