package io.signet.server.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.auth.AuthenticatedUser;
import io.signet.auth.UserKind;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.CreateContext;
import io.signet.protocol.smb2.message.CreateGuid;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.LeaseKey;
import io.signet.server.oplock.BreakSink;
import io.signet.server.oplock.CachingTable;
import io.signet.server.session.Session;
import io.signet.server.session.SessionSecurity;
import io.signet.server.tree.Open;
import io.signet.storage.ShareFileSystem;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the tests of the durable open table share: two real users, the GUIDs their CREATEs name, sessions with no
 * connection, opens holding a batch oplock whose connection is gone, and CREATE requests as the handler decodes them.
 */
final class DurableFixture {
    static final AuthenticatedUser ALICE = new AuthenticatedUser("alice", "SIGNET", UserKind.USER);
    static final AuthenticatedUser BOB = new AuthenticatedUser("bob", "SIGNET", UserKind.USER);
    static final CreateGuid CLIENT = new CreateGuid(11, 12);
    static final CreateGuid CREATE = new CreateGuid(21, 22);

    private final CachingTable caching;
    private long nextSession = 1;

    DurableFixture(CachingTable caching) {
        this.caching = caching;
    }

    /** A new session of {@code user} at 3.1.1, numbered after the last one. */
    Session session(AuthenticatedUser user) {
        Session s = new Session(nextSession++);
        s.security(SessionSecurity.keyless(user, Dialect.SMB3_1_1));
        return s;
    }

    /** Grants {@code open} (of a file of {@code fs}) a batch oplock, released when it closes; returns it. */
    Open holdingBatch(Open open, ShareFileSystem fs) {
        CachingTable.Key key = new CachingTable.Key(fs, open.handle().fileKey());
        open.oplockKey(key);
        assertEquals(OplockLevel.BATCH, caching.register(key, open, new CachingTable.Intent(0x0012019F, false, null,
                null), OplockLevel.BATCH, false, new GoneConnection(), List::of).oplock());
        open.onClose(() -> caching.release(key, open));
        return open;
    }

    /** A CREATE message decoded as the handler sees it; heap buffers, left to the collector. */
    static CreateRequest request(CreateContext context) {
        ByteBuf msg = Unpooled.buffer();
        new Smb2Header().command(Smb2Command.CREATE).messageId(7).write(msg);
        new CreateRequest(9, 2, 0x0012019F, 0, 7, 3, 0x40, "f.txt", List.of(context)).encode(msg);
        return CreateRequest.decode(msg);
    }

    /** A connection that is gone: a break aimed at it finds no channel. */
    private static final class GoneConnection implements BreakSink {
        @Override
        public boolean isActive() {
            return false;
        }

        @Override
        public void sendOplockBreak(FileId fileId, int level) {
        }

        @Override
        public void sendLeaseBreak(LeaseKey key, int epoch, boolean ackRequired, int from, int to) {
        }

        @Override
        public void scheduleBreakTimeout(Runnable task, long delay, TimeUnit unit) {
        }
    }
}
