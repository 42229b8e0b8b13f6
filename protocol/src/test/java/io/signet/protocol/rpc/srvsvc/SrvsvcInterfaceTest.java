package io.signet.protocol.rpc.srvsvc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.protocol.rpc.CallContext;
import io.signet.protocol.rpc.FaultStatus;
import io.signet.protocol.rpc.PduHeader;
import io.signet.protocol.rpc.PipeClient;
import io.signet.protocol.rpc.PipeRead;
import io.signet.protocol.rpc.RpcPipe;
import io.signet.protocol.rpc.SampleInterfaces;
import io.signet.protocol.rpc.Win32Error;
import io.signet.protocol.rpc.ndr.NdrPointer;
import io.signet.protocol.rpc.ndr.NdrReader;
import io.signet.protocol.rpc.ndr.NdrWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static io.signet.protocol.rpc.PipeClient.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** srvsvc over a bound pipe: requests marshalled as a client does, responses read back with the NDR reader. */
class SrvsvcInterfaceTest {
    private static final int FRAG = RpcPipe.MAX_FRAGMENT;

    /** NetrShareEnum, level 1, as [MS-SRVS] 3.1.4.8 lays it out; hand-built from the IDL. */
    static final String SHARE_ENUM_LEVEL_1_REQUEST = """
            00000200                                   // ServerName: unique pointer
            06000000 00000000 06000000                 // max_count 6, offset 0, actual_count 6
            5c005c00 53004900 47000000                 // "\\\\SIG" NUL
            01000000 01000000                          // InfoStruct.Level 1, union arm 1
            04000200                                   // Level1 container: unique pointer
            00000000 00000000                          // EntriesRead 0, Buffer null
            ffffffff                                   // PreferedMaximumLength: MAX_PREFERRED_LENGTH
            08000200 00000000                          // ResumeHandle: unique pointer to 0
            """;

    /** The answer for a server whose only share is "a" with an empty remark. */
    static final String SHARE_ENUM_LEVEL_1_RESPONSE = """
            01000000 01000000                          // Level 1, union arm 1
            00000200                                   // container pointer
            01000000 04000200                          // EntriesRead 1, Buffer pointer
            01000000                                   // max_count 1
            08000200 00000000 0c000200                 // shi1_netname ptr, shi1_type DISKTREE, shi1_remark ptr
            02000000 00000000 02000000 6100 0000       // "a"
            01000000 00000000 01000000 0000 0000       // "" and 2 bytes of padding
            01000000                                   // TotalEntries 1
            10000200 00000000                          // ResumeHandle: pointer to 0
            00000000                                   // NERR_Success
            """;

    record EnumResult(int level, boolean containerNull, List<ShareInfo> shares, int total, Integer resume,
                      int status) {
    }

    static byte[] shareEnumRequest(int level, Integer resume, int preferredMaximum) {
        return shareEnumRequest("\\\\SIGNET", level, resume, preferredMaximum);
    }

    static byte[] shareEnumRequest(String serverName, int level, Integer resume, int preferredMaximum) {
        ByteBuf out = Unpooled.buffer();
        NdrWriter w = new NdrWriter(out);
        w.writeUnique(serverName, NdrWriter::writeString);
        w.writeDeferred();
        w.writeU32(level);
        w.writeU32(level);
        w.writeUnique(level, (cw, l) -> {
            cw.writeU32(0); // EntriesRead
            cw.writeU32(0); // Buffer: null
        });
        w.writeDeferred();
        w.writeU32(preferredMaximum);
        w.writeUnique(resume, NdrWriter::writeU32);
        w.writeDeferred();
        return PipeClient.bytes(out);
    }

    static EnumResult parseEnum(byte[] stub) {
        NdrReader r = new NdrReader(Unpooled.wrappedBuffer(stub));
        int level = r.readU32();
        assertEquals(level, r.readU32(), "union arm");
        ShareInfoLevel l = ShareInfoLevel.of(level);
        NdrPointer<NdrPointer<List<Supplier<ShareInfo>>>> container = r.readUnique(cr -> {
            cr.readU32(); // EntriesRead
            return cr.readUnique(ar -> ar.readConformantArray(l.minWireSize(), l::decode));
        });
        r.readDeferred();
        int total = r.readU32();
        NdrPointer<Integer> resume = r.readUnique(NdrReader::readU32);
        r.readDeferred();
        int status = r.readU32();
        assertEquals(0, r.remaining(), "whole stub read");
        List<ShareInfo> shares = container.isNull() || container.get().isNull() ? List.of()
                : container.get().get().stream().map(Supplier::get).toList();
        return new EnumResult(level, container.isNull(), shares, total, resume.get(), status);
    }

