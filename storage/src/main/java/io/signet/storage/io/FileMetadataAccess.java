package io.signet.storage.io;

import io.signet.protocol.fscc.ExtendedAttribute;
import io.signet.protocol.fscc.FileAttributes;
import io.signet.protocol.fscc.FileBasicInformation;
import io.signet.protocol.fscc.FileInfoContext;
import io.signet.protocol.fscc.FileInfoEncoder;
import io.signet.protocol.fscc.FileMetadata;
import io.signet.protocol.fscc.FileTime;
import io.signet.protocol.fscc.StreamEntry;
import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.storage.create.ShortNames;
import io.signet.storage.metadata.ChangeTimeKeeper;
import io.signet.storage.metadata.EaStore;
import io.signet.storage.metadata.MetadataStore;
import io.signet.storage.metadata.OpenWriteTime;
import io.signet.storage.nt.NtStatusMapper;
import io.signet.storage.open.OpenedFile;
import io.signet.storage.open.ShareVolume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.util.List;
import java.util.OptionalLong;

import static io.signet.protocol.smb2.AccessMask.has;

/**
 * The file's metadata as one open reads and changes it: the stat QUERY_INFO reports, FileBasicInformation (times
 * and attributes), extended attributes, and the ChangeTime the server's own changes advance. Metadata belongs to the
 * file, also for a stream open; only EndOfFile and AllocationSize are the stream's.
 *
 * <p>Not thread-safe, like its {@code FileHandle}: one call at a time, from whichever thread the caller is on.
 */
public final class FileMetadataAccess {
    private final OpenedFile opened;
    private final ShareVolume share;

    public FileMetadataAccess(OpenedFile opened) {
        this.opened = opened;
        this.share = opened.share();
    }

    /**
     * What QUERY_INFO needs to describe this open ({@link FileInfoEncoder}): a fresh stat, the name with a leading
     * '\', the granted access, CurrentByteOffset 0 (which [MS-SMB2] 3.3.5.20.1 says a server SHOULD report), the
     * mode, the delete-pending flag, the share's volume serial number and the file's named streams
     * ([MS-FSCC] 2.4.43 FileStreamInformation lists them for the file and for each of its stream opens).
     */
    public FileInfoContext infoContext() {
        opened.ensureOpen();
        try {
            FileMetadata base = share.metadataStore().read(opened.path());
            List<StreamEntry> streams = share.streams().list(base, share.allocationUnit());
            // NTFS reports a stream open by the file path followed by ":stream" in FileNameInformation.
            String name = "\\" + opened.smbPath() + (opened.isStream() ? ":" + opened.streamName() : "");
            return new FileInfoContext(opened.isStream() ? withStreamSizes(base) : base, name, opened.grantedAccess(),
                    0, opened.mode(), opened.deletePending(),
                    OptionalLong.of(Integer.toUnsignedLong(share.volumeSerial())), streams,
                    EaStore.eaSize(opened.path()),
                    opened.root() ? "" : ShortNames.alternateName(opened.path().getFileName().toString()));
        } catch (IOException e) {
            throw NtStatusMapper.toSmbException(e, "stat " + opened.smbPath());
        }
    }

    /**
     * A fresh stat of the file. For a stream open: the file's times, attributes and id, with the stream's EndOfFile
     * and AllocationSize.
     */
    public FileMetadata stat() {
        opened.ensureOpen();
        try {
            FileMetadata base = share.metadataStore().read(opened.path());
            return opened.isStream() ? withStreamSizes(base) : base;
        } catch (IOException e) {
            throw NtStatusMapper.toSmbException(e, "stat " + opened.smbPath());
        }
    }

    /**
     * [MS-SMB2] 3.3.5.10 CLOSE with SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB: the attributes after the close, so first the
     * LastWriteTime update the close makes ({@link OpenWriteTime#closing}); the close itself follows.
     */
    public FileMetadata statAtClose() {
        opened.ensureOpen();
        opened.closeWriteTime();
        return stat();
    }

    private FileMetadata withStreamSizes(FileMetadata base) throws IOException {
        long size = Files.size(opened.streamData());
        long allocation = Math.max(size, share.openFiles().reservedAllocation(opened.entry()));
        return new FileMetadata(base.creationTime(), base.lastAccessTime(), base.lastWriteTime(), base.changeTime(),
                MetadataStore.roundUp(allocation, share.allocationUnit()), size, base.fileAttributes(), base.fileId(),
                base.numberOfLinks(), base.directory());
    }

    /**
     * The server changed the file's metadata through this open by other means (its security descriptor): its
     * ChangeTime advances as [MS-FSA] has it ({@link ChangeTimeKeeper}).
     */
    public void metadataChanged() {
        opened.ensureOpen();
        try {
            opened.changeTimes().changed(opened.path(), opened.fileIsDirectory());
        } catch (IOException e) {
            throw NtStatusMapper.toSmbException(e, "update the change time of " + opened.smbPath());
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Extended attributes ([MS-FSCC] 2.4.15; they belong to the file, also for a stream open)

    /**
     * The file's EAs (names upper-cased), for QUERY_INFO FileFullEaInformation.
     *
     * @throws SmbException STATUS_ACCESS_DENIED without FILE_READ_EA
     */
    public List<ExtendedAttribute> extendedAttributes() {
        opened.ensureOpen();
        if (!has(opened.grantedAccess(), AccessMask.FILE_READ_EA)) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "no FILE_READ_EA on " + opened.smbPath());
        }
        try {
            return EaStore.read(opened.path());
        } catch (IOException e) {
            throw NtStatusMapper.toSmbException(e, "read EAs of " + opened.smbPath());
        }
    }

