package io.signet.protocol.smb2.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.smb2.CreateAction;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.ImpersonationLevel;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.smb2.Smb2Command;
import java.util.List;
import org.junit.jupiter.api.Test;

class CreateTest extends MessageTestSupport {

    /** The fixed part of the CREATE request fixture, up to and including NameLength. */
    static final String REQUEST_FIXED = ""
            + "3900"            // StructureSize 57
            + "00"              // SecurityFlags
            + "00"              // RequestedOplockLevel NONE
            + "02000000"        // ImpersonationLevel Impersonation
            + "0000000000000000" // SmbCreateFlags
            + "0000000000000000" // Reserved
            + "89001200"        // DesiredAccess 0x00120089 (FILE_GENERIC_READ)
            + "80000000"        // FileAttributes NORMAL
            + "07000000"        // ShareAccess READ|WRITE|DELETE
            + "01000000"        // CreateDisposition FILE_OPEN
            + "40000000"        // CreateOptions FILE_NON_DIRECTORY_FILE
            + "7800"            // NameOffset 0x78
            + "1800";           // NameLength 24

    /** UTF-16LE of dir\file.txt, 24 bytes. */
    static final String NAME_HEX = "640069007200" + "5c00" + "660069006c0065002e00740078007400";

    /**
     * [MS-SMB2] 2.2.13 and 2.2.13.2: dir\file.txt with MxAc, DHnQ (16 bytes of data) and QFid, the way Windows
     * orders a plain open. Name at 0x78..0x8f, contexts at 0x90: MxAc 0x90 (20 bytes, Next 24), DHnQ 0xa8
     * (data at +24, 40 bytes, Next 40), QFid 0xd0 (20 bytes, last). Chain length 24 + 40 + 20 = 84.
     */
    static final String REQUEST = REQUEST_FIXED
            + "90000000"        // CreateContextsOffset 0x90
            + "54000000"        // CreateContextsLength 84
            + NAME_HEX
            + "18000000" + "1000" + "0400" + "0000" + "0000" + "00000000" // MxAc: Next 24, name at 16, no data
            + "4d784163" + "00000000"                                      // "MxAc", padding
            + "28000000" + "1000" + "0400" + "0000" + "1800" + "10000000" // DHnQ: Next 40, data at 24, 16 bytes
            + "44486e51" + "00000000"                                      // "DHnQ", padding
            + "00000000000000000000000000000000"                           // DHnQ data (reserved, 16 bytes)
            + "00000000" + "1000" + "0400" + "0000" + "0000" + "00000000" // QFid: last, no data
            + "51466964";                                                  // "QFid"

    /** Opening the share root: empty name, no contexts, and the one Buffer byte StructureSize 57 counts. */
    static final String ROOT_REQUEST = ""
            + "3900" + "00" + "00" + "02000000" + "0000000000000000" + "0000000000000000"
            + "80000000"        // DesiredAccess FILE_READ_ATTRIBUTES
            + "00000000"        // FileAttributes
            + "07000000"        // ShareAccess
            + "01000000"        // FILE_OPEN
            + "01000000"        // FILE_DIRECTORY_FILE
            + "7800" + "0000"   // NameOffset 0x78, NameLength 0
            + "00000000" + "00000000" // no create contexts
            + "00";             // Buffer

    /**
     * [MS-SMB2] 2.2.14 with an MxAc response context ([MS-SMB2] 2.2.14.2.5: QueryStatus, MaximalAccess) at 0x98,
     * right after the 88-byte fixed part.
     */
    static final String RESPONSE = ""
            + "5900"            // StructureSize 89
            + "01"              // OplockLevel II
            + "00"              // Flags
            + "01000000"        // CreateAction FILE_OPENED
            + "e5d4c3b2a1c0d901" // CreationTime 0x01D9C0A1B2C3D4E5
            + "e6d4c3b2a1c0d901" // LastAccessTime
            + "e7d4c3b2a1c0d901" // LastWriteTime
            + "e8d4c3b2a1c0d901" // ChangeTime
            + "0010000000000000" // AllocationSize 4096
            + "d204000000000000" // EndofFile 1234
            + "20000000"        // FileAttributes ARCHIVE
            + "00000000"        // Reserved2
            + FILE_ID_HEX       // FileId
            + "98000000"        // CreateContextsOffset 0x98
            + "20000000"        // CreateContextsLength 32
            + "00000000" + "1000" + "0400" + "0000" + "1800" + "08000000" // MxAc: data at 24, 8 bytes
            + "4d784163" + "00000000"                                      // "MxAc", padding
            + "00000000" + "ff011f00";                                     // QueryStatus 0, MaximalAccess

