package io.signet.storage.io;

import io.signet.protocol.fscc.FileAttributes;
import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.storage.nt.NtStatusMapper;
import io.signet.storage.open.OpenedFile;
import io.signet.storage.open.ShareVolume;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

import static io.signet.protocol.smb2.AccessMask.has;

/**
 * The data of one open, for a stream open the stream's: READ, WRITE and FLUSH, and the end of file and allocation
 * size set through SET_INFO or CREATE. It also keeps the per-open rules Windows applies when the data changes: the
 * file is marked ARCHIVE once, and LastWriteTime moves as {@code OpenWriteTime} has it.
 *
 * <p>Not thread-safe, like its {@code FileHandle}: one call at a time, from whichever thread the caller is on.
 */
public final class FileDataIo {
    /** [MS-FSA] 2.1.5.3: a write at this offset goes to the end of file (FILE_WRITE_TO_END_OF_FILE). */
    public static final long WRITE_TO_END_OF_FILE = -1L;

    private final OpenedFile opened;
    private final ShareVolume share;
    private boolean archiveSet;

    public FileDataIo(OpenedFile opened) {
        this.opened = opened;
        this.share = opened.share();
    }

    /**
     * Reads from {@code offset} into {@code dsts}, one after the other, until they are full or the end of file
     * ([MS-SMB2] 3.3.5.12): a READ's response may lie in several buffers (the parts of a composite frame), and each
     * is read into where it lies.
     *
     * @return the bytes read; 0 at or past the end of file (the handler answers STATUS_END_OF_FILE)
     * @throws SmbException STATUS_INVALID_DEVICE_REQUEST on a directory, STATUS_ACCESS_DENIED without
     *                      FILE_READ_DATA or FILE_EXECUTE, STATUS_INVALID_PARAMETER for a negative offset
     */
    public int read(long offset, ByteBuffer... dsts) {
        FileChannel ch = opened.dataChannel();
        // [MS-SMB2] 3.3.5.12: FILE_EXECUTE also allows reading (a program is read to be run).
        if (!has(opened.grantedAccess(), AccessMask.FILE_READ_DATA | AccessMask.FILE_EXECUTE)) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED,
                    "no FILE_READ_DATA or FILE_EXECUTE on " + opened.smbPath());
        }
        if (offset < 0) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "negative read offset");
        }
        int total = 0;
        try {
            for (ByteBuffer dst : dsts) {
                while (dst.hasRemaining()) {
                    int n = ch.read(dst, offset + total);
                    if (n < 0) {
                        return total;
                    }
                    total += n;
                }
            }
        } catch (IOException e) {
            throw NtStatusMapper.toSmbException(e, "read " + opened.smbPath());
        }
        return total;
    }

    /**
     * Writes all of {@code srcs}, one after the other, at {@code offset} ([MS-SMB2] 3.3.5.13, [MS-FSA] 2.1.5.3): a
     * WRITE's data may lie in several buffers (the pieces its frame arrived in), and each goes to the file where it
     * lies, without being gathered into one first. An offset of
     * {@link #WRITE_TO_END_OF_FILE} appends; so does every write through an open that has FILE_APPEND_DATA
     * without FILE_WRITE_DATA, as on Windows.
     *
     * @return the bytes written (all of them)
     * @throws SmbException STATUS_INVALID_DEVICE_REQUEST on a directory, STATUS_ACCESS_DENIED without write access,
     *                      STATUS_INVALID_PARAMETER for another negative offset or one that would pass 2^63 - 1,
     *                      STATUS_DISK_FULL when the volume is full
     */
    public int write(long offset, ByteBuffer... srcs) {
        FileChannel ch = opened.dataChannel();
        if (!has(opened.grantedAccess(), AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA)) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "no write access to " + opened.smbPath());
        }
        if (offset < 0 && offset != WRITE_TO_END_OF_FILE) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "negative write offset");
        }
        long remaining = 0;
        for (ByteBuffer src : srcs) {
            remaining += src.remaining();
        }
        if (remaining > Integer.MAX_VALUE) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "write of more than 2 GiB");
        }
        int length = (int) remaining;
        int written = 0;
        try {
            long position = offset == WRITE_TO_END_OF_FILE
                    || !has(opened.grantedAccess(), AccessMask.FILE_WRITE_DATA) ? ch.size() : offset;
            if (position > Long.MAX_VALUE - length) {
                throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "write beyond the largest file size");
            }
            beforeDataChange();
            for (ByteBuffer src : srcs) {
                while (src.hasRemaining()) {
                    written += ch.write(src, position + written);
                }
            }
            if (has(opened.mode(), CreateOptions.WRITE_THROUGH)) {
                ch.force(false);    // [MS-FSCC] 2.4.30: a write-through write completes once the data is stored
            }
            dataChanged();
            opened.writeTimes().written();
        } catch (IOException e) {
            throw NtStatusMapper.toSmbException(e, "write " + opened.smbPath());
        }
        return written;
    }

    /**
     * Flushes written data to stable storage ([MS-SMB2] 3.3.5.11). On a directory it needs FILE_ADD_FILE or
     * FILE_ADD_SUBDIRECTORY and syncs the directory itself.
     */
    public void flush() {
        opened.ensureOpen();
        if (!has(opened.grantedAccess(), AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA)) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "no write access to " + opened.smbPath());
        }
        try {
            if (opened.directory()) {
                try (FileChannel dir = FileChannel.open(opened.path(), StandardOpenOption.READ)) {
                    dir.force(true);
                }
            } else {
                opened.channel().force(true);
                opened.writeTimes().flushed(opened.path());
            }
        } catch (IOException e) {
            throw NtStatusMapper.toSmbException(e, "flush " + opened.smbPath());
        }
    }

    /**
     * [MS-FSA] 2.1.5.14.4 FileEndOfFileInformation: truncates or extends (with zeros, sparsely where the file system
     * can) to {@code size}. Needs FILE_WRITE_DATA; a directory or a negative size is STATUS_INVALID_PARAMETER.
     */
    public void setEndOfFile(long size) {
        FileChannel ch = sizeChannel(size);
        try {
            long current = ch.size();
            if (size == current) {
                // The size stays, yet a write's pending LastWriteTime update is made now, as FLUSH makes it.
                dataChanged();
                opened.writeTimes().flushed(opened.path());
                return;
            }
            beforeDataChange();
            if (size < current) {
                ch.truncate(size);
            } else {
                ch.write(ByteBuffer.allocate(1), size - 1);
            }
            dataChanged();
            opened.writeTimes().resized(opened.path());
        } catch (IOException e) {
            throw NtStatusMapper.toSmbException(e, "set end of file of " + opened.smbPath());
        }
    }

    /**
     * [MS-FSA] 2.1.5.15.1 FileAllocationInformation: a size below the end of file truncates the file to it. The size
     * is kept as the file's allocation until its last open closes ([MS-FSCC] 2.4.4: allocation beyond the end of
     * file is freed then) and reported, rounded up to the allocation unit, as AllocationSize. No disk space is
     * reserved (java.nio cannot preallocate); a size the volume could not hold is refused as Windows refuses it.
     *
     * @throws SmbException STATUS_DISK_FULL as {@link AllocationReservation#check}
     */
    public void setAllocationSize(long size) {
        FileChannel ch = sizeChannel(size);
        try {
            long endOfFile = ch.size();
            AllocationReservation.check(size, endOfFile, share.root());
            if (size < endOfFile) {
                beforeDataChange();
                ch.truncate(size);
                dataChanged();
                opened.writeTimes().resized(opened.path());
            }
            share.openFiles().reserveAllocation(opened.entry(), size);
        } catch (IOException e) {
            throw NtStatusMapper.toSmbException(e, "set allocation size of " + opened.smbPath());
        }
    }

    /**
     * Applies the AllocationSize of a CREATE's SMB2_CREATE_ALLOCATION_SIZE context ([MS-SMB2] 3.3.5.9.3) to the
     * file (or stream) it created, overwrote or superseded; no access right is needed for that. A directory has no
     * allocation to set and ignores it, as NTFS does.
     *
     * @throws SmbException STATUS_INVALID_PARAMETER for a negative size; STATUS_DISK_FULL as
     *                      {@link AllocationReservation#check}
     */
    public void applyCreateAllocationSize(long size) {
        opened.ensureOpen();
        if (size < 0) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "negative AllocationSize");
        }
        if (opened.directory()) {
            return;
        }
        try {
            AllocationReservation.check(size, Files.size(opened.isStream() ? opened.streamData() : opened.path()),
                    share.root());
        } catch (IOException e) {
            throw NtStatusMapper.toSmbException(e, "set allocation size of " + opened.smbPath());
        }
        share.openFiles().reserveAllocation(opened.entry(), size);
    }

    private FileChannel sizeChannel(long size) {
        opened.ensureOpen();
        if (opened.directory()) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "a directory has no size to set");
        }
        if (!has(opened.grantedAccess(), AccessMask.FILE_WRITE_DATA)) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "no FILE_WRITE_DATA on " + opened.smbPath());
        }
        if (size < 0) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "negative size");
        }
        return opened.channel();
    }

    /**
     * Call before the open changes the data: the file goes on reporting its LastWriteTime rather than the
     * modification time the change gives it, until the open's rules move it ({@code OpenWriteTime}).
     */
    void beforeDataChange() throws IOException {
        opened.writeTimes().beforeDataChange(opened.path());
    }

    /** Windows marks a file ARCHIVE when its data changes, and advances its ChangeTime. */
    void dataChanged() throws IOException {
        if (!archiveSet) {
            archiveSet = true;
            int attributes = share.metadataStore().attributes(opened.path());
            if (!opened.fileIsDirectory() && !has(attributes, FileAttributes.ARCHIVE)) {
                share.metadataStore().update(opened.path(), false, (attributes | FileAttributes.ARCHIVE)
                        & ~FileAttributes.NORMAL, 0);
            }
        }
        opened.changeTimes().dataChanged(opened.path(), opened.fileIsDirectory());
    }
}
