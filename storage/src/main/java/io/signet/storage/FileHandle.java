package io.signet.storage;

import io.signet.protocol.fscc.AllocatedRange;
import io.signet.protocol.fscc.ExtendedAttribute;
import io.signet.protocol.fscc.FileBasicInformation;
import io.signet.protocol.fscc.FileInfoContext;
import io.signet.protocol.fscc.FileMetadata;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.storage.metadata.ChangeTimeKeeper;
import io.signet.storage.create.FileAccessCheck;
import io.signet.storage.stream.StreamStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.signet.storage.AccessMask.has;

/**
 * One SMB2 open of a file or directory. The server serialises the requests of one open, so a handle is used by one
 * thread at a time; state shared with other opens of the same file (its path after a rename, delete pending) lives
 * in the share's {@link OpenFileTable}.
 *
 * <p>Every operation checks the access granted at CREATE the way [MS-SMB2] 3.3.5 and [MS-FSA] 2.1.5 do, and fails
 * with STATUS_FILE_CLOSED after {@link #close}.
 *
 * <p>An open of a named data stream ([MS-FSCC] 2.1.4) reads, writes and sizes the stream's data ({@link StreamStore});
 * everything else (times, attributes, file id, security, {@link #path}) belongs to the file that holds the stream.
 * Delete disposition on a stream open deletes only the stream. A rename to ":name" renames the stream within its
 * file ({@link StreamRename}); after it the open is of the stream under its new name, which may be the file's
 * unnamed data stream.
 */