    @Test
    void requestFixtureDecodes() {
        CreateRequest request = CreateRequest.decode(message(Smb2Command.CREATE, REQUEST));
        assertEquals(OplockLevel.NONE.code(), request.requestedOplockLevel());
        assertEquals(ImpersonationLevel.IMPERSONATION, request.impersonationLevel());
        assertEquals(0x00120089, request.desiredAccess());
        assertEquals(0x80, request.fileAttributes());
        assertEquals(ShareAccess.FILE_SHARE_READ | ShareAccess.FILE_SHARE_WRITE | ShareAccess.FILE_SHARE_DELETE,
                request.shareAccess());
        assertEquals(CreateDisposition.OPEN.code(), request.createDisposition());
        assertEquals(CreateOptions.NON_DIRECTORY_FILE, request.createOptions());
        assertEquals("dir\\file.txt", request.name());
        List<CreateContext> contexts = request.createContexts();
        assertEquals(List.of("MxAc", "DHnQ", "QFid"), contexts.stream().map(CreateContext::name).toList());
        assertEquals(0, contexts.get(0).data().readableBytes());
        assertEquals(16, contexts.get(1).data().readableBytes());
        assertTrue(request.context(CreateContext.DURABLE_HANDLE_REQUEST).isPresent());
        assertFalse(request.context(CreateContext.LEASE).isPresent());
    }

    @Test
    void requestEncodesToTheFixture() {
        CreateRequest request = new CreateRequest(0, 2, 0x00120089, 0x80, 7, 1, 0x40, "dir\\file.txt", List.of(
                new CreateContext("MxAc", Unpooled.EMPTY_BUFFER),
                new CreateContext("DHnQ", wrap("00000000000000000000000000000000")),
                new CreateContext("QFid", Unpooled.EMPTY_BUFFER)));
        ByteBuf encoded = encode(Smb2Command.CREATE, request::encode);
        assertEquals(normalize(REQUEST), bodyHex(encoded));
        assertEquals(request, CreateRequest.decode(encoded));
    }

    @Test
    void contextDataIsABorrowedSliceOfTheMessage() {
        ByteBuf msg = message(Smb2Command.CREATE, REQUEST);
        ByteBuf data = CreateRequest.decode(msg).createContexts().get(1).data();
        msg.setByte(0xa8 + 24, 0x5a);
        assertEquals(0x5a, data.getByte(data.readerIndex()));
    }

    @Test
    void emptyNameOpensTheRoot() {
        CreateRequest request = CreateRequest.decode(message(Smb2Command.CREATE, ROOT_REQUEST));
        assertEquals("", request.name());
        assertEquals(List.of(), request.createContexts());
        assertEquals(CreateOptions.DIRECTORY_FILE, request.createOptions());
    }

    @Test
    void requestRoundTripsWithDataEverywhere() {
        CreateRequest request = new CreateRequest(OplockLevel.LEASE.code(), 2, 0x0013019F, 0x20,
                ShareAccess.FILE_SHARE_READ, CreateDisposition.OVERWRITE_IF.code(),
                CreateOptions.NON_DIRECTORY_FILE | CreateOptions.DELETE_ON_CLOSE, "a\\b\\c.d", List.of(
                        new CreateContext(CreateContext.LEASE, wrap("0102030405060708090a0b0c0d0e0f10"
                                + "07000000" + "00000000" + "0000000000000000" + "1112131415161718191a1b1c1d1e1f20"
                                + "0300" + "0000")),
                        new CreateContext(CreateContext.ALLOCATION_SIZE, wrap("0000100000000000")),
                        new CreateContext(CreateContext.EA_BUFFER, wrap("0102030405"))));
        assertEquals(request, CreateRequest.decode(encode(Smb2Command.CREATE, request::encode)));
    }

    @Test
    void responseEncodesToTheFixtureAndDecodes() {
        CreateResponse response = new CreateResponse(OplockLevel.II.code(), 0, CreateAction.OPENED.code(),
                0x01D9C0A1B2C3D4E5L, 0x01D9C0A1B2C3D4E6L, 0x01D9C0A1B2C3D4E7L, 0x01D9C0A1B2C3D4E8L, 4096, 1234, 0x20,
                FILE_ID, List.of(new CreateContext(CreateContext.QUERY_MAXIMAL_ACCESS, wrap("00000000ff011f00"))));
        assertEquals(normalize(RESPONSE), bodyHex(encode(Smb2Command.CREATE, response::encode)));
        assertEquals(response, CreateResponse.decode(message(Smb2Command.CREATE, RESPONSE)));
    }

