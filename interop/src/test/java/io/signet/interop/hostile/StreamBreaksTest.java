package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static io.signet.interop.hostile.LeaseSupport.READ_WRITE_DELETE;
import static io.signet.interop.hostile.LeaseSupport.RH;
import static io.signet.interop.hostile.LeaseSupport.RWH;
import static io.signet.interop.hostile.LeaseSupport.assertNoMessage;
import static io.signet.interop.hostile.LeaseSupport.create;
import static io.signet.interop.hostile.LeaseSupport.leaseOf;
import static io.signet.interop.hostile.LeaseSupport.nextBreak;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.ImpersonationLevel;
import io.signet.protocol.smb2.LeaseState;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.LeaseBreakAck;
import io.signet.protocol.smb2.message.LeaseBreakNotification;
import io.signet.protocol.smb2.message.LeaseContext;
import io.signet.protocol.smb2.message.LeaseKey;
import io.signet.protocol.smb2.message.OplockBreak;
import io.signet.protocol.smb2.message.QueryInfoRequest;
import io.signet.protocol.smb2.message.SetInfoRequest;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Breaks across the data streams of one file. Each stream caches on its own (smbtorture smb2.lease.request and
 * smb2.oplock.stream1 record Windows granting a stream its own lease or batch oplock beside the file's), but:
 * overwriting one stream without sharing delete breaks the batch oplocks of the file's other streams (the file
 * system's check in the open of [MS-FSA] 2.1.5.1.2), and deleting or renaming the file breaks the handle caching of
 * its open named streams, which go with it ([MS-FSA] 2.1.5.14.3, 2.1.5.14.11).
 */
class StreamBreaksTest extends HostileServer {
    private static final LeaseKey KEY = new LeaseKey(0x57E, 0x57E);

    private RawSmb2Client holder;
    private RawSmb2Client other;
    private int treeH;
    private int treeO;

    @BeforeEach
    void fileWithAStream() throws IOException {
        java.nio.file.Files.writeString(share.resolve("s.txt"), "x");
        holder = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
        other = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD);
        treeH = treeConnect(holder, "data");
        treeO = treeConnect(other, "data");
        CreateResponse made = create(holder, treeH, "s.txt:strm", OplockLevel.NONE.code(), null, 0,
                CreateDisposition.CREATE.code());
        assertStatus(RawSmb2Client.STATUS_SUCCESS, holder.close(treeH, made.fileId()));
    }

    @org.junit.jupiter.api.AfterEach
    void closeClients() throws IOException {
        holder.close();
        other.close();
    }

    @Test
    void overwritingANamedStreamWithoutShareDeleteBreaksTheFilesBatchOplock() throws IOException {
        CreateResponse base = create(holder, treeH, "s.txt", OplockLevel.BATCH.code(), null, 0);
        assertEquals(OplockLevel.BATCH.code(), base.oplockLevel());

        long mid = sendOverwrite(other, treeO, "s.txt:strm");
        OplockBreak broken = OplockBreak.decode(nextBreak(holder).buf());
        assertEquals(base.fileId(), broken.fileId());
        assertEquals(OplockLevel.NONE.code(), broken.oplockLevel(), "an overwrite breaks to none");
        assertStatus(RawSmb2Client.STATUS_SUCCESS, holder.call(Smb2Command.OPLOCK_BREAK.code(), treeH,
                body -> new OplockBreak(OplockLevel.NONE.code(), base.fileId()).encode(body)));
        RawResponse opened = other.receive();
        assertEquals(mid, opened.header().messageId());
        assertStatus(RawSmb2Client.STATUS_SUCCESS, opened);
    }

    @Test
    void overwritingTheFileWithoutShareDeleteBreaksTheBatchOplockOfItsOpenStream() throws IOException {
        CreateResponse stream = create(holder, treeH, "s.txt:strm", OplockLevel.BATCH.code(), null, 0);
        assertEquals(OplockLevel.BATCH.code(), stream.oplockLevel());

        long mid = sendOverwrite(other, treeO, "s.txt");
        OplockBreak broken = OplockBreak.decode(nextBreak(holder).buf());
        assertEquals(stream.fileId(), broken.fileId());
        assertEquals(OplockLevel.NONE.code(), broken.oplockLevel());
        assertStatus(RawSmb2Client.STATUS_SUCCESS, holder.close(treeH, stream.fileId()));
        RawResponse opened = other.receive();
        assertEquals(mid, opened.header().messageId());
        assertStatus(RawSmb2Client.STATUS_SUCCESS, opened);
    }

    @Test
    void deletingTheFileBreaksTheHandleLeaseOfItsOpenStream() throws IOException {
        CreateResponse stream = create(holder, treeH, "s.txt:strm", OplockLevel.LEASE.code(),
                LeaseContext.v2(KEY, RH, 0, LeaseKey.ZERO, 0), 0);
        assertEquals(RH, leaseOf(stream).state());
        CreateResponse base = create(other, treeO, "s.txt", OplockLevel.NONE.code(), null, 0);

        long mid = other.nextMessageId();
        ByteBuf set = other.newRequest(Smb2Command.SET_INFO.code(), treeO);
        ByteBuf info = Unpooled.buffer().writeByte(1); // FileDispositionInformation: DeletePending TRUE
        new SetInfoRequest(QueryInfoRequest.INFO_FILE, 13, 0, base.fileId(), info).encode(set);
        info.release();
        other.send(other.sign(set));
        assertEquals(RawSmb2Client.STATUS_PENDING, other.receiveCompound().get(0).status(), "it waits");

        LeaseBreakNotification n = LeaseBreakNotification.decode(nextBreak(holder).buf());
        assertEquals(KEY, n.key());
        assertEquals(RH, n.currentState());
        assertEquals(LeaseState.READ, n.newState(), "only the handle caching goes");
        assertStatus(RawSmb2Client.STATUS_SUCCESS, holder.call(Smb2Command.OPLOCK_BREAK.code(), treeH,
                body -> new LeaseBreakAck(0, KEY, LeaseState.READ, 0).encode(body)));
        RawResponse done = other.receive();
        assertEquals(mid, done.header().messageId());
        assertStatus(RawSmb2Client.STATUS_SUCCESS, done);
    }

    @Test
    void openingANamedStreamLeavesTheFilesLeaseAlone() throws IOException {
        CreateResponse base = create(holder, treeH, "s.txt", OplockLevel.LEASE.code(),
                LeaseContext.v2(KEY, RWH, 0, LeaseKey.ZERO, 0), 0);
        assertEquals(RWH, leaseOf(base).state());
        CreateResponse stream = create(other, treeO, "s.txt:strm", OplockLevel.NONE.code(), null, 0);
        assertNoMessage(holder); // each stream caches on its own (smbtorture smb2.lease.request)
        assertStatus(RawSmb2Client.STATUS_SUCCESS, other.close(treeO, stream.fileId()));
    }

    /** Sends an OVERWRITE_IF of {@code name} sharing read and write but not delete; it must go asynchronous. */
    private static long sendOverwrite(RawSmb2Client client, int tree, String name) throws IOException {
        long mid = client.nextMessageId();
        ByteBuf m = client.newRequest(Smb2Command.CREATE.code(), tree);
        new CreateRequest(OplockLevel.NONE.code(), ImpersonationLevel.IMPERSONATION, READ_WRITE_DELETE, 0x80,
                ShareAccess.FILE_SHARE_READ | ShareAccess.FILE_SHARE_WRITE, CreateDisposition.OVERWRITE_IF.code(),
                CreateOptions.NON_DIRECTORY_FILE, name, List.of()).encode(m);
        client.send(client.sign(m));
        assertEquals(RawSmb2Client.STATUS_PENDING, client.receiveCompound().get(0).status(),
                "the overwrite waits for the break");
        return mid;
    }
}
