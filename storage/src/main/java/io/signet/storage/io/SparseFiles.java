package io.signet.storage.io;

import io.signet.protocol.fscc.FileAttributes;
import io.signet.protocol.fsctl.AllocatedRange;
import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.storage.nt.NtStatusMapper;
import io.signet.storage.open.OpenedFile;
import io.signet.storage.open.ShareVolume;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;

import static io.signet.protocol.smb2.AccessMask.has;

/**
 * The sparse-file controls of one open: FSCTL_SET_SPARSE, FSCTL_QUERY_ALLOCATED_RANGES and FSCTL_SET_ZERO_DATA.
 * Sparseness is an attribute of the file (also for a stream open): it decides how {@link #allocatedRanges} answers;
 * the data itself is always stored as the underlying file system stores it.
 */
public final class SparseFiles {
    private final OpenedFile opened;
    private final ShareVolume share;
    private final FileDataIo data;
    private final FileMetadataAccess metadata;

    public SparseFiles(OpenedFile opened, FileDataIo data, FileMetadataAccess metadata) {
        this.opened = opened;
        this.share = opened.share();
        this.data = data;
        this.metadata = metadata;
    }

    /** Whether the file carries FILE_ATTRIBUTE_SPARSE_FILE. */
    public boolean isSparse() {
        return has(metadata.stat().fileAttributes(), FileAttributes.SPARSE_FILE);
    }

    /**
     * [MS-FSA] 2.1.5.10.38 FSCTL_SET_SPARSE: sets or clears FILE_ATTRIBUTE_SPARSE_FILE. Clearing it on NTFS
     * allocates the file's holes; the data here never has holes Signet knows of, so clearing is the attribute alone.
     * Needs FILE_WRITE_DATA or FILE_WRITE_ATTRIBUTES, as [MS-FSA] says, or FILE_APPEND_DATA, which Windows also
     * accepts (smbtorture smb2.ioctl.sparse_perms records it against Windows Server 2012).
     *
     * @throws SmbException STATUS_INVALID_PARAMETER for a directory (or a directory's stream: the attribute is the
     *                      file's); STATUS_ACCESS_DENIED without those rights; STATUS_INVALID_DEVICE_REQUEST (an
     *                      object store without sparse files) if the volume cannot keep the attribute
     */
    public void setSparse(boolean sparse) {
        opened.ensureOpen();
        if (opened.fileIsDirectory()) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "a directory cannot be sparse");
        }
        if (!has(opened.grantedAccess(), AccessMask.FILE_WRITE_DATA | AccessMask.FILE_WRITE_ATTRIBUTES
                | AccessMask.FILE_APPEND_DATA)) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "no write access to " + opened.smbPath());
        }
        Path p = opened.path();
        try {
            if (!share.metadataStore().setSparse(p, sparse)) {
                throw new SmbException(NtStatus.STATUS_INVALID_DEVICE_REQUEST,
                        "the volume of " + opened.smbPath() + " keeps no extended attributes for the sparse attribute");
            }
            opened.changeTimes().changed(p, false);
        } catch (IOException e) {
            throw NtStatusMapper.toSmbException(e, "set the sparse attribute of " + opened.smbPath());
        }
    }

    /**
     * [MS-FSA] 2.1.5.10.22 FSCTL_QUERY_ALLOCATED_RANGES: the ranges of {@code [offset, offset + length)} that may
     * hold data, as {@link AllocatedRangeScan} finds them. Needs FILE_READ_DATA.
     *
     * @param limit stop once this many ranges are found (the last may then be cut short)
     * @throws SmbException STATUS_INVALID_PARAMETER on a directory; STATUS_ACCESS_DENIED without FILE_READ_DATA
     */
    public List<AllocatedRange> allocatedRanges(long offset, long length, int limit) {
        opened.ensureOpen();
        if (opened.directory()) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, opened.smbPath() + " is a directory");
        }
        if (!has(opened.grantedAccess(), AccessMask.FILE_READ_DATA)) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "no FILE_READ_DATA on " + opened.smbPath());
        }
        FileChannel ch = opened.dataChannel();
        try {
            return new AllocatedRangeScan(share.allocationUnit(), AllocatedRangeScan.SCAN_LIMIT)
                    .scan(ch, offset, length, ch.size(), isSparse(), limit);
        } catch (IOException e) {
            throw NtStatusMapper.toSmbException(e, "query allocated ranges of " + opened.smbPath());
        }
    }

    /** [MS-FSA] 2.1.5.10.39 FSCTL_SET_ZERO_DATA over the whole range, in steps of {@link #zeroData}. */
    public void zeroData(long offset, long beyondFinalZero) {
        for (long next = offset; next >= 0; ) {
            next = zeroData(next, beyondFinalZero, Long.MAX_VALUE);
        }
    }

    /**
     * [MS-FSA] 2.1.5.10.39 FSCTL_SET_ZERO_DATA: the bytes of {@code [offset, beyondFinalZero)} before the end of file
     * read as zeros afterwards ({@link ZeroFill}); the file never grows. Needs FILE_WRITE_DATA. Byte-range locks are
     * the caller's to check.
     *
     * <p>Does at most {@code maxBytes} of the range per call, so that the caller can spread a large range over several
     * turns of a thread other connections share: java.nio cannot find holes (no SEEK_DATA), so every byte of the
     * range is read to leave holes alone, and a range of terabytes takes minutes.
     *
     * @return the offset the next call continues from, or -1 when the range is done
     * @throws SmbException STATUS_INVALID_PARAMETER on a directory; STATUS_ACCESS_DENIED without FILE_WRITE_DATA
     */
    public long zeroData(long offset, long beyondFinalZero, long maxBytes) {
        opened.ensureOpen();
        if (opened.directory()) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, opened.smbPath() + " is a directory");
        }
        if (!has(opened.grantedAccess(), AccessMask.FILE_WRITE_DATA)) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "no FILE_WRITE_DATA on " + opened.smbPath());
        }
        FileChannel ch = opened.dataChannel();
        try {
            long end = Math.min(beyondFinalZero, ch.size());
            if (offset >= end) {
                return -1;
            }
            long stepEnd = end - offset > maxBytes ? offset + maxBytes : end;
            data.beforeDataChange();
            ZeroFill.fill(ch, opened.isStream() ? opened.streamData() : opened.path(), offset, stepEnd);
            if (has(opened.mode(), CreateOptions.WRITE_THROUGH)) {
                ch.force(false);
            }
            data.dataChanged();
            opened.writeTimes().written();
            return stepEnd < end ? stepEnd : -1;
        } catch (IOException e) {
            throw NtStatusMapper.toSmbException(e, "zero data of " + opened.smbPath());
        }
    }
}
