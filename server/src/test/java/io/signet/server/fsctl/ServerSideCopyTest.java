package io.signet.server.fsctl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.protocol.fsctl.CopyChunkRequest;
import io.signet.protocol.fsctl.CopyChunkRequest.Chunk;
import io.signet.protocol.fsctl.CopyChunkResponse;
import io.signet.protocol.fsctl.ResumeKeyResponse;
import io.signet.storage.FileHandle;
import io.signet.storage.ShareFileSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** [MS-SMB2] 3.3.5.15.6: limits, access checks and copying over real files of a share. */
class ServerSideCopyTest {
    private static final int ALL = AccessMask.FILE_READ_DATA | AccessMask.FILE_WRITE_DATA
            | AccessMask.FILE_APPEND_DATA;
    private static final byte[] KEY = new byte[ResumeKeyResponse.KEY_SIZE];

    @TempDir
    Path root;
    private ShareFileSystem fs;
    private final ServerSideCopy copy = new ServerSideCopy((offset, length) -> {
        if (offset < 0 || offset + length < 0) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "write range past 2^63");
        }
    });

    @BeforeEach
    void setUp() throws IOException {
        Files.write(root.resolve("src"), pattern(8192));
        Files.write(root.resolve("dst"), new byte[0]);
        fs = new ShareFileSystem(root, false);
    }

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i % 251);
        }
        return b;
    }

    private FileHandle open(String name, int access) {
        return fs.create(name, CreateDisposition.OPEN, 0, access, 0).handle();
    }

    private static ByteBuf input(Chunk... chunks) {
        ByteBuf buf = Unpooled.buffer();
        new CopyChunkRequest(KEY, List.of(chunks)).encode(buf);
        return buf;
    }

    /** A side no other open's byte-range lock stands in the way of. */
    private static ServerSideCopy.Side side(FileHandle h) {
        return new ServerSideCopy.Side(h, (offset, length) -> true);
    }

    private static Function<byte[], ServerSideCopy.Side> sourceIs(FileHandle h) {
        return key -> Arrays.equals(key, KEY) ? side(h) : null;
    }

    @Test
    void copiesChunksInOrderAndCountsThem() throws IOException {
        try (FileHandle src = open("src", ALL); FileHandle dst = open("dst", ALL)) {
            ServerSideCopy.Result r = copy.copy(input(new Chunk(0, 0, 4096), new Chunk(4096, 4096, 4096)), false,
                    side(dst), sourceIs(src));
            assertEquals(NtStatus.STATUS_SUCCESS, r.status());
            assertEquals(new CopyChunkResponse(2, 0, 8192), r.response());
        }
        assertArrayEquals(pattern(8192), Files.readAllBytes(root.resolve("dst")));
    }

    @Test
    void breakingALimitAnswersWithTheLimits() {
        try (FileHandle src = open("src", ALL); FileHandle dst = open("dst", ALL)) {
            List<ServerSideCopy.Result> results = new ArrayList<>();
            results.add(copy.copy(input(new Chunk(0, 0, 0xFFFF_FFFFL)), false, side(dst), sourceIs(src)));
            results.add(copy.copy(input(new Chunk(0, 0, ServerSideCopy.MAX_CHUNK_SIZE + 1)), false, side(dst),
                    sourceIs(src)));
            results.add(copy.copy(input(new Chunk(0, 0, 0)), false, side(dst), sourceIs(src)));
            results.add(copy.copy(input(Collections.nCopies(17, new Chunk(0, 0, ServerSideCopy.MAX_CHUNK_SIZE))
                    .toArray(new Chunk[0])), false, side(dst), sourceIs(src)));
            ByteBuf tooMany = input();
            tooMany.setIntLE(24, ServerSideCopy.MAX_CHUNK_COUNT + 1);
            results.add(copy.copy(tooMany, false, side(dst), sourceIs(src)));
            for (ServerSideCopy.Result r : results) {
                assertEquals(NtStatus.STATUS_INVALID_PARAMETER, r.status());
                assertEquals(ServerSideCopy.LIMITS, r.response());
            }
        }
    }

    @Test
    void accessIsCheckedOnBothOpens() {
        try (FileHandle src = open("src", ALL); FileHandle writeOnly = open("dst", AccessMask.FILE_WRITE_DATA);
             FileHandle readOnly = open("dst", AccessMask.FILE_READ_DATA)) {
            ByteBuf in = input(new Chunk(0, 0, 10));
            assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> copy.copy(in, false, side(writeOnly), sourceIs(src))));
            assertEquals(NtStatus.STATUS_SUCCESS, copy.copy(in, true, side(writeOnly), sourceIs(src)).status(),
                    "COPYCHUNK_WRITE needs no FILE_READ_DATA on the target");
            assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> copy.copy(in, true, side(readOnly), sourceIs(src))));
        }
        try (FileHandle noRead = open("src", AccessMask.FILE_READ_ATTRIBUTES);
             FileHandle execute = open("src", AccessMask.FILE_EXECUTE); FileHandle dst = open("dst", ALL)) {
            ByteBuf in = input(new Chunk(0, 0, 10));
            assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> copy.copy(in, false, side(dst), sourceIs(noRead))));
            assertEquals(NtStatus.STATUS_SUCCESS, copy.copy(in, false, side(dst), sourceIs(execute)).status());
        }
    }

    @Test
    void anUnknownKeyIsObjectNameNotFound() {
        try (FileHandle dst = open("dst", ALL)) {
            assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND,
                    status(() -> copy.copy(input(new Chunk(0, 0, 10)), false, side(dst), key -> null)));
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                    status(() -> copy.copy(Unpooled.buffer(8), false, side(dst), key -> null)));
        }
    }

    @Test
    void aChunkPastTheSourceEndStopsTheCopyAndCountsWhatWasWritten() throws IOException {
        try (FileHandle src = open("src", ALL); FileHandle dst = open("dst", ALL)) {
            ServerSideCopy.Result r = copy.copy(input(new Chunk(0, 0, 4096), new Chunk(8000, 4096, 4096)), false,
                    side(dst), sourceIs(src));
            assertEquals(ServerSideCopy.SOURCE_PAST_END, r.status());
            assertEquals(new CopyChunkResponse(1, 0, 4096), r.response());
        }
        assertEquals(4096, Files.size(root.resolve("dst")), "nothing of the failed chunk is written");
    }

    @Test
    void overlappingRangesOfOneFileCopyTheSourceAsItWas() throws IOException {
        try (FileHandle file = open("src", ALL)) {
            ServerSideCopy.Result r = copy.copy(input(new Chunk(0, 2040, 2048)), false, side(file), sourceIs(file));
            assertEquals(NtStatus.STATUS_SUCCESS, r.status());
        }
        byte[] expected = pattern(8192);
        System.arraycopy(pattern(2048), 0, expected, 2040, 2048);
        assertArrayEquals(expected, Files.readAllBytes(root.resolve("src")));
    }

    private static NtStatus status(Runnable r) {
        return assertThrows(SmbException.class, r::run).status();
    }

    @Test
    void aChunkMeetingAByteRangeLockEndsTheCopyWithLockConflict() throws IOException {
        try (FileHandle src = open("src", ALL); FileHandle dst = open("dst", ALL)) {
            ServerSideCopy.Side lockedFrom4096 =
                    new ServerSideCopy.Side(src, (offset, length) -> offset + length <= 4096);
            ServerSideCopy.Result r = copy.copy(input(new Chunk(0, 0, 4096), new Chunk(4096, 4096, 4096)), false,
                    side(dst), key -> lockedFrom4096);
            assertEquals(NtStatus.STATUS_FILE_LOCK_CONFLICT, r.status());
            assertEquals(new CopyChunkResponse(1, 0, 4096), r.response(), "the chunk before the lock was copied");

            ServerSideCopy.Side lockedTarget = new ServerSideCopy.Side(dst, (offset, length) -> false);
            r = copy.copy(input(new Chunk(0, 8192, 100)), false, lockedTarget, sourceIs(src));
            assertEquals(NtStatus.STATUS_FILE_LOCK_CONFLICT, r.status());
            assertEquals(new CopyChunkResponse(0, 0, 0), r.response());
        }
        assertEquals(4096, Files.size(root.resolve("dst")), "nothing written past the first chunk");
    }

    @Test
    void copyChunkResponseRoundTrips() {
        ByteBuf buf = Unpooled.buffer();
        ServerSideCopy.LIMITS.encode(buf);
        assertEquals(CopyChunkResponse.SIZE, buf.readableBytes());
        assertEquals(256, buf.getIntLE(0));
        assertEquals(1 << 20, buf.getIntLE(4));
        assertEquals(16 << 20, buf.getIntLE(8));
        assertEquals(ServerSideCopy.LIMITS, CopyChunkResponse.decode(buf));
    }
}