    @Test
    void responseWithoutContextsHasZeroOffset() {
        CreateResponse response = new CreateResponse(0, CreateResponse.FLAG_REPARSEPOINT, CreateAction.CREATED.code(),
                1, 2, 3, 4, 0, 0, 0x10, FileId.ANY, List.of());
        ByteBuf encoded = encode(Smb2Command.CREATE, response::encode);
        assertEquals(64 + 88, encoded.readableBytes());
        assertEquals(0, encoded.getIntLE(64 + 80));
        assertEquals(response, CreateResponse.decode(encoded));
    }

    @Test
    void responseRoundTripsSeveralContexts() {
        CreateResponse response = new CreateResponse(OplockLevel.LEASE.code(), 0, CreateAction.CREATED.code(),
                -1L, 0, Long.MAX_VALUE, 42, 8192, 8000, 0x80, FILE_ID, List.of(
                        new CreateContext(CreateContext.QUERY_MAXIMAL_ACCESS, wrap("00000000ff011f00")),
                        new CreateContext(CreateContext.QUERY_ON_DISK_ID, wrap("0102030405060708" + "00".repeat(24))),
                        new CreateContext(CreateContext.DURABLE_HANDLE_REQUEST_V2, wrap("00000000" + "00000000"))));
        assertEquals(response, CreateResponse.decode(encode(Smb2Command.CREATE, response::encode)));
    }

    // ---- malformed requests ----

    @Test
    void wrongStructureSizeIsRejected() {
        assertRejected(Smb2Command.CREATE, "3800" + REQUEST.substring(4), CreateRequest::decode);
    }

    @Test
    void nameLengthPastTheEndIsRejected() {
        String body = REQUEST_FIXED.replace("7800" + "1800", "7800" + "2000") + "00000000" + "00000000" + NAME_HEX;
        assertRejected(Smb2Command.CREATE, body, CreateRequest::decode);
    }

    @Test
    void nameInsideTheFixedPartIsRejected() {
        String body = REQUEST_FIXED.replace("7800" + "1800", "7000" + "1800") + "00000000" + "00000000" + NAME_HEX;
        assertRejected(Smb2Command.CREATE, body, CreateRequest::decode);
    }

    @Test
    void oddNameLengthIsRejected() {
        String body = REQUEST_FIXED.replace("7800" + "1800", "7800" + "1700") + "00000000" + "00000000" + NAME_HEX;
        assertRejected(Smb2Command.CREATE, body, CreateRequest::decode);
    }

    @Test
    void contextsLengthPastTheEndIsRejected() {
        assertRejected(Smb2Command.CREATE, REQUEST.replace("90000000" + "54000000", "90000000" + "58000000"),
                CreateRequest::decode);
    }

    @Test
    void contextsOffsetPastTheEndIsRejected() {
        assertRejected(Smb2Command.CREATE, REQUEST.replace("90000000" + "54000000", "00010000" + "54000000"),
                CreateRequest::decode);
    }

    @Test
    void misalignedContextsOffsetIsRejected() {
        String body = REQUEST_FIXED + "94000000" + "14000000" + NAME_HEX + "00000000"
                + "00000000" + "1000" + "0400" + "0000" + "0000" + "00000000" + "51466964";
        assertRejected(Smb2Command.CREATE, body, CreateRequest::decode);
    }

    /** A chain of one context whose header fields are given, followed by "QFid" and 4 more bytes. */
    private static String chainOf(String next, String nameOffset, String nameLength, String dataOffset,
                                  String dataLength) {
        return REQUEST_FIXED + "90000000" + "18000000" + NAME_HEX
                + next + nameOffset + nameLength + "0000" + dataOffset + dataLength + "51466964" + "00000000";
    }

    @Test
    void wellFormedSingleContextChainDecodes() {
        String body = chainOf("00000000", "1000", "0400", "0000", "00000000");
        CreateRequest request = CreateRequest.decode(message(Smb2Command.CREATE, body));
        assertEquals("QFid", request.createContexts().get(0).name());
    }

    @Test
    void nextPointingBackwardsIsRejected() {
        // -24 as an unsigned 32-bit value: a step back to the previous context.
        assertRejected(Smb2Command.CREATE, chainOf("e8ffffff", "1000", "0400", "0000", "00000000"),
                CreateRequest::decode);
    }