    static byte[] shareGetInfoRequest(String name, int level) {
        ByteBuf out = Unpooled.buffer();
        NdrWriter w = new NdrWriter(out);
        w.writeUnique(null, NdrWriter::writeString); // ServerName: null
        w.writeDeferred();
        w.writeString(name); // NetName: [ref], no referent id
        w.writeU32(level);
        return PipeClient.bytes(out);
    }

    /** Returns the share (null when the arm pointer is null) and checks the status. */
    static ShareInfo parseGetInfo(byte[] stub, int level, int expectedStatus) {
        NdrReader r = new NdrReader(Unpooled.wrappedBuffer(stub));
        assertEquals(level, r.readU32());
        ShareInfoLevel l = ShareInfoLevel.of(level);
        NdrPointer<Supplier<ShareInfo>> info = r.readUnique(ir -> l.decode(ir));
        r.readDeferred();
        assertEquals(expectedStatus, r.readU32());
        assertEquals(0, r.remaining());
        return info.isNull() ? null : info.get().get();
    }

    private static RpcPipe bound(CallContext caller, int numbered, int maxRecvFrag) {
        RpcPipe pipe = SampleInterfaces.srvsvcPipe(caller, numbered);
        PipeClient.bindOk(pipe, SrvsvcInterface.SYNTAX, maxRecvFrag);
        return pipe;
    }

    private static ShareDirectory onlyShareA() {
        ShareInfo a = new ShareInfo("a", ShareInfo.STYPE_DISKTREE, "", "C:\\a", ShareInfo.UNLIMITED, 0);
        return new ShareDirectory() {
            @Override
            public List<ShareInfo> shares(CallContext caller) {
                return List.of(a);
            }

            @Override
            public Optional<ShareInfo> share(String name, CallContext caller) {
                return Optional.of(a).filter(s -> s.name().equalsIgnoreCase(name));
            }

            @Override
            public ServerInfo server() {
                return SampleInterfaces.SERVER;
            }
        };
    }

    @Test
    void handBuiltShareEnumGetsTheHandBuiltAnswer() {
        RpcPipe pipe = new RpcPipe(SampleInterfaces.USER, "srvsvc", new SrvsvcInterface(onlyShareA()));
        PipeClient.bindOk(pipe, SrvsvcInterface.SYNTAX, FRAG);
        byte[] stub = PipeClient.call(pipe, 2, SrvsvcInterface.NETR_SHARE_ENUM, hex(SHARE_ENUM_LEVEL_1_REQUEST), FRAG);
        assertEquals(hex(hex(SHARE_ENUM_LEVEL_1_RESPONSE)), hex(stub));
        assertEquals(hex(hex(SHARE_ENUM_LEVEL_1_REQUEST)), hex(shareEnumRequest("\\\\SIG", 1, 0, -1)));
    }

