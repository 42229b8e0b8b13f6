package io.signet.storage.nt;

import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.Locale;

/**
 * The one place that turns {@code java.nio} failures into the NTSTATUS Windows would send for the same condition.
 *
 * <p>The typed exceptions map directly. The JDK reports most other errno values only as the C library's message
 * text ({@code strerror}), so those are recognised by the English messages of glibc and musl; on a host whose C
 * library speaks another language they fall through to STATUS_UNEXPECTED_IO_ERROR's nearest available equivalent,
 * STATUS_UNSUCCESSFUL.
 *
 * <table>
 *   <caption>Mapping</caption>
 *   <tr><th>condition</th><th>status</th><th>why</th></tr>
 *   <tr><td>NoSuchFileException</td><td>OBJECT_NAME_NOT_FOUND</td><td>ENOENT on the final name</td></tr>
 *   <tr><td>FileAlreadyExistsException</td><td>OBJECT_NAME_COLLISION</td><td>EEXIST</td></tr>
 *   <tr><td>AccessDeniedException, "Operation not permitted"</td><td>ACCESS_DENIED</td><td>EACCES, EPERM</td></tr>
 *   <tr><td>DirectoryNotEmptyException</td><td>DIRECTORY_NOT_EMPTY</td><td>ENOTEMPTY</td></tr>
 *   <tr><td>NotDirectoryException, FileSystemLoopException</td><td>OBJECT_PATH_NOT_FOUND</td>
 *       <td>a path component is not a directory (ENOTDIR, ELOOP)</td></tr>
 *   <tr><td>"No space left", "Disk quota exceeded", "File too large"</td><td>DISK_FULL</td>
 *       <td>ENOSPC, EDQUOT, EFBIG</td></tr>
 *   <tr><td>"Read-only file system"</td><td>MEDIA_WRITE_PROTECTED</td><td>EROFS: a read-only volume</td></tr>
 *   <tr><td>"File name too long"</td><td>OBJECT_NAME_INVALID</td><td>ENAMETOOLONG</td></tr>
 *   <tr><td>"Is a directory"</td><td>FILE_IS_A_DIRECTORY</td><td>EISDIR</td></tr>
 *   <tr><td>"Too many open files"</td><td>TOO_MANY_OPENED_FILES</td><td>EMFILE, ENFILE</td></tr>
 *   <tr><td>"Invalid cross-device link", AtomicMoveNotSupportedException</td><td>NOT_SAME_DEVICE</td>
 *       <td>EXDEV</td></tr>
 *   <tr><td>"Text file busy"</td><td>SHARING_VIOLATION</td><td>ETXTBSY</td></tr>
 *   <tr><td>ClosedChannelException</td><td>FILE_CLOSED</td><td>the handle was closed underneath</td></tr>
 *   <tr><td>anything else</td><td>UNSUCCESSFUL</td><td>Windows would say STATUS_UNEXPECTED_IO_ERROR</td></tr>
 * </table>
 */
public final class NtStatusMapper {
    private NtStatusMapper() {
    }

    public static NtStatus fromException(IOException e) {
        if (e instanceof NoSuchFileException) {
            return NtStatus.STATUS_OBJECT_NAME_NOT_FOUND;
        }
        if (e instanceof FileAlreadyExistsException) {
            return NtStatus.STATUS_OBJECT_NAME_COLLISION;
        }
        if (e instanceof AccessDeniedException) {
            return NtStatus.STATUS_ACCESS_DENIED;
        }
        if (e instanceof DirectoryNotEmptyException) {
            return NtStatus.STATUS_DIRECTORY_NOT_EMPTY;
        }
        if (e instanceof NotDirectoryException || e instanceof FileSystemLoopException) {
            return NtStatus.STATUS_OBJECT_PATH_NOT_FOUND;
        }
        if (e instanceof AtomicMoveNotSupportedException) {
            return NtStatus.STATUS_NOT_SAME_DEVICE;
        }
        if (e instanceof NotLinkException) {
            return NtStatus.STATUS_NOT_A_REPARSE_POINT;
        }
        if (e instanceof ClosedChannelException) {
            return NtStatus.STATUS_FILE_CLOSED;
        }
        String reason = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        return fromReason(reason);
    }

    /** An SmbException carrying the mapped status and a message naming the failed operation. */
    public static SmbException toSmbException(IOException e, String operation) {
        return new SmbException(fromException(e), operation + ": " + e);
    }

    private static NtStatus fromReason(String reason) {
        if (reason == null) {
            return NtStatus.STATUS_UNSUCCESSFUL;
        }
        String r = reason.toLowerCase(Locale.ROOT);
        if (r.contains("no space left") || r.contains("disk quota exceeded") || r.contains("file too large")) {
            return NtStatus.STATUS_DISK_FULL;
        }
        if (r.contains("read-only file system")) {
            return NtStatus.STATUS_MEDIA_WRITE_PROTECTED;
        }
        if (r.contains("permission denied") || r.contains("operation not permitted")) {
            return NtStatus.STATUS_ACCESS_DENIED;
        }
        if (r.contains("file name too long")) {
            return NtStatus.STATUS_OBJECT_NAME_INVALID;
        }
        if (r.contains("is a directory")) {
            return NtStatus.STATUS_FILE_IS_A_DIRECTORY;
        }
        if (r.contains("not a directory") || r.contains("too many levels of symbolic links")) {
            return NtStatus.STATUS_OBJECT_PATH_NOT_FOUND;
        }
        if (r.contains("directory not empty")) {
            return NtStatus.STATUS_DIRECTORY_NOT_EMPTY;
        }
        if (r.contains("no such file or directory")) {
            return NtStatus.STATUS_OBJECT_NAME_NOT_FOUND;
        }
        if (r.contains("file exists")) {
            return NtStatus.STATUS_OBJECT_NAME_COLLISION;
        }
        if (r.contains("too many open files")) {
            return NtStatus.STATUS_TOO_MANY_OPENED_FILES;
        }
        if (r.contains("cross-device link")) {
            return NtStatus.STATUS_NOT_SAME_DEVICE;
        }
        if (r.contains("text file busy")) {
            return NtStatus.STATUS_SHARING_VIOLATION;
        }
        return NtStatus.STATUS_UNSUCCESSFUL;
    }

    /**
     * The IOException behind a failure while listing a directory: the one a {@code DirectoryStream}'s iterator wraps
     * in a DirectoryIteratorException, or {@code e} itself.
     */
    public static IOException unwrap(Exception e) {
        if (e instanceof DirectoryIteratorException die) {
            return die.getCause();
        }
        return (IOException) e;
    }
}
