package io.signet.server.notify;

import static io.signet.protocol.fscc.FileNotifyInformation.FILE_ACTION_ADDED;
import static io.signet.protocol.fscc.FileNotifyInformation.FILE_ACTION_MODIFIED;
import static io.signet.protocol.fscc.FileNotifyInformation.FILE_ACTION_REMOVED;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Which disk events are echoes of the server's own changes. */
class OwnChangesTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final OwnChanges own = new OwnChanges(now::get);
    private final Path file = Path.of("/share/f");

    @Test
    void aCreateThroughSmbEchoesAsCreateAndModifyButNotAsDelete() {
        own.record(file, OwnChanges.kindOf(FILE_ACTION_ADDED));
        assertTrue(own.isEcho(file, FILE_ACTION_ADDED));
        assertTrue(own.isEcho(file, FILE_ACTION_MODIFIED), "its metadata written while creating it");
        assertFalse(own.isEcho(file, FILE_ACTION_REMOVED), "another program deleting it is news");
        assertFalse(own.isEcho(Path.of("/share/g"), FILE_ACTION_ADDED));
    }

    @Test
    void marksExpireAfterTheWindow() {
        own.record(file, OwnChanges.MODIFY);
        now.addAndGet(OwnChanges.WINDOW_NANOS);
        assertFalse(own.isEcho(file, FILE_ACTION_MODIFIED));
    }

    @Test
    void marksAreBoundedOldestFirst() {
        for (int i = 0; i <= OwnChanges.MAX_MARKS; i++) {
            own.record(Path.of("/share/" + i), OwnChanges.MODIFY);
        }
        assertFalse(own.isEcho(Path.of("/share/0"), FILE_ACTION_MODIFIED), "the oldest mark made room");
        assertTrue(own.isEcho(Path.of("/share/" + OwnChanges.MAX_MARKS), FILE_ACTION_MODIFIED));
    }
}
