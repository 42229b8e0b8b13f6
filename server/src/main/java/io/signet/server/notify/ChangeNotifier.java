package io.signet.server.notify;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.smb2.message.ChangeNotifyResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.server.conn.AsyncRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Pending CHANGE_NOTIFY requests of every connection ([MS-SMB2] 3.3.5.19), completed when a change made through
 * this server touches the watched directory (or, with WATCH_TREE, anything below it).
 *
 * <p>A completion reports STATUS_NOTIFY_ENUM_DIR, which tells the client that the directory changed and that it
 * should enumerate it again ([MS-SMB2] 3.3.5.19 allows it whenever the server does not return the individual
 * changes). Changes made to the share's directory by local processes, outside SMB, are not observed.
 */
public final class ChangeNotifier {
    /** [MS-SMB2] 2.2.35 CompletionFilter bits this server reports. */
    public static final int NAME = 0x00000001 | 0x00000002;        // FILE_NOTIFY_CHANGE_FILE_NAME | DIR_NAME
    public static final int ATTRIBUTES = 0x00000004 | 0x00000040;  // FILE_NOTIFY_CHANGE_ATTRIBUTES | CREATION
    public static final int SIZE = 0x00000008 | 0x00000010;        // FILE_NOTIFY_CHANGE_SIZE | LAST_WRITE
    public static final int EA = 0x00000080;                        // FILE_NOTIFY_CHANGE_EA
    public static final int SECURITY = 0x00000100;                  // FILE_NOTIFY_CHANGE_SECURITY
    public static final int STREAM = 0x00000200;                    // FILE_NOTIFY_CHANGE_STREAM_NAME

    private final List<Watch> watches = new CopyOnWriteArrayList<>();

    /** A pending request watching {@code dir}. */
    public record Watch(Path dir, boolean tree, int filter, Object open, AsyncRequest request) {
    }

    public void add(Watch w) {
        watches.removeIf(old -> old.request.finished()); // requests whose session or connection ended
        watches.add(w);
    }

    /**
     * Something changed at {@code path}; {@code kind} is a FILE_NOTIFY_CHANGE_* mask describing what
     * ([MS-FSCC] 2.7.1 / [MS-SMB2] 2.2.35 CompletionFilter).
     */
    public void changed(Path path, int kind) {
        Path parent = path.getParent();
        List<Watch> hit = new ArrayList<>();
        for (Watch w : watches) {
            boolean inScope = w.dir.equals(parent) || (w.tree && parent != null && parent.startsWith(w.dir));
            if (inScope && (w.filter & kind) != 0) {
                hit.add(w);
            }
        }
        for (Watch w : hit) {
            if (watches.remove(w)) {
                w.request.complete(NtStatus.STATUS_NOTIFY_ENUM_DIR, ChangeNotifier::emptyResponse);
            }
        }
    }

    /** The directory's open closed: its watches end with STATUS_NOTIFY_CLEANUP ([MS-SMB2] 3.3.5.10). */
    public void closed(Object open) {
        for (Watch w : watches) {
            if (w.open == open && watches.remove(w)) {
                w.request.complete(NtStatus.STATUS_NOTIFY_CLEANUP, ChangeNotifier::emptyResponse);
            }
        }
    }

    private static void emptyResponse(ByteBuf out) {
        new ChangeNotifyResponse(Unpooled.EMPTY_BUFFER).encode(out);
    }

    /** CANCEL: the watch ends with STATUS_CANCELLED. */
    public void cancel(AsyncRequest request) {
        for (Watch w : watches) {
            if (w.request == request && watches.remove(w)) {
                request.complete(NtStatus.STATUS_CANCELLED, null);
            }
        }
    }
}
