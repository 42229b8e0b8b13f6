package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertSessionWorks;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.IoctlRequest;
import io.signet.protocol.smb2.message.IoctlResponse;
import io.signet.protocol.smb2.message.LockElement;
import io.signet.protocol.smb2.message.LockRequest;
import io.signet.protocol.smb2.message.ReadRequest;
import io.signet.protocol.smb2.message.WriteRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Byte-range locks against another session's open, and file system controls whose input is short or wrong, from an
 * attacker with an account of her own. A range alice locks exclusively refuses mallory's READ ([MS-FSA] 2.1.5.2),
 * WRITE ([MS-FSA] 2.1.5.3), FSCTL_SET_ZERO_DATA (as a write) and server-side copy from it (as a read) or into it (as
 * a write); a shared lock refuses only the writes. A control that cannot read its input is refused with a status
 * ([MS-FSA] 2.1.5.10, [MS-SMB2] 3.3.5.15) and the session goes on.
 */
class ByteRangeAndFsctlAdmissionTest extends HostileServer {
    private static final int STATUS_FILE_LOCK_CONFLICT = 0xC0000054;
    private static final int STATUS_INVALID_DEVICE_REQUEST = 0xC0000010;
    private static final int STATUS_BUFFER_TOO_SMALL = 0xC0000023;
    /** [MS-FSCC] 2.3 control codes. */
    private static final int FSCTL_SET_ZERO_DATA = 0x000980C8;
    private static final int FSCTL_SRV_REQUEST_RESUME_KEY = 0x00140078;
    private static final int FSCTL_SRV_COPYCHUNK_WRITE = 0x001480F2;
    private static final int FSCTL_SET_COMPRESSION = 0x0009C040;
    private static final int FSCTL_GET_COMPRESSION = 0x0009003C;
    private static final int FSCTL_QUERY_ALLOCATED_RANGES = 0x000940CF;
    private static final int FSCTL_CREATE_OR_GET_OBJECT_ID = 0x000900C0;
    private static final int FSCTL_VALIDATE_NEGOTIATE_INFO = 0x00140204;
    private static final int FSCTL_FILE_LEVEL_TRIM = 0x00098208;
    /** FILE_GENERIC_READ | FILE_GENERIC_WRITE. */
    private static final int READ_WRITE = 0x0012019F;
    private static final int SHARE_ALL = 7;

    private final byte[] content = new byte[100];

    @BeforeEach
    void prepareShare() throws IOException {
        Arrays.fill(content, (byte) 'a');
        Files.write(share.resolve("locked.bin"), content);
        Files.write(share.resolve("source.bin"), content);
    }

    @Test
    void anotherOpensLocksRefuseReadWriteZeroingAndCopyOnTheirRangeOnly() throws IOException {
        try (RawSmb2Client alice = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client mallory = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int aliceTree = treeConnect(alice, "data");
            FileId held = open(alice, aliceTree, "locked.bin", 1 /* FILE_OPEN */);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, alice.call(Smb2Command.LOCK.code(), aliceTree,
                    body -> new LockRequest(0, held, List.of(
                            new LockElement(0, 10, LockElement.EXCLUSIVE_LOCK | LockElement.FAIL_IMMEDIATELY)))
                            .encode(body)));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, alice.call(Smb2Command.LOCK.code(), aliceTree,
                    body -> new LockRequest(0, held, List.of(
                            new LockElement(50, 10, LockElement.SHARED_LOCK | LockElement.FAIL_IMMEDIATELY)))
                            .encode(body)));

            int tree = treeConnect(mallory, "data");
            FileId locked = open(mallory, tree, "locked.bin", 1);
            FileId source = open(mallory, tree, "source.bin", 1);
            FileId target = open(mallory, tree, "target.bin", 2 /* FILE_CREATE */);

