package io.signet.storage;

import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.storage.io.FileDataIo;
import io.signet.storage.io.FileMetadataAccess;
import io.signet.storage.io.SparseFiles;
import io.signet.storage.metadata.ChangeTimeKeeper;
import io.signet.storage.metadata.OpenWriteTime;
import io.signet.storage.open.OpenFileTable;
import io.signet.storage.open.OpenMode;
import io.signet.storage.open.OpenState;
import io.signet.storage.open.OpenedFile;
import io.signet.storage.stream.StreamStore;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.signet.protocol.smb2.AccessMask.has;

/**
 * One SMB2 open of a file or directory. Not thread-safe: a handle expects one call at a time from its caller, who
 * may be on any thread; state shared with other opens of the same file (its path after a rename, delete pending)
 * lives in the share's {@link OpenFileTable}, which is.
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
    private final ShareFileSystem share;
    private final OpenedFile file;
    private final OpenState state;
    private final boolean deleteOnClose;
    private DirectoryCursor cursor;
    private int eaIndex;
    private final FileDataIo data;
    private final SparseFiles sparse;
    private final FileMetadataAccess metadata;
    private final FileRename renaming;
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
        this.share = share;
        this.state = new OpenState(channel, stream, streamData, mode);
        boolean fileIsDirectory = streamData == null ? directory
                : Files.isDirectory(share.openFiles().path(open.entry()));
        ChangeTimeKeeper changeTimes = new ChangeTimeKeeper(share.metadataStore());
        Object fileKey = open.entry().key() instanceof OpenFileTable.StreamKey s ? s.fileKey() : open.entry().key();
        this.file = new OpenedFile(share, open, directory, fileIsDirectory, root, grantedAccess, changeTimes,
                new OpenWriteTime(share.metadataStore().writeTimes(), share.metadataStore(), changeTimes, fileKey,
                        fileIsDirectory), state);
        this.deleteOnClose = deleteOnClose;
        this.data = new FileDataIo(file);
        this.metadata = new FileMetadataAccess(file);
        this.sparse = new SparseFiles(file, data, metadata);
        this.renaming = new FileRename(share, file);
        this.deletion = new FileDeletion(share, file);
    }

    /** The share-relative path, '\' separated, without a leading '\' ("" for the share root). */
    public String smbPath() {
        return file.smbPath();
    }

    /**
     * Where the file is now (it follows renames made through any open of the file). For a stream open, the file that
     * holds the stream.
     */
    public Path path() {
        return file.path();
    }

    /** The named data stream this open is of, as the client spelled it; "" for an open of the file itself. */
    public String streamName() {
        return file.streamName();
    }

    public boolean isStream() {
        return file.isStream();
    }

    public boolean isDirectory() {
        return file.directory();
    }

    /** The specific rights granted at CREATE ([MS-SMB2] 2.2.13.1), as reported in FileAccessInformation. */
    public int grantedAccess() {
        return file.grantedAccess();
    }

    /** The CreateOptions bits this open reports in FileModeInformation ({@link CreateOptions#MODE_BITS}). */
    public int mode() {
        return state.mode();
    }

    /**
     * [MS-FSA] 2.1.5.15.7 FileModeInformation: changes the open's mode as {@link OpenMode#change} allows. Writes
     * through an open with FILE_WRITE_THROUGH reach stable storage before they complete.
     *
     * @throws SmbException STATUS_INVALID_PARAMETER for a mode the open cannot take
     */
    public void setMode(int requested) {
        file.ensureOpen();
        state.mode(OpenMode.change(state.mode(), requested));
    }

    /**
     * What identifies the open file (or stream) across every open of the share: the same key
     * {@link ShareFileSystem#existingFileKey} gives before an open. Stable across renames.
     */
    public Object fileKey() {
        return file.fileKey();
    }

    /** The ShareAccess this open was made with ([MS-SMB2] 2.2.13). */
    public int shareAccess() {
        return file.open().share();
    }

    /** Whether a WRITE through this handle changed the file's data. */
    public boolean modified() {
        return file.writeTimes().modified();
    }

    /** Whether the file will be deleted when its last open closes. */
    public boolean deletePending() {
        return file.deletePending();
    }

    /** Where the next FileFullEaInformation query without SL_RESTART_SCAN continues ([MS-SMB2] 3.3.5.20.1). */
    public int eaIndex() {
        return eaIndex;
    }

    public void eaIndex(int index) {
        this.eaIndex = index;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The open's helpers: callers reach each operation through the helper that implements it.

    /** READ, WRITE, FLUSH, end of file and allocation size of the open's data (for a stream open, the stream's). */
    public FileDataIo data() {
        return data;
    }

    /** The sparse-file controls: FSCTL_SET_SPARSE, FSCTL_QUERY_ALLOCATED_RANGES and FSCTL_SET_ZERO_DATA. */
    public SparseFiles sparse() {
        return sparse;
    }

    /** Stat, FileBasicInformation, extended attributes and the ChangeTime of the file. */
    public FileMetadataAccess metadata() {
        return metadata;
    }

    /** FileRenameInformation through this open (a ":name" target renames the open's stream). */
    public FileRename renaming() {
        return renaming;
    }

    /** FileDispositionInformation: the delete-pending mark. */
    public FileDeletion deletion() {
        return deletion;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Enumeration and lifetime

    /**
     * The enumeration state of this open ([MS-SMB2] 3.3.5.18 keeps one per open), created on first use.
     *
     * @throws SmbException STATUS_INVALID_PARAMETER on a file; STATUS_ACCESS_DENIED without FILE_LIST_DIRECTORY
     */
    public DirectoryCursor directoryCursor() {
        file.ensureOpen();
        if (!file.directory()) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, smbPath() + " is not a directory");
        }
        if (!has(file.grantedAccess(), AccessMask.FILE_READ_DATA)) {
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
        if (state.closed()) {
            return;
        }
        file.closeWriteTime();
        state.markClosed();
        if (cursor != null) {
            cursor.close();
        }
        releaseChannel();
        file.writeTimes().released();
        file.share().openFiles().close(file.open(), deleteOnClose && !file.root(), deletion::deleteNow);
    }

    /** The CREATE of this open overwrote the file: its LastWriteTime is the overwrite's, whatever other opens hold. */
    void overwritten() throws IOException {
        file.writeTimes().overwritten(file.path());
    }

    /** Gives the open its descriptor, opened after the open passed the sharing check. */
    void attach(FileChannel ch) {
        state.channel(ch);
    }

    /**
     * Undoes an open whose CREATE failed after it was registered: releases it without honouring its
     * DELETE_ON_CLOSE (a failed CREATE deletes nothing), yet still deletes the file if another open left it
     * delete-pending and this was the last open.
     */
    void abandon() {
        if (state.closed()) {
            return;
        }
        state.markClosed();
        releaseChannel();
        file.writeTimes().released();
        file.share().openFiles().close(file.open(), false, deletion::deleteNow);
    }

    private void releaseChannel() {
        if (state.channel() != null) {
            file.closeLogged(state.channel());
            state.channel(null);
        }
    }
}