    @Test
    void bindThenShareEnumLevel1() {
        RpcPipe pipe = bound(SampleInterfaces.USER, 0, FRAG);
        EnumResult result = parseEnum(PipeClient.call(pipe, 2, SrvsvcInterface.NETR_SHARE_ENUM,
                shareEnumRequest(1, null, -1), FRAG));
        assertEquals(Win32Error.ERROR_SUCCESS, result.status());
        assertEquals(2, result.total());
        assertNull(result.resume());
        assertEquals(List.of("IPC$", "data"), result.shares().stream().map(ShareInfo::name).toList());
        assertEquals(List.of(0x80000003, 0), result.shares().stream().map(ShareInfo::type).toList());
        assertEquals(List.of("IPC Service", "Team data"), result.shares().stream().map(ShareInfo::comment).toList());
        assertFalse(pipe.hasPendingOutput());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 501, 502})
    void everyEnumLevelRoundTrips(int level) {
        RpcPipe pipe = bound(SampleInterfaces.ADMIN, 3, FRAG);
        EnumResult result = parseEnum(PipeClient.call(pipe, 2, SrvsvcInterface.NETR_SHARE_ENUM,
                shareEnumRequest(level, 0, -1), FRAG));
        assertEquals(Win32Error.ERROR_SUCCESS, result.status());
        assertEquals(level, result.level());
        assertEquals(5, result.shares().size());
        assertEquals(0, result.resume());
        ShareInfo data = result.shares().get(1);
        assertEquals("data", data.name());
        if (level == 2 || level == 502) {
            assertEquals("C:\\srv\\data", data.path());
            assertEquals(10, data.maxUses());
            assertEquals(2, data.currentUses());
            assertEquals("", result.shares().get(0).path());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 502})
    void pathLevelsNeedAnAdministrator(int level) {
        RpcPipe pipe = bound(SampleInterfaces.USER, 0, FRAG);
        EnumResult result = parseEnum(PipeClient.call(pipe, 2, SrvsvcInterface.NETR_SHARE_ENUM,
                shareEnumRequest(level, null, -1), FRAG));
        assertEquals(Win32Error.ERROR_ACCESS_DENIED, result.status());
        assertTrue(result.shares().isEmpty());
        assertNull(parseGetInfo(PipeClient.call(pipe, 3, SrvsvcInterface.NETR_SHARE_GET_INFO,
                shareGetInfoRequest("data", level), FRAG), level, Win32Error.ERROR_ACCESS_DENIED));
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 503, 1005, 999999})
    void unknownEnumLevelIsInvalidLevel(int level) {
        RpcPipe pipe = bound(SampleInterfaces.ADMIN, 0, FRAG);
        byte[] stub = PipeClient.call(pipe, 2, SrvsvcInterface.NETR_SHARE_ENUM, shareEnumRequest(level, null, -1), FRAG);
        NdrReader r = new NdrReader(Unpooled.wrappedBuffer(stub));
        assertEquals(level, r.readU32());
        assertEquals(level, r.readU32());
        assertEquals(0, r.readU32()); // no container
        assertEquals(0, r.readU32()); // TotalEntries
        assertEquals(0, r.readU32()); // no resume handle
        assertEquals(Win32Error.ERROR_INVALID_LEVEL, r.readU32());
    }

    @Test
    void preferredMaximumLengthPagesWithTheResumeHandle() {
        RpcPipe pipe = bound(SampleInterfaces.USER, 20, FRAG);
        List<String> names = new ArrayList<>();
        Integer resume = 0;
        int calls = 0;
        EnumResult page;
        do {
            page = parseEnum(PipeClient.call(pipe, 10 + calls, SrvsvcInterface.NETR_SHARE_ENUM,
                    shareEnumRequest(1, resume, 300), FRAG));
            assertEquals(22 - names.size(), page.total());
            page.shares().forEach(s -> names.add(s.name()));
            resume = page.resume();
            calls++;
        } while (page.status() == Win32Error.ERROR_MORE_DATA);
        assertEquals(Win32Error.ERROR_SUCCESS, page.status());
        assertTrue(calls > 2, "paged in " + calls + " calls");
        assertEquals(22, names.size());
        assertEquals("share019", names.get(21));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 501, 502, 1005})
    void shareGetInfoEveryLevel(int level) {
        RpcPipe pipe = bound(SampleInterfaces.ADMIN, 0, FRAG);
        ShareInfo info = parseGetInfo(PipeClient.call(pipe, 2, SrvsvcInterface.NETR_SHARE_GET_INFO,
                shareGetInfoRequest("DATA", level), FRAG), level, Win32Error.ERROR_SUCCESS);
        if (level != 1005) {
            assertEquals("data", info.name());
        }
        if (level == 1 || level == 2 || level == 501 || level == 502) {
            assertEquals("Team data", info.comment());
        }
        if (level == 2 || level == 502) {
            assertEquals("C:\\srv\\data", info.path());
        }
    }

    @Test
    void shareGetInfoFailures() {
        RpcPipe pipe = bound(SampleInterfaces.ADMIN, 0, FRAG);
        assertNull(parseGetInfo(PipeClient.call(pipe, 2, SrvsvcInterface.NETR_SHARE_GET_INFO,
                shareGetInfoRequest("nosuch", 1), FRAG), 1, Win32Error.NERR_NET_NAME_NOT_FOUND));
        byte[] stub = PipeClient.call(pipe, 3, SrvsvcInterface.NETR_SHARE_GET_INFO, shareGetInfoRequest("data", 7),
                FRAG);
        assertEquals("07000000" + "00000000" + "7c000000", hex(stub));
    }

    @Test
    void serverGetInfoLevels() {
        RpcPipe pipe = bound(SampleInterfaces.USER, 0, FRAG);
        for (int level : new int[]{100, 101, 102}) {
            ByteBuf request = Unpooled.buffer();
            NdrWriter w = new NdrWriter(request);
            w.writeUnique("\\\\SIGNET", NdrWriter::writeString);
            w.writeDeferred();
            w.writeU32(level);
            byte[] stub = PipeClient.call(pipe, level, SrvsvcInterface.NETR_SERVER_GET_INFO, PipeClient.bytes(request),
                    FRAG);
            NdrReader r = new NdrReader(Unpooled.wrappedBuffer(stub));
            assertEquals(level, r.readU32());
            List<Object> fields = new ArrayList<>();
            r.readUnique(ir -> {
                fields.add(ir.readU32()); // platform_id
                fields.add(ir.readUnique(NdrReader::readString)); // name
                if (level >= 101) {
                    fields.add(ir.readU32()); // version_major
                    fields.add(ir.readU32()); // version_minor
                    fields.add(ir.readU32()); // type
                    fields.add(ir.readUnique(NdrReader::readString)); // comment
                }
                if (level == 102) {
                    for (int i = 0; i < 6; i++) {
                        ir.readU32(); // users, disc, hidden, announce, anndelta, licenses
                    }
                    fields.add(ir.readUnique(NdrReader::readString)); // userpath
                }
                return null;
            });
            r.readDeferred();
            assertEquals(Win32Error.ERROR_SUCCESS, r.readU32());
            assertEquals(0, r.remaining());
            assertEquals(500, fields.get(0));
            assertEquals("SIGNET", ((NdrPointer<?>) fields.get(1)).get());
            if (level >= 101) {
                assertEquals(10, fields.get(2));
                assertEquals(0x8003, fields.get(4));
                assertEquals("Signet file server", ((NdrPointer<?>) fields.get(5)).get());
            }
        }
        ByteBuf request = Unpooled.buffer();
        new NdrWriter(request).writeU32(0);
        new NdrWriter(request).writeU32(103);
        assertEquals("67000000" + "00000000" + "7c000000", hex(PipeClient.call(pipe, 9,
                SrvsvcInterface.NETR_SERVER_GET_INFO, PipeClient.bytes(request), FRAG)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 14, 17, 20, 22, 65535})
    void unimplementedOpnumsFault(int opnum) {
        RpcPipe pipe = bound(SampleInterfaces.USER, 0, FRAG);
        PipeClient.write(pipe, PipeClient.request(2, opnum, shareEnumRequest(1, null, -1)));
        assertEquals(FaultStatus.NCA_S_OP_RNG_ERROR, PipeClient.faultStatus(PipeClient.single(pipe)));
    }

    @Test
    void truncatedStubIsAnNdrFault() {
        RpcPipe pipe = bound(SampleInterfaces.USER, 0, FRAG);
        byte[] full = shareEnumRequest(1, 0, -1);
        for (int cut = 0; cut < full.length; cut++) {
            byte[] part = java.util.Arrays.copyOf(full, cut);
            PipeClient.write(pipe, PipeClient.request(100 + cut, SrvsvcInterface.NETR_SHARE_ENUM, part));
            assertEquals(FaultStatus.NCA_S_FAULT_NDR, PipeClient.faultStatus(PipeClient.single(pipe)), "cut " + cut);
        }
    }

    /** 52 shares at level 1 need several 1024-byte fragments; the reassembled stub reads back whole. */
    @Test
    void responsesSplitAtTheClientsMaxRecvFrag() {
        RpcPipe pipe = bound(SampleInterfaces.USER, 50, 1024);
        PipeClient.write(pipe, PipeClient.request(2, SrvsvcInterface.NETR_SHARE_ENUM, shareEnumRequest(1, null, -1)));
        List<byte[]> pdus = PipeClient.drain(pipe);
        assertTrue(pdus.size() >= 3, pdus.size() + " fragments");
        EnumResult result = parseEnum(PipeClient.responseStub(pdus, 2, 1024));
        assertEquals(52, result.shares().size());
        assertEquals("share049", result.shares().get(51).name());
        assertEquals("Numbered share 49", result.shares().get(51).comment());
    }

    /** The same response read through a 100-byte window: each PDU comes in pieces flagged as incomplete. */
    @Test
    void smallReadsReturnOnePduInPieces() {
        RpcPipe pipe = bound(SampleInterfaces.USER, 50, 1024);
        PipeClient.write(pipe, PipeClient.request(2, SrvsvcInterface.NETR_SHARE_ENUM, shareEnumRequest(1, null, -1)));
        List<byte[]> pdus = new ArrayList<>();
        ByteBuf current = Unpooled.buffer();
        while (pipe.hasPendingOutput()) {
            PipeRead read = pipe.read(100, ByteBufAllocator.DEFAULT);
            assertTrue(read.data().readableBytes() <= 100);
            current.writeBytes(read.data());
            read.data().release();
            if (!read.messageIncomplete()) {
                pdus.add(ByteBufUtil.getBytes(current));
                current.clear();
            }
        }
        ByteBuf rest = pipe.read(100, ByteBufAllocator.DEFAULT).data();
        assertEquals(0, rest.readableBytes());
        rest.release();
        assertEquals(52, parseEnum(PipeClient.responseStub(pdus, 2, 1024)).shares().size());
    }

    /** A request split into fragments of 16 stub bytes each is reassembled before the call runs. */
    @Test
    void fragmentedRequestsAreReassembled() {
        RpcPipe pipe = bound(SampleInterfaces.USER, 0, FRAG);
        byte[] stub = shareEnumRequest(1, null, -1);
        ByteBuf stream = Unpooled.buffer();
        for (int off = 0; off < stub.length; off += 16) {
            int n = Math.min(16, stub.length - off);
            int flags = (off == 0 ? PduHeader.PFC_FIRST_FRAG : 0) | (off + n == stub.length ? PduHeader.PFC_LAST_FRAG : 0);
            stream.writeBytes(PipeClient.request(5, 0, SrvsvcInterface.NETR_SHARE_ENUM,
                    java.util.Arrays.copyOfRange(stub, off, off + n), flags));
        }
        byte[] bytes = PipeClient.bytes(stream);
        // fed in 7-byte pieces, so fragments also straddle writes
        for (int off = 0; off < bytes.length; off += 7) {
            assertFalse(pipe.hasPendingOutput());
            PipeClient.write(pipe, java.util.Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + 7)));
        }
        EnumResult result = parseEnum(PipeClient.responseStub(PipeClient.drain(pipe), 5, FRAG));
        assertEquals(2, result.shares().size());
        assertArrayEquals(new String[]{"IPC$", "data"}, result.shares().stream().map(ShareInfo::name)
                .toArray(String[]::new));
    }

    @Test
    void resumeHandleBeyondTheListReturnsNothing() {
        RpcPipe pipe = bound(SampleInterfaces.USER, 0, FRAG);
        EnumResult result = parseEnum(PipeClient.call(pipe, 2, SrvsvcInterface.NETR_SHARE_ENUM,
                shareEnumRequest(1, 99, -1), FRAG));
        assertEquals(Win32Error.ERROR_SUCCESS, result.status());
        assertTrue(result.shares().isEmpty());
        assertEquals(0, result.total());
    }

    /** A client may send entries in the [in,out] container; they are read as NDR and otherwise ignored. */
    @Test
    void entriesInTheRequestContainerAreReadAndIgnored() {
        ByteBuf out = Unpooled.buffer();
        NdrWriter w = new NdrWriter(out);
        w.writeUnique(null, NdrWriter::writeString);
        w.writeDeferred();
        w.writeU32(1);
        w.writeU32(1);
        List<ShareInfo> bogus = List.of(new ShareInfo("x", 0, "y", null, 0, 0));
        w.writeUnique(bogus, (cw, list) -> {
            cw.writeU32(list.size());
            cw.writeUnique(list, (aw, l) -> aw.writeConformantArray(l, ShareInfoLevel.LEVEL_1::encode));
        });
        w.writeDeferred();
        w.writeU32(-1);
        w.writeUnique(null, NdrWriter::writeU32);
        RpcPipe pipe = bound(SampleInterfaces.USER, 0, FRAG);
        EnumResult result = parseEnum(PipeClient.call(pipe, 2, SrvsvcInterface.NETR_SHARE_ENUM, PipeClient.bytes(out),
                FRAG));
        assertEquals(List.of("IPC$", "data"), result.shares().stream().map(ShareInfo::name).toList());
    }
}