            // the exclusive range [0, 10): neither read nor written, to its last byte and no further
            assertStatus(STATUS_FILE_LOCK_CONFLICT, mallory.call(Smb2Command.READ.code(), tree, read(locked, 9, 1)));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, mallory.call(Smb2Command.READ.code(), tree,
                    read(locked, 10, 1)));
            assertStatus(STATUS_FILE_LOCK_CONFLICT, mallory.call(Smb2Command.WRITE.code(), tree,
                    write(locked, 9, "XX")));
            assertStatus(STATUS_FILE_LOCK_CONFLICT, mallory.call(Smb2Command.IOCTL.code(), tree,
                    ioctl(FSCTL_SET_ZERO_DATA, locked, zeroData(5, 20), 0)));
            byte[] lockedKey = resumeKey(mallory, tree, locked);
            assertStatus(STATUS_FILE_LOCK_CONFLICT, mallory.call(Smb2Command.IOCTL.code(), tree,
                    ioctl(FSCTL_SRV_COPYCHUNK_WRITE, target, copy(lockedKey, 5, 0, 10), 12)));
            byte[] sourceKey = resumeKey(mallory, tree, source);
            assertStatus(STATUS_FILE_LOCK_CONFLICT, mallory.call(Smb2Command.IOCTL.code(), tree,
                    ioctl(FSCTL_SRV_COPYCHUNK_WRITE, locked, copy(sourceKey, 0, 9, 2), 12)));

            // the shared range [50, 60): read, and copied from, but neither written, zeroed nor copied into
            assertStatus(RawSmb2Client.STATUS_SUCCESS, mallory.call(Smb2Command.READ.code(), tree,
                    read(locked, 50, 10)));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, mallory.call(Smb2Command.IOCTL.code(), tree,
                    ioctl(FSCTL_SRV_COPYCHUNK_WRITE, target, copy(lockedKey, 50, 0, 10), 12)));
            assertStatus(STATUS_FILE_LOCK_CONFLICT, mallory.call(Smb2Command.WRITE.code(), tree,
                    write(locked, 59, "XX")));
            assertStatus(STATUS_FILE_LOCK_CONFLICT, mallory.call(Smb2Command.IOCTL.code(), tree,
                    ioctl(FSCTL_SET_ZERO_DATA, locked, zeroData(55, 56), 0)));
            assertStatus(STATUS_FILE_LOCK_CONFLICT, mallory.call(Smb2Command.IOCTL.code(), tree,
                    ioctl(FSCTL_SRV_COPYCHUNK_WRITE, locked, copy(sourceKey, 0, 49, 2), 12)));
            assertArrayEquals(content, Files.readAllBytes(share.resolve("locked.bin")), "nothing of it changed");

            // the holder of the exclusive lock reads and writes its range
            assertStatus(RawSmb2Client.STATUS_SUCCESS, alice.call(Smb2Command.READ.code(), aliceTree,
                    read(held, 0, 10)));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, alice.call(Smb2Command.WRITE.code(), aliceTree,
                    write(held, 0, "BB")));
            assertEquals('B', Files.readAllBytes(share.resolve("locked.bin"))[1]);
            assertSessionWorks(mallory);
            assertSessionWorks(alice);
        }
    }

    @Test
    void aControlThatCannotReadItsInputIsRefusedAndTheSessionGoesOn() throws IOException {
        try (RawSmb2Client mallory = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int tree = treeConnect(mallory, "data");
            FileId file = open(mallory, tree, "source.bin", 1);
            int invalid = RawSmb2Client.STATUS_INVALID_PARAMETER;
            assertControl(mallory, tree, invalid, FSCTL_SET_COMPRESSION, file, new byte[1], 0);
            assertControl(mallory, tree, invalid, FSCTL_SET_COMPRESSION, file, new byte[] {5, 0}, 0);
            assertControl(mallory, tree, invalid, FSCTL_GET_COMPRESSION, file, new byte[0], 1);
            assertControl(mallory, tree, invalid, FSCTL_SET_ZERO_DATA, file, new byte[8], 0);
            assertControl(mallory, tree, invalid, FSCTL_QUERY_ALLOCATED_RANGES, file, new byte[8], 64);
            assertControl(mallory, tree, invalid, FSCTL_SRV_COPYCHUNK_WRITE, file, new byte[16], 12);
            assertControl(mallory, tree, invalid, FSCTL_SRV_REQUEST_RESUME_KEY, file, new byte[0], 16);
            assertControl(mallory, tree, STATUS_BUFFER_TOO_SMALL, FSCTL_CREATE_OR_GET_OBJECT_ID, file, new byte[0],
                    32);
            assertControl(mallory, tree, STATUS_INVALID_DEVICE_REQUEST, FSCTL_FILE_LEVEL_TRIM, file, new byte[16],
                    0);
            assertControl(mallory, tree, invalid, FSCTL_VALIDATE_NEGOTIATE_INFO, FileId.ANY, new byte[10], 24);
            assertArrayEquals(content, Files.readAllBytes(share.resolve("source.bin")), "nothing changed");
        }
    }

    private static void assertControl(RawSmb2Client client, int tree, int status, int ctlCode, FileId file,
                                      byte[] input, int maxOutput) throws IOException {
        RawResponse r = client.call(Smb2Command.IOCTL.code(), tree,
                ioctl(ctlCode, file, Unpooled.wrappedBuffer(input), maxOutput));
        assertStatus(status, r);
        assertSessionWorks(client);
    }

    private static FileId open(RawSmb2Client client, int tree, String name, int disposition) throws IOException {
        RawResponse r = client.call(Smb2Command.CREATE.code(), tree,
                body -> new CreateRequest(0, 2, READ_WRITE, 0x80, SHARE_ALL, disposition, 0x40, name, List.of())
                        .encode(body));
        assertStatus(RawSmb2Client.STATUS_SUCCESS, r);
        return CreateResponse.decode(r.buf()).fileId();
    }

    private static byte[] resumeKey(RawSmb2Client client, int tree, FileId file) throws IOException {
        RawResponse r = client.call(Smb2Command.IOCTL.code(), tree,
                ioctl(FSCTL_SRV_REQUEST_RESUME_KEY, file, Unpooled.EMPTY_BUFFER, 32));
        assertStatus(RawSmb2Client.STATUS_SUCCESS, r);
        ByteBuf out = IoctlResponse.decode(r.buf()).output();
        byte[] key = new byte[24];
        out.getBytes(out.readerIndex(), key);                  // ResumeKey (24 bytes)
        return key;
    }

    private static Consumer<ByteBuf> read(FileId file, long offset, int length) {
        return body -> new ReadRequest(0, 0, length, offset, file, 0, 0, 0, Unpooled.EMPTY_BUFFER).encode(body);
    }

    private static Consumer<ByteBuf> write(FileId file, long offset, String data) {
        return body -> new WriteRequest(offset, file, 0, 0, 0, Unpooled.EMPTY_BUFFER,
                Unpooled.wrappedBuffer(data.getBytes(java.nio.charset.StandardCharsets.US_ASCII))).encode(body);
    }

    private static Consumer<ByteBuf> ioctl(int ctlCode, FileId file, ByteBuf input, int maxOutput) {
        return body -> new IoctlRequest(ctlCode, file, input, 0, Unpooled.EMPTY_BUFFER, maxOutput,
                IoctlRequest.IS_FSCTL).encode(body);
    }

    /** [MS-FSCC] 2.3.85 FILE_ZERO_DATA_INFORMATION. */
    private static ByteBuf zeroData(long from, long beyond) {
        return Unpooled.buffer(16).writeLongLE(from).writeLongLE(beyond);
    }

    /** [MS-SMB2] 2.2.31.1 SRV_COPYCHUNK_COPY with one chunk. */
    private static ByteBuf copy(byte[] key, long sourceOffset, long targetOffset, int length) {
        ByteBuf b = Unpooled.buffer();
        b.writeBytes(key);                 // SourceKey (24 bytes)
        b.writeIntLE(1);                   // ChunkCount (4 bytes)
        b.writeIntLE(0);                   // Reserved (4 bytes)
        b.writeLongLE(sourceOffset);       // SourceOffset (8 bytes)
        b.writeLongLE(targetOffset);       // TargetOffset (8 bytes)
        b.writeIntLE(length);              // Length (4 bytes)
        b.writeIntLE(0);                   // Reserved (4 bytes)
        return b;
    }
}
