package io.signet.storage.metadata;

import io.signet.protocol.fscc.FileBasicInformation;

import java.io.IOException;
import java.nio.file.Path;

/**
 * How one open keeps its file's ChangeTime: the Open.UserSetChangeTime rule of [MS-FSA] 2.1.5.15.2
 * (FileBasicInformation) on a file system whose ctime cannot be set.
 *
 * <p>NTFS advances ChangeTime on every change of a file (data, size, attributes, times, EAs, security, name) except
 * the changes made through an open whose client set ChangeTime itself (or asked to stop its updates with -1): that
 * open's changes leave the value the client chose. Here a client-set value is a {@link ChangeTimeOverride} in the
 * file's metadata attribute. After each change the server makes through this open, {@link #changed} either records
 * the chosen value again (this open set it: its own change must not end it) or drops any override (so the file
 * reports its real ctime, which the change has just moved to now). Changes made outside the server end the override
 * by the ctime rule of {@link ChangeTimeOverride}.
 *
 * <p>Not thread-safe, like its {@code FileHandle}: one call at a time, from whichever thread the caller is on.
 */
public final class ChangeTimeKeeper {
    private final MetadataStore store;
    /** [MS-FSA] Open.UserSetChangeTime. */
    private boolean userSet;
    /** The ChangeTime this open keeps while {@link #userSet}. */
    private long value;
    /** Whether a data change through this open has ended any override since this open last recorded one. */
    private boolean dataChangeNoted;

    public ChangeTimeKeeper(MetadataStore store) {
        this.store = store;
    }

    /** Whether a client set ChangeTime (or stopped its updates) through this open. */
    boolean userSet() {
        return userSet;
    }

    /**
     * Applies the ChangeTime field of a FileBasicInformation set through this open, after the request's other
     * changes are made: a FILETIME sets it; -1 keeps the current value through this open's later changes; -2 lets
     * them advance it again; 0 sets nothing, and {@code otherChanges} says whether the request changed anything else.
     */
    public void apply(Path path, boolean directory, long changeTime, boolean otherChanges) throws IOException {
        if (changeTime > 0) {
            value = changeTime;
            userSet = true;
            record(path, directory);
        } else if (changeTime == FileBasicInformation.STOP_UPDATING) {
            value = store.read(path).changeTime();
            userSet = true;
            record(path, directory);
        } else {
            if (changeTime == FileBasicInformation.RESUME_UPDATING) {
                userSet = false;
            }
            if (otherChanges) {
                changed(path, directory);
            }
        }
    }

    /** The server has just changed the file through this open. */
    public void changed(Path path, boolean directory) throws IOException {
        if (userSet) {
            record(path, directory);
        } else {
            store.clearChangeTime(path, directory);
        }
    }

    /**
     * The server has just changed the file's data through this open. Writes come often, so only the first one after
     * this open last recorded an override looks for one to drop; later writes move ctime on past any override another
     * open records in between.
     */
    public void dataChanged(Path path, boolean directory) throws IOException {
        if (userSet) {
            record(path, directory);
        } else if (!dataChangeNoted) {
            store.clearChangeTime(path, directory);
            dataChangeNoted = true;
        }
    }

    private void record(Path path, boolean directory) throws IOException {
        dataChangeNoted = false;
        if (!store.recordChangeTime(path, directory, value)) {
            // Recording kept losing the race with its own write; the file reports its real ctime instead.
            userSet = false;
        }
    }
}
