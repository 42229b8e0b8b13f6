package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.ImpersonationLevel;
import io.signet.protocol.smb2.LeaseState;
import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.CreateContext;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.EchoRequest;
import io.signet.protocol.smb2.message.LeaseContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the hostile tests of oplocks and leases share: CREATEs asking for an oplock or a lease, the lease a response
 * grants, and the break notifications that arrive unasked.
 */
final class LeaseSupport {
    /** [MS-SMB2] 2.2.23: a break notification carries MessageId 0xFFFFFFFFFFFFFFFF. */
    static final long NOTIFICATION_MID = -1L;
    static final int RWH = LeaseState.READ | LeaseState.WRITE | LeaseState.HANDLE;
    static final int RH = LeaseState.READ | LeaseState.HANDLE;
    static final int ALL_SHARING = ShareAccess.FILE_SHARE_READ | ShareAccess.FILE_SHARE_WRITE
            | ShareAccess.FILE_SHARE_DELETE;
    /** FILE_GENERIC_READ | FILE_GENERIC_WRITE | DELETE. */
    static final int READ_WRITE_DELETE = 0x0013019F;

    private LeaseSupport() {
    }

    /** Opens the existing file {@code name} for reading, writing and deleting, shared with all; must succeed. */
    static CreateResponse create(RawSmb2Client client, int tree, String name, int oplock, LeaseContext lease,
                                 int extraOptions) throws IOException {
        return create(client, tree, name, oplock, lease, extraOptions, CreateDisposition.OPEN.code());
    }

    static CreateResponse create(RawSmb2Client client, int tree, String name, int oplock, LeaseContext lease,
                                 int extraOptions, int disposition) throws IOException {
        RawResponse r = client.call(Smb2Command.CREATE.code(), tree, body -> encodeCreate(body, name, oplock, lease,
                CreateOptions.NON_DIRECTORY_FILE | extraOptions, disposition, READ_WRITE_DELETE));
        assertStatus(RawSmb2Client.STATUS_SUCCESS, r);
        return CreateResponse.decode(r.buf());
    }

    /** The CREATE of {@link #create}, unsigned and unsent, for a test that must see its interim response. */
    static ByteBuf createMessage(RawSmb2Client client, int tree, String name, int oplock, LeaseContext lease,
                                 int extraOptions) {
        ByteBuf m = client.newRequest(Smb2Command.CREATE.code(), tree);
        encodeCreate(m, name, oplock, lease, CreateOptions.NON_DIRECTORY_FILE | extraOptions,
                CreateDisposition.OPEN.code(), READ_WRITE_DELETE);
        return m;
    }

    /** A CREATE body shared with all, with a lease context when {@code lease} is not null. */
    static void encodeCreate(ByteBuf out, String name, int oplock, LeaseContext lease, int options, int disposition,
                             int access) {
        List<CreateContext> contexts = new ArrayList<>();
        if (lease != null) {
            contexts.add(lease.toContext());
        }
        try {
            new CreateRequest(oplock, ImpersonationLevel.IMPERSONATION, access, 0x80, ALL_SHARING, disposition,
                    options, name, contexts).encode(out);
        } finally {
            contexts.forEach(c -> c.data().release());
        }
    }

    /** The lease context of a CREATE response; fails the test when there is none. */
    static LeaseContext leaseOf(CreateResponse response) {
        for (CreateContext c : response.createContexts()) {
            if (c.name().equals(CreateContext.LEASE)) {
                return LeaseContext.decode(c.data());
            }
        }
        throw new AssertionError("no lease context in the response");
    }

    /** The next message, which must be a break notification. */
    static RawResponse nextBreak(RawSmb2Client client) throws IOException {
        RawResponse r = client.receiveCompound().get(0);
        assertEquals(NOTIFICATION_MID, r.header().messageId(), "a break notification: " + r);
        assertEquals(Smb2Command.OPLOCK_BREAK.code(), r.header().commandCode());
        return r;
    }

    /** Nothing arrives unasked: an ECHO's answer comes first. */
    static void assertNoMessage(RawSmb2Client client) throws IOException {
        long mid = client.nextMessageId();
        RawResponse echo = client.call(Smb2Command.ECHO.code(), 0, body -> new EchoRequest().encode(body));
        assertEquals(mid, echo.header().messageId(), "a message came before the ECHO's answer: " + echo);
    }
}
