package io.signet.storage.open;

import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.storage.metadata.ChangeTimeKeeper;
import io.signet.storage.metadata.OpenWriteTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * One open as its helpers ({@code FileDataIo}, {@code SparseFiles}, {@code FileMetadataAccess}, {@code FileRename},
 * {@code FileDeletion}, {@code StreamRename}) see it. The components are fixed at CREATE. Where the file is now
 * comes from the share's {@link OpenFileTable}, which follows renames made through any open of the file; what the
 * open itself changes later is its {@link OpenState}.
 *
 * @param share           the share the file is on, as the helpers see it
 * @param open            this open's registration in the share's open-file table
 * @param directory       whether the open is of a directory (a directory's named stream is not)
 * @param fileIsDirectory whether the file itself (for a stream open, the file holding the stream) is a directory
 * @param root            whether this is an open of the share root
 * @param grantedAccess   the specific rights granted at CREATE ([MS-SMB2] 2.2.13.1)
 * @param changeTimes     the open's ChangeTime rule ([MS-FSA] Open.UserSetChangeTime)
 * @param writeTimes      the open's LastWriteTime rules ([MS-FSA] Open.UserSetModificationTime, delayed updates)
 * @param state           what the open changes after CREATE
 */
public record OpenedFile(ShareVolume share, OpenFileTable.Open open, boolean directory, boolean fileIsDirectory,
                         boolean root, int grantedAccess, ChangeTimeKeeper changeTimes, OpenWriteTime writeTimes,
                         OpenState state) {
    private static final Logger log = LoggerFactory.getLogger(OpenedFile.class);

    /** This open's entry in the share's {@link OpenFileTable}, shared with the other opens of the same file. */
    public OpenFileTable.Entry entry() {
        return open.entry();
    }

    /** The share-relative path, '\' separated, without a leading '\' ("" for the share root). */
    public String smbPath() {
        return share.openFiles().smbPath(entry());
    }

    /** Where the file is now; for a stream open, the file that holds the stream. */
    public Path path() {
        return share.openFiles().path(entry());
    }

    /** The named data stream this open is of, as the client spelled it; "" for an open of the file itself. */
    public String streamName() {
        return state.stream();
    }

    public boolean isStream() {
        return !state.stream().isEmpty();
    }

    /** The file holding this stream's data, {@code null} for an open of the file's unnamed data stream. */
    public Path streamData() {
        return state.streamData();
    }

    /** The CreateOptions bits of the open's mode ({@link CreateOptions#MODE_BITS}). */
    public int mode() {
        return state.mode();
    }

    /** The open's descriptor; {@code null} for an open without data access. */
    public FileChannel channel() {
        return state.channel();
    }

    /** What identifies the open file (or stream) across every open of the share. */
    public Object fileKey() {
        return entry().key();
    }

    /** Whether the file will be deleted when its last open closes. */
    public boolean deletePending() {
        return share.openFiles().deletePending(entry());
    }

    /** @throws SmbException STATUS_FILE_CLOSED after the open was closed */
    public void ensureOpen() {
        if (state.closed()) {
            throw new SmbException(NtStatus.STATUS_FILE_CLOSED);
        }
    }

    /** The descriptor reads and writes go through, after the checks every data operation starts with. */
    public FileChannel dataChannel() {
        ensureOpen();
        if (directory) {
            throw new SmbException(NtStatus.STATUS_INVALID_DEVICE_REQUEST, smbPath() + " is a directory");
        }
        if (state.channel() == null) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "no data access to " + smbPath());
        }
        return state.channel();
    }

    /**
     * Records that this open's stream was renamed ([MS-FSA] 2.1.5.15.11.1): it is now {@code newStream} ("" for the
     * unnamed data stream), whose data is {@code newData} ({@code null} for the file itself), read and written through
     * {@code newChannel}. The old descriptor is closed if it is not the new one.
     */
    public void streamRenamed(String newStream, Path newData, FileChannel newChannel) {
        FileChannel old = state.channel();
        if (old != null && old != newChannel) {
            closeLogged(old);
        }
        state.stream(newStream, newData);
        state.channel(newChannel);
    }

    /**
     * Makes the LastWriteTime update the open owes at its close ({@link OpenWriteTime#closing}). A failure is only
     * logged: CLOSE itself succeeds. Nothing is updated on a file that is about to be deleted.
     */
    public void closeWriteTime() {
        if (state.closed() || deletePending()) {
            return;
        }
        try {
            writeTimes.closing(path());
        } catch (IOException e) {
            log.warn("updating the write time of {} at close: {}", smbPath(), e.toString());
        }
    }

    /** Closes a descriptor the open gives up. A failure is only logged: the operation that gives it up succeeded. */
    public void closeLogged(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            log.warn("closing {}: {}", smbPath(), e.toString());
        }
    }
}
