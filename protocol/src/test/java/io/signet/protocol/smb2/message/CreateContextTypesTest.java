package io.signet.protocol.smb2.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.protocol.dtyp.SecurityDescriptor;
import io.signet.protocol.dtyp.Sid;
import io.signet.protocol.fscc.ExtendedAttribute;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CreateContextTypesTest extends MessageTestSupport {

    @Test
    void decodesTheFixtureChainIntoTypedValuesAndKeepsUnknownOnesRaw() {
        CreateRequest request = CreateRequest.decode(message(Smb2Command.CREATE, CreateTest.REQUEST));
        List<Object> typed = CreateContextTypes.decodeAll(request.createContexts());
        assertEquals(new MaximalAccessRequest(OptionalLong.empty()), typed.get(0));
        assertEquals(new DurableHandleRequest(), typed.get(1));
        assertEquals(new QueryOnDiskIdRequest(), typed.get(2));
        assertEquals(new MaximalAccessRequest(OptionalLong.empty()), request.context(MaximalAccessRequest.class).get());
        assertTrue(request.hasContext(QueryOnDiskIdRequest.class));
        assertFalse(request.context(AllocationSizeRequest.class).isPresent());
        assertFalse(request.hasContext(TimewarpTokenRequest.class));
    }

    @Test
    void decodesSpecLayouts() {
        assertEquals(new MaximalAccessRequest(OptionalLong.of(0x01d0000000000000L)),
                MaximalAccessRequest.decode(wrap("000000000000d001")));
        assertEquals(new AllocationSizeRequest(0x100000), AllocationSizeRequest.decode(wrap("0000100000000000")));
        assertEquals(new TimewarpTokenRequest(0x01d0000000000000L),
                TimewarpTokenRequest.decode(wrap("000000000000d001")));
        assertEquals(new MaximalAccessResponse(0, 0x001f01ff), MaximalAccessResponse.decode(wrap("00000000ff011f00")));
        assertEquals(new QueryOnDiskIdResponse(0x0807060504030201L, 0),
                QueryOnDiskIdResponse.decode(wrap("0102030405060708" + "00".repeat(24))));
        // [MS-SMB2] 2.2.13.2.12: FileId 1:2, CreateGuid 00..0f, Flags 0
        assertEquals(new DurableHandleReconnectV2(new FileId(1, 2), new CreateGuid(0x0001020304050607L,
                        0x08090a0b0c0d0e0fL), 0),
                DurableHandleReconnectV2.decode(wrap("0100000000000000" + "0200000000000000"
                        + "000102030405060708090a0b0c0d0e0f" + "00000000")));
        // [MS-SMB2] 2.2.13.2.11: Timeout 60000 ms, Flags 0, Reserved, CreateGuid
        assertEquals(new DurableHandleRequestV2(60000, 0, new CreateGuid(0x0001020304050607L, 0x08090a0b0c0d0e0fL)),
                DurableHandleRequestV2.decode(wrap("60ea0000" + "00000000" + "0000000000000000"
                        + "000102030405060708090a0b0c0d0e0f")));
        // [MS-SMB2] 2.2.13.2.13: StructureSize 20, Reserved, AppInstanceId
        assertEquals(new AppInstanceId(new CreateGuid(0x0001020304050607L, 0x08090a0b0c0d0e0fL)),
                AppInstanceId.decode(wrap("1400" + "0000" + "000102030405060708090a0b0c0d0e0f")));
        // [MS-FSCC] 2.4.15: one entry, no next, flags 0, name "AB" (2), value "xy" (2)
        EaBufferRequest eas = EaBufferRequest.decode(wrap("00000000" + "00" + "02" + "0200" + "414200" + "7879"));
        assertEquals(List.of(new ExtendedAttribute(0, "AB", new byte[] {'x', 'y'})), eas.eas());
        // [MS-DTYP] 2.4.6 self-relative, owner only: S-1-5-32-544 at offset 20
        SecurityDescriptorRequest sd = SecurityDescriptorRequest.decode(wrap("01000180" + "14000000" + "00000000"
                + "00000000" + "00000000" + "010200000000000520000000" + "20020000"));
        assertEquals(Sid.parse("S-1-5-32-544"), sd.securityDescriptor().owner());
    }

    @Test
    void durableContextsOfAnotherLengthAreInvalid() {
        assertThrows(SmbException.class, () -> DurableHandleRequest.decode(wrap("00".repeat(15))));
        assertThrows(SmbException.class, () -> DurableHandleReconnect.decode(wrap("00".repeat(17))));
        assertThrows(SmbException.class, () -> DurableHandleRequestV2.decode(wrap("00".repeat(31))));
        assertThrows(SmbException.class, () -> DurableHandleReconnectV2.decode(wrap("00".repeat(32))));
        assertThrows(SmbException.class, () -> AppInstanceId.decode(wrap("00".repeat(24))));
    }

    @Test
    void everyTypedContextRoundTrips() {
        SecurityDescriptor descriptor = new SecurityDescriptor(SecurityDescriptor.SE_SELF_RELATIVE,
                Sid.parse("S-1-5-32-544"), Sid.parse("S-1-5-18"), null, null);
        List<CreateContextData> values = List.of(
                new MaximalAccessRequest(OptionalLong.empty()),
                new MaximalAccessRequest(OptionalLong.of(42)),
                new QueryOnDiskIdRequest(),
                new AllocationSizeRequest(8192),
                new TimewarpTokenRequest(0x01d0000000000000L),
                new EaBufferRequest(List.of(new ExtendedAttribute(0, "USER.X", new byte[] {1, 2, 3}))),
                new SecurityDescriptorRequest(descriptor),
                new DurableHandleRequest(),
                new DurableHandleReconnect(new FileId(0x1122334455667788L, 7)),
                new DurableHandleRequestV2(30000, 0, new CreateGuid(0x0102030405060708L, 0x090a0b0c0d0e0f10L)),
                new DurableHandleRequestV2(0, DurableHandleRequestV2.FLAG_PERSISTENT, new CreateGuid(-1, 1)),
                new DurableHandleReconnectV2(new FileId(5, 6), new CreateGuid(9, 10), 0),
                new AppInstanceId(new CreateGuid(0x0123456789abcdefL, 0x1L)));
        for (CreateContextData v : values) {
            CreateContext c = v.toContext();
            track(c.data());
            assertEquals(v.contextName(), c.name());
            assertEquals(v, CreateContextTypes.decode(c), v.toString());
        }
        MaximalAccessResponse mxac = new MaximalAccessResponse(NtStatus.STATUS_SUCCESS.code(), 0x001200a9);
        assertEquals(mxac, MaximalAccessResponse.decode(track(mxac.encode())));
        assertEquals(new DurableHandleResponse(), DurableHandleResponse.decode(track(new DurableHandleResponse().encode())));
        DurableHandleResponseV2 dh2q = new DurableHandleResponseV2(60000, 0);
        assertEquals(dh2q, DurableHandleResponseV2.decode(track(dh2q.encode())));
        QueryOnDiskIdResponse qfid = new QueryOnDiskIdResponse(77, 5);
        assertEquals(qfid, QueryOnDiskIdResponse.decode(track(qfid.encode())));
    }

    @Test
    void responsesEncodeAsWindowsSendsThem() {
        assertEquals("00000000ff011f00",
                ByteBufUtil.hexDump(track(new MaximalAccessResponse(0, 0x001f01ff).encode())));
        assertEquals("0102030405060708" + "00".repeat(24),
                ByteBufUtil.hexDump(track(new QueryOnDiskIdResponse(0x0807060504030201L, 0).encode())));
    }

    @Test
    void malformedDataIsRefusedWithItsStatus() {
        assertInvalidParameter(() -> AllocationSizeRequest.decode(wrap("00001000")));
        assertInvalidParameter(() -> AllocationSizeRequest.decode(wrap("ffffffffffffffff")));
        assertInvalidParameter(() -> TimewarpTokenRequest.decode(wrap("0000")));
        SmbException ea = assertThrows(SmbException.class, () -> EaBufferRequest.decode(wrap("00000000000502")));
        assertEquals(NtStatus.STATUS_EA_LIST_INCONSISTENT, ea.status());
        // A registered context is decoded only when asked for: the request itself still decodes.
        CreateContext badSize = new CreateContext(CreateContext.ALLOCATION_SIZE, wrap("0102"));
        assertInvalidParameter(() -> CreateContextTypes.decode(badSize));
    }

    @Test
    void presenceOnlyContextsAcceptAnyData() {
        assertEquals(new MaximalAccessRequest(OptionalLong.empty()), MaximalAccessRequest.decode(wrap("0102")));
        assertEquals(new QueryOnDiskIdRequest(), QueryOnDiskIdRequest.decode(wrap("0102030405")));
        assertEquals(0, new QueryOnDiskIdRequest().encode().readableBytes());
        assertSame(Unpooled.EMPTY_BUFFER, new MaximalAccessRequest(OptionalLong.empty()).encode());
    }

    @Test
    void anUnregisteredTypeHasNoName() {
        assertThrows(IllegalArgumentException.class, () -> CreateContextTypes.nameOf(MaximalAccessResponse.class));
    }
}