    @Test
    void nextInsideItsOwnHeaderIsRejected() {
        assertRejected(Smb2Command.CREATE, chainOf("08000000", "1000", "0400", "0000", "00000000"),
                CreateRequest::decode);
    }

    @Test
    void nextPastTheEndIsRejected() {
        assertRejected(Smb2Command.CREATE, chainOf("20000000", "1000", "0400", "0000", "00000000"),
                CreateRequest::decode);
    }

    @Test
    void misalignedNextIsRejected() {
        assertRejected(Smb2Command.CREATE, REQUEST.replace("18000000" + "1000" + "0400" + "0000" + "0000",
                "14000000" + "1000" + "0400" + "0000" + "0000"), CreateRequest::decode);
    }

    @Test
    void nameOutsideTheContextIsRejected() {
        assertRejected(Smb2Command.CREATE, chainOf("00000000", "1000", "1000", "0000", "00000000"),
                CreateRequest::decode);
        assertRejected(Smb2Command.CREATE, chainOf("00000000", "0800", "0400", "0000", "00000000"),
                CreateRequest::decode);
        assertRejected(Smb2Command.CREATE, chainOf("00000000", "1000", "0000", "0000", "00000000"),
                CreateRequest::decode);
    }

    @Test
    void namesShorterThanATagAreRejected() {
        // "QFi", "QF", "Q": Windows answers STATUS_INVALID_PARAMETER; 4 bytes and longer are accepted.
        for (String length : new String[]{"0300", "0200", "0100"}) {
            assertRejected(Smb2Command.CREATE, chainOf("00000000", "1000", length, "0000", "00000000"),
                    CreateRequest::decode);
        }
        String eightBytes = chainOf("00000000", "1000", "0800", "0000", "00000000");
        assertEquals(8, CreateRequest.decode(message(Smb2Command.CREATE, eightBytes)).createContexts().get(0)
                .name().length());
    }

    @Test
    void dataOutsideTheContextIsRejected() {
        assertRejected(Smb2Command.CREATE, chainOf("00000000", "1000", "0400", "1800", "08000000"),
                CreateRequest::decode);
    }

    @Test
    void misalignedDataIsRejected() {
        assertRejected(Smb2Command.CREATE, chainOf("00000000", "1000", "0400", "1400", "04000000"),
                CreateRequest::decode);
    }

    @Test
    void dataOverlappingTheNameIsRejected() {
        assertRejected(Smb2Command.CREATE, chainOf("00000000", "1000", "0400", "1000", "04000000"),
                CreateRequest::decode);
    }

    @Test
    void contextHeaderCutShortIsRejected() {
        // 12 bytes: Next, NameOffset, NameLength, Reserved, DataOffset, but no DataLength.
        String body = REQUEST_FIXED + "90000000" + "0c000000" + NAME_HEX
                + "00000000" + "1000" + "0400" + "0000" + "0000";
        assertRejected(Smb2Command.CREATE, body, CreateRequest::decode);
    }

    /** A request whose chain is {@code count} MxAc contexts with no data, 24 bytes apart. */
    private static String mxAcChain(int count) {
        StringBuilder chain = new StringBuilder();
        for (int i = 0; i < count; i++) {
            boolean last = i == count - 1;
            chain.append(last ? "00000000" : "18000000").append("1000").append("0400").append("0000")
                    .append("0000").append("00000000").append("4d784163").append(last ? "" : "00000000");
        }
        int length = 24 * (count - 1) + 20;
        return REQUEST_FIXED + "90000000" + String.format("%02x%02x0000", length & 0xFF, length >> 8)
                + NAME_HEX + chain;
    }

    @Test
    void thirtyTwoContextsAreAcceptedAndThirtyThreeRejected() {
        String limit = mxAcChain(CreateContext.MAX_CONTEXTS);
        assertEquals(32, CreateRequest.decode(message(Smb2Command.CREATE, limit)).createContexts().size());
        assertRejected(Smb2Command.CREATE, mxAcChain(CreateContext.MAX_CONTEXTS + 1), CreateRequest::decode);
    }

    @Test
    void responseContextChainIsCheckedToo() {
        assertRejected(Smb2Command.CREATE, RESPONSE.replace("98000000" + "20000000", "98000000" + "28000000"),
                CreateResponse::decode);
    }

    @Test
    void truncatedResponseIsRejected() {
        assertRejected(Smb2Command.CREATE, RESPONSE.substring(0, 2 * 80), CreateResponse::decode);
    }
}