    /**
     * [MS-FSA] 2.1.5.14 FileFullEaInformation: sets each EA of {@code eas}, deleting those with an empty value.
     *
     * @throws SmbException STATUS_ACCESS_DENIED without FILE_WRITE_EA, or as {@link EaStore#apply}
     */
    public void setExtendedAttributes(List<ExtendedAttribute> eas) {
        opened.ensureOpen();
        if (!has(opened.grantedAccess(), AccessMask.FILE_WRITE_EA)) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "no FILE_WRITE_EA on " + opened.smbPath());
        }
        applyExtendedAttributes(eas, false);
    }

    /**
     * Applies the EAs of a CREATE's SMB2_CREATE_EA_BUFFER ([MS-SMB2] 2.2.13.2.1) to the file it created or
     * overwrote; no access right is needed for that. An overwrite replaces every EA the file had.
     */
    public void applyCreateExtendedAttributes(List<ExtendedAttribute> eas, boolean overwrite) {
        opened.ensureOpen();
        applyExtendedAttributes(eas, overwrite);
    }

    private void applyExtendedAttributes(List<ExtendedAttribute> eas, boolean replaceAll) {
        try {
            EaStore.apply(opened.path(), eas, replaceAll);
            opened.changeTimes().changed(opened.path(), opened.fileIsDirectory());
        } catch (IOException e) {
            throw NtStatusMapper.toSmbException(e, "set EAs of " + opened.smbPath());
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // FileBasicInformation

    /**
     * [MS-FSA] 2.1.5.14.2 FileBasicInformation. Needs FILE_WRITE_ATTRIBUTES.
     *
     * <p>Times: 0 leaves a time alone; -1 ("stop updating") and -2 ("resume") leave its value alone; below -2 is
     * STATUS_INVALID_PARAMETER. LastWriteTime and LastAccessTime go to the file system; CreationTime is stored (see
     * {@link MetadataStore}); ChangeTime, which POSIX cannot set, is kept by {@link ChangeTimeKeeper}. For
     * LastWriteTime and ChangeTime, a value or -1 keeps the time fixed through this open's later changes and -2 lets
     * them move it again, as on Windows ({@link OpenWriteTime} for LastWriteTime).
     *
     * <p>Attributes: 0 leaves them alone; DIRECTORY on a file or TEMPORARY on a directory is
     * STATUS_INVALID_PARAMETER; otherwise the settable bits replace the current ones (NORMAL alone clears them).
     */
    public void setBasicInfo(FileBasicInformation info) {
        opened.ensureOpen();
        if (!has(opened.grantedAccess(), AccessMask.FILE_WRITE_ATTRIBUTES)) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "no FILE_WRITE_ATTRIBUTES on " + opened.smbPath());
        }
        long[] times = {info.creationTime(), info.lastAccessTime(), info.lastWriteTime(), info.changeTime()};
        for (long t : times) {
            if (t < FileBasicInformation.RESUME_UPDATING) {
                throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "invalid time " + t);
            }
        }
        int attributes = info.fileAttributes();
        if (attributes != 0) {
            if (has(attributes, FileAttributes.DIRECTORY) && !opened.fileIsDirectory()) {
                throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "DIRECTORY attribute on a file");
            }
            if (has(attributes, FileAttributes.TEMPORARY) && opened.fileIsDirectory()) {
                throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "TEMPORARY attribute on a directory");
            }
        }
        Path p = opened.path();
        try {
            java.nio.file.attribute.FileTime access = nioTime(info.lastAccessTime());
            if (access != null) {
                Files.getFileAttributeView(p, BasicFileAttributeView.class).setTimes(null, access, null);
            }
            boolean write = info.lastWriteTime() > 0;
            if (write) {
                share.metadataStore().setLastWriteTime(p, info.lastWriteTime());
            }
            opened.writeTimes().userSetLastWriteTime(info.lastWriteTime());
            // After a write through this open, setting basic information makes its pending update now (even when
            // every field is 0), unless this request set LastWriteTime, which then stays.
            opened.writeTimes().flushed(p);
            long creation = info.creationTime() > 0 ? info.creationTime() : 0;
            if (creation != 0) {
                share.streams().creationTimeChanged(share.metadataStore().read(p), creation);
            }
            if (attributes != 0 || creation != 0) {
                Integer newAttributes = attributes != 0 ? attributes & FileAttributes.SETTABLE : null;
                share.metadataStore().update(p, opened.fileIsDirectory(), newAttributes, creation);
            }
            boolean otherChanges = write || access != null || creation != 0 || attributes != 0;
            opened.changeTimes().apply(p, opened.fileIsDirectory(), info.changeTime(), otherChanges);
        } catch (IOException e) {
            throw NtStatusMapper.toSmbException(e, "set basic information of " + opened.smbPath());
        }
    }

    private static java.nio.file.attribute.FileTime nioTime(long filetime) {
        return filetime > 0 ? java.nio.file.attribute.FileTime.from(FileTime.toInstant(filetime)) : null;
    }
}
