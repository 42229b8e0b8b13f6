package io.signet.storage;

import io.signet.protocol.fscc.FileAttributes;
import io.signet.protocol.fscc.FileMetadata;
import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.storage.nt.NtStatusMapper;
import io.signet.storage.open.OpenedFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.signet.protocol.smb2.AccessMask.has;

/**
 * Deleting through an open: the delete-pending mark of FileDispositionInformation, and the deletion itself once the
 * last open of a file marked for it (or opened with DELETE_ON_CLOSE) closes.
 */
public final class FileDeletion {
    private static final Logger log = LoggerFactory.getLogger(FileDeletion.class);

    private final OpenedFile opened;
    private final ShareFileSystem share;

    FileDeletion(ShareFileSystem share, OpenedFile opened) {
        this.opened = opened;
        this.share = share;
    }

    /**
     * [MS-FSA] 2.1.5.1.2.1 and 2.1.5.14.3: a READONLY file or directory cannot be deleted (STATUS_CANNOT_DELETE).
     * The share root cannot be deleted by a client at all (STATUS_ACCESS_DENIED, the client holds no right over the
     * share itself).
     */
    static void checkDeletable(boolean isRoot, int attributes) {
        if (isRoot) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "the share root cannot be deleted");
        }
        if (has(attributes, FileAttributes.READONLY)) {
            throw new SmbException(NtStatus.STATUS_CANNOT_DELETE, "READONLY files cannot be deleted");
        }
    }

    /**
     * [MS-FSA] 2.1.5.14.3 FileDispositionInformation: marks the file to be deleted when its last open closes, or
     * clears the mark. Needs DELETE.
     *
     * @throws SmbException STATUS_CANNOT_DELETE for a READONLY file or directory; STATUS_DIRECTORY_NOT_EMPTY for a
     *                      directory with entries; STATUS_ACCESS_DENIED for the share root
     */
    public void setDeletePending(boolean pending) {
        opened.ensureOpen();
        if (!has(opened.grantedAccess(), AccessMask.DELETE)) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "no DELETE access to " + opened.smbPath());
        }
        if (pending) {
            Path p = opened.path();
            try {
                checkDeletable(opened.root(), share.metadataStore().attributes(p));
                if (opened.directory() && !opened.isStream() && !isEmptyDirectory(p)) {
                    throw new SmbException(NtStatus.STATUS_DIRECTORY_NOT_EMPTY, opened.smbPath());
                }
            } catch (IOException e) {
                throw NtStatusMapper.toSmbException(e, "check " + opened.smbPath());
            }
        }
        share.openFiles().setDeletePending(opened.entry(), pending);
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
    }

    /**
     * Deletes what this open names once its last open is gone: a stream alone, or the file together with its streams
     * (unless another hard link keeps the file alive).
     */
    void deleteNow(Path p) {
        try {
            if (opened.isStream()) {
                share.streams().delete(opened.streamData());
                return;
            }
            FileMetadata before;
            try {
                before = share.metadataStore().read(p);
            } catch (java.nio.file.NoSuchFileException gone) {
                return;
            }
            boolean deleted = Files.deleteIfExists(p);
            share.names().forget(p.getParent());
            if (deleted && (before.directory() || before.numberOfLinks() <= 1)) {
                share.streams().deleteAll(before);
            }
        } catch (DirectoryNotEmptyException e) {
            log.info("delete-on-close of {} skipped: the directory is no longer empty", p);
        } catch (IOException e) {
            log.warn("delete-on-close of {} failed: {}", p, e.toString());
        }
    }
}