public final class FileHandle implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(FileHandle.class);
    /** [MS-FSA] 2.1.5.3: a write at this offset goes to the end of file (FILE_WRITE_TO_END_OF_FILE). */
    public static final long WRITE_TO_END_OF_FILE = -1L;

    private final ShareFileSystem share;
    private final OpenFileTable.Open open;
    private final OpenFileTable.Entry shared;
    private final boolean directory;
    private final int grantedAccess;
    private final boolean deleteOnClose;
    private int mode;
    private final boolean root;
    /** Both change when the open's stream is renamed ({@link #streamRenamed}). */
    private String stream;
    private Path streamData;
    /** Whether the file itself (for a stream open, the file holding the stream) is a directory. */
    private final boolean fileIsDirectory;
    private FileChannel channel;
    private DirectoryCursor cursor;
    private boolean closed;
    private int eaIndex;
    private final ChangeTimeKeeper changeTimes;
    private final FileDataIo data;
    private final SparseFiles sparseControls;
    private final FileMetadataAccess metadataAccess;
    private final FileDeletion deletion;

    FileHandle(ShareFileSystem share, OpenFileTable.Open open, FileChannel channel, boolean directory,
               int grantedAccess, boolean deleteOnClose, int mode, boolean root) {
        this(share, open, channel, directory, grantedAccess, deleteOnClose, mode, root, "", null);
    }

    /**
     * @param stream     the named stream this open is of, "" for the file itself
     * @param streamData the file holding that stream's data, {@code null} for the file itself
     */
    FileHandle(ShareFileSystem share, OpenFileTable.Open open, FileChannel channel, boolean directory,
               int grantedAccess, boolean deleteOnClose, int mode, boolean root, String stream, Path streamData) {
        this.stream = stream;
        this.streamData = streamData;
        this.share = share;
        this.open = open;
        this.shared = open.entry();
        this.channel = channel;
        this.directory = directory;
        this.fileIsDirectory = streamData == null ? directory : Files.isDirectory(share.openFiles().path(shared));
        this.grantedAccess = grantedAccess;
        this.deleteOnClose = deleteOnClose;
        this.mode = mode;
        this.root = root;
        this.changeTimes = new ChangeTimeKeeper(share.metadataStore());
        this.data = new FileDataIo(this);
        this.sparseControls = new SparseFiles(this, data);
        this.metadataAccess = new FileMetadataAccess(this, data);
        this.deletion = new FileDeletion(this);
    }

    /** The share-relative path, '\' separated, without a leading '\' ("" for the share root). */
    public String smbPath() {
        return share.openFiles().smbPath(shared);
    }

    /**
     * Where the file is now (it follows renames made through any open of the file). For a stream open, the file that
     * holds the stream.
     */
    public Path path() {
        return share.openFiles().path(shared);
    }

    /** The named data stream this open is of, as the client spelled it; "" for an open of the file itself. */
    public String streamName() {
        return stream;
    }

    public boolean isStream() {
        return !stream.isEmpty();
    }

    public boolean isDirectory() {
        return directory;
    }

    /** The specific rights granted at CREATE ([MS-SMB2] 2.2.13.1), as reported in FileAccessInformation. */
    public int grantedAccess() {
        return grantedAccess;
    }

    /** The CreateOptions bits this open reports in FileModeInformation ({@link CreateOptions#MODE_BITS}). */
    public int mode() {
        return mode;
    }

    /**
     * [MS-FSA] 2.1.5.15.7 FileModeInformation: changes the open's mode as {@link OpenMode#change} allows. Writes
     * through an open with FILE_WRITE_THROUGH reach stable storage before they complete.
     *
     * @throws SmbException STATUS_INVALID_PARAMETER for a mode the open cannot take
     */
    public void setMode(int requested) {
        ensureOpen();
        mode = OpenMode.change(mode, requested);
    }

    /** What QUERY_INFO needs to describe this open, as {@link FileMetadataAccess#infoContext} gathers it. */
    public FileInfoContext infoContext() {
        return metadataAccess.infoContext();
    }

    /**
     * What identifies the open file (or stream) across every open of the share: the same key
     * {@link ShareFileSystem#existingFileKey} gives before an open. Stable across renames.
     */
    public Object fileKey() {
        return shared.key();
    }

    /** A fresh stat of the file; for a stream open with the stream's sizes ({@link FileMetadataAccess#metadata}). */
    public FileMetadata metadata() {
        return metadataAccess.metadata();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Metadata and extended attributes (FileMetadataAccess)

    /** [MS-FSA] 2.1.5.14.2 FileBasicInformation, as {@link FileMetadataAccess#setBasicInfo}. */
    public void setBasicInfo(FileBasicInformation info) {
        metadataAccess.setBasicInfo(info);
    }

    /** The server changed the metadata by other means (a security descriptor); see {@link FileMetadataAccess}. */
    public void metadataChanged() {
        metadataAccess.metadataChanged();
    }

    /** The file's EAs for FileFullEaInformation, as {@link FileMetadataAccess#extendedAttributes}. */
    public List<ExtendedAttribute> extendedAttributes() {
        return metadataAccess.extendedAttributes();
    }

    /** [MS-FSA] 2.1.5.14 FileFullEaInformation, as {@link FileMetadataAccess#setExtendedAttributes}. */
    public void setExtendedAttributes(List<ExtendedAttribute> eas) {
        metadataAccess.setExtendedAttributes(eas);
    }

    /** A CREATE's SMB2_CREATE_EA_BUFFER, as {@link FileMetadataAccess#applyCreateExtendedAttributes}. */
    public void applyCreateExtendedAttributes(List<ExtendedAttribute> eas, boolean overwrite) {
        metadataAccess.applyCreateExtendedAttributes(eas, overwrite);
    }

    /** Where the next FileFullEaInformation query without SL_RESTART_SCAN continues ([MS-SMB2] 3.3.5.20.1). */
    public int eaIndex() {
        return eaIndex;
    }

    public void eaIndex(int index) {
        this.eaIndex = index;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Data (FileDataIo) and sparse files (SparseFiles)

    /** [MS-SMB2] 3.3.5.12 READ, as {@link FileDataIo#read}; 0 at or past the end of file. */
    public int read(long offset, ByteBuffer dst) {
        return data.read(offset, dst);
    }

    /** [MS-SMB2] 3.3.5.13 WRITE, as {@link FileDataIo#write}; offset {@link #WRITE_TO_END_OF_FILE} appends. */
    public int write(long offset, ByteBuffer src) {
        return data.write(offset, src);
    }

    /** [MS-SMB2] 3.3.5.11 FLUSH, as {@link FileDataIo#flush}. */
    public void flush() {
        data.flush();
    }

    /** [MS-FSA] 2.1.5.14.4 FileEndOfFileInformation, as {@link FileDataIo#setEndOfFile}. */
    public void setEndOfFile(long size) {
        data.setEndOfFile(size);
    }

    /** [MS-FSA] 2.1.5.15.1 FileAllocationInformation, as {@link FileDataIo#setAllocationSize}. */
    public void setAllocationSize(long size) {
        data.setAllocationSize(size);
    }

    /** A CREATE's SMB2_CREATE_ALLOCATION_SIZE context, as {@link FileDataIo#applyCreateAllocationSize}. */
    public void applyCreateAllocationSize(long size) {
        data.applyCreateAllocationSize(size);
    }

    /** Whether the file carries FILE_ATTRIBUTE_SPARSE_FILE. */
    public boolean isSparse() {
        return sparseControls.isSparse();
    }

    /** [MS-FSA] 2.1.5.10.38 FSCTL_SET_SPARSE, as {@link SparseFiles#setSparse}. */
    public void setSparse(boolean sparse) {
        sparseControls.setSparse(sparse);
    }

    /** [MS-FSA] 2.1.5.10.22 FSCTL_QUERY_ALLOCATED_RANGES, as {@link SparseFiles#allocatedRanges}. */
    public List<AllocatedRange> allocatedRanges(long offset, long length, int limit) {
        return sparseControls.allocatedRanges(offset, length, limit);
    }

    /** [MS-FSA] 2.1.5.10.39 FSCTL_SET_ZERO_DATA over the whole range, as {@link SparseFiles#zeroData}. */
    public void zeroData(long offset, long beyondFinalZero) {
        for (long next = offset; next >= 0; ) {
            next = sparseControls.zeroData(next, beyondFinalZero, Long.MAX_VALUE);
        }
    }

    /**
     * One step of FSCTL_SET_ZERO_DATA: at most {@code maxBytes} of the range ({@link SparseFiles#zeroData}).
     *
     * @return the offset the next step continues from, or -1 when the range is done
     */
    public long zeroData(long offset, long beyondFinalZero, long maxBytes) {
        return sparseControls.zeroData(offset, beyondFinalZero, maxBytes);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Rename (FileRename) and delete (FileDeletion)

    /**
     * [MS-FSA] 2.1.5.14.11 FileRenameInformation, as {@link FileRename#rename}, without descriptor checks (the share's
     * own renames). Needs DELETE.
     */
    public void rename(String targetSmbPath, boolean replaceIfExists) {
        rename(targetSmbPath, replaceIfExists, FileAccessCheck.UNRESTRICTED);
    }

    /**
     * [MS-FSA] 2.1.5.14.11 FileRenameInformation for the user {@code access} checks: as {@link FileRename#rename}.
     * Needs DELETE, and the descriptors' consent ({@link FileAccessCheck#checkRename}).
     */
    public void rename(String targetSmbPath, boolean replaceIfExists, FileAccessCheck access) {
        new FileRename(this, access).rename(targetSmbPath, replaceIfExists);
    }

    /** [MS-FSA] 2.1.5.14.3 FileDispositionInformation, as {@link FileDeletion#setDeletePending}. Needs DELETE. */
    public void setDeletePending(boolean pending) {
        deletion.setDeletePending(pending);
    }

    /** Whether the file will be deleted when its last open closes. */
    public boolean deletePending() {
        return share.openFiles().deletePending(shared);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Enumeration and lifetime

    /**
     * The enumeration state of this open ([MS-SMB2] 3.3.5.18 keeps one per open), created on first use.
     *
     * @throws SmbException STATUS_INVALID_PARAMETER on a file; STATUS_ACCESS_DENIED without FILE_LIST_DIRECTORY
     */
    public DirectoryCursor directoryCursor() {
        ensureOpen();
        if (!directory) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, smbPath() + " is not a directory");
        }
        if (!has(grantedAccess, AccessMask.FILE_READ_DATA)) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "no FILE_LIST_DIRECTORY on " + smbPath());
        }
        if (cursor == null) {
            cursor = new DirectoryCursor(share, this);
        }
        return cursor;
    }

    /**
     * Ends the open: releases the descriptor and enumeration, and deletes the file if a delete is pending (or this
     * open asked for DELETE_ON_CLOSE) and no other open remains. A failed deletion is logged, not thrown: CLOSE
     * itself succeeded. Closing twice does nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (cursor != null) {
            cursor.close();
        }
        if (channel != null) {
            closeLogged(channel);
            channel = null;
        }
        share.openFiles().close(open, deleteOnClose && !root, deletion::deleteNow);
    }

    /** The file holding this stream's data, {@code null} for an open of the file's unnamed data stream. */
    Path streamData() {
        return streamData;
    }

    /** The open's descriptor; {@code null} for an open without data access. */
    FileChannel channel() {
        return channel;
    }

    /**
     * Records that this open's stream was renamed ([MS-FSA] 2.1.5.15.11.1): it is now {@code newStream} ("" for the
     * unnamed data stream), whose data is {@code newData} ({@code null} for the file itself), read and written through
     * {@code newChannel}. The old descriptor is closed if it is not the new one.
     */
    void streamRenamed(String newStream, Path newData, FileChannel newChannel) {
        if (channel != null && channel != newChannel) {
            closeLogged(channel);
        }
        this.stream = newStream;
        this.streamData = newData;
        this.channel = newChannel;
    }

    /** The ShareAccess this open was made with ([MS-SMB2] 2.2.13). */
    public int shareAccess() {
        return open.share();
    }

    /** Gives the open its descriptor, opened after the open passed the sharing check. */
    void attach(FileChannel ch) {
        this.channel = ch;
    }

    /**
     * Undoes an open whose CREATE failed after it was registered: releases it without honouring its
     * DELETE_ON_CLOSE (a failed CREATE deletes nothing), yet still deletes the file if another open left it
     * delete-pending and this was the last open.
     */
    void abandon() {
        if (closed) {
            return;
        }
        closed = true;
        if (channel != null) {
            closeLogged(channel);
            channel = null;
        }
        share.openFiles().close(open, false, deletion::deleteNow);
    }

    /** Closes a descriptor the open gives up. A failure is only logged: the operation that gives it up succeeded. */
    private void closeLogged(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            log.warn("closing {}: {}", smbPath(), e.toString());
        }
    }

    ShareFileSystem share() {
        return share;
    }

    /** This open's registration in the share's {@link OpenFileTable}. */
    OpenFileTable.Open open() {
        return open;
    }

    /** This open's entry in the share's {@link OpenFileTable}, shared with the other opens of the same file. */
    OpenFileTable.Entry entry() {
        return shared;
    }

    /** Whether this is an open of the share root. */
    boolean isRoot() {
        return root;
    }

    /** Whether the file itself (for a stream open, the file holding the stream) is a directory. */
    boolean fileIsDirectory() {
        return fileIsDirectory;
    }

    ChangeTimeKeeper changeTimes() {
        return changeTimes;
    }

    void ensureOpen() {
        if (closed) {
            throw new SmbException(NtStatus.STATUS_FILE_CLOSED);
        }
    }

    /** The descriptor reads and writes go through, after the checks every data operation starts with. */
    FileChannel dataChannel() {
        ensureOpen();
        if (directory) {
            throw new SmbException(NtStatus.STATUS_INVALID_DEVICE_REQUEST, smbPath() + " is a directory");
        }
        if (channel == null) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "no data access to " + smbPath());
        }
        return channel;
    }
}
