package io.signet.protocol.rpc.lsarpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.dtyp.Sid;
import io.signet.protocol.rpc.FaultStatus;
import io.signet.protocol.rpc.PipeClient;
import io.signet.protocol.rpc.RpcFault;
import io.signet.protocol.rpc.RpcPipe;
import io.signet.protocol.rpc.SampleInterfaces;
import io.signet.protocol.rpc.ndr.NdrReader;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** lsarpc ([MS-LSAD]): policy handles and the three identity classes, byte for byte. */
class LsarpcInterfaceTest {
    static final Sid MACHINE = Sid.of(Sid.NT_AUTHORITY, 21, 1, 2, 3);
    static final LsaIdentity IDENTITY = LsaIdentity.of("SIGNET", "WORKGROUP", MACHINE);

    static final int SUCCESS = 0;
    static final int INVALID_HANDLE = 0xC0000008;
    static final int INVALID_PARAMETER = 0xC000000D;

    /** LsarOpenPolicy2: SystemName "\\S", ObjectAttributes with only a QoS, DesiredAccess MAXIMUM_ALLOWED. */
    static final String OPEN_POLICY2 = """
            00000200 04000000 00000000 04000000 5c005c00 53000000   // SystemName
            18000000                                                // ObjectAttributes.Length
            00000000 00000000                                       // RootDirectory, ObjectName
            00000000                                                // Attributes
            00000000 04000200                                       // SecurityDescriptor, SecurityQualityOfService
            0c000000 0200 01 00                                     // QoS: Length, Impersonation, tracking, effective
            00000002                                                // DesiredAccess
            """;

    /** LsarOpenPolicy: SystemName a single wchar_t '\\', then two bytes of padding; no QoS. */
    static final String OPEN_POLICY = """
            00000200 5c00 0000                                      // SystemName
            18000000 00000000 00000000 00000000 00000000 00000000   // ObjectAttributes
            01000000                                                // DesiredAccess POLICY_VIEW_LOCAL_INFORMATION
            """;

    static byte[] invoke(LsarpcInterface lsa, int opnum, byte[] stub) {
        ByteBuf out = lsa.invoke(opnum, new NdrReader(Unpooled.wrappedBuffer(stub)), SampleInterfaces.USER);
        return PipeClient.bytes(out); // releases out
    }

    static byte[] open(LsarpcInterface lsa) {
        byte[] out = invoke(lsa, LsarpcInterface.LSAR_OPEN_POLICY2, PipeClient.hex(OPEN_POLICY2));
        assertEquals(24, out.length);
        assertEquals(SUCCESS, status(out));
        return Arrays.copyOf(out, 20);
    }

    static int status(byte[] stub) {
        return Unpooled.wrappedBuffer(stub).getIntLE(stub.length - 4);
    }

    static byte[] query(byte[] handle, int infoClass) {
        return concat(handle, new byte[] {(byte) infoClass, (byte) (infoClass >> 8)});
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void openPolicy2HandsOutDistinctHandles() {
        LsarpcInterface lsa = new LsarpcInterface(IDENTITY);
        byte[] first = open(lsa);
        byte[] second = open(lsa);
        assertArrayEquals(new byte[4], Arrays.copyOf(first, 4)); // context handle attributes
        assertFalse(Arrays.equals(new byte[20], first));
        assertFalse(Arrays.equals(first, second));
        assertEquals(2, lsa.openHandles());
        // a handle is only valid on the pipe that opened it
        assertEquals(INVALID_HANDLE, status(invoke(new LsarpcInterface(IDENTITY),
                LsarpcInterface.LSAR_QUERY_INFORMATION_POLICY2, query(first, 5))));
    }

    @Test
    void openPolicyWithItsOneCharacterSystemName() {
        LsarpcInterface lsa = new LsarpcInterface(IDENTITY);
        byte[] out = invoke(lsa, LsarpcInterface.LSAR_OPEN_POLICY, PipeClient.hex(OPEN_POLICY));
        assertEquals(24, out.length);
        assertEquals(SUCCESS, status(out));
        assertEquals(SUCCESS, status(invoke(lsa, LsarpcInterface.LSAR_QUERY_INFORMATION_POLICY,
                query(Arrays.copyOf(out, 20), 3))));
    }

    @Test
    void rootDirectoryMustBeNull() {
        LsarpcInterface lsa = new LsarpcInterface(IDENTITY);
        byte[] out = invoke(lsa, LsarpcInterface.LSAR_OPEN_POLICY2, PipeClient.hex("""
                00000000                                                // SystemName
                18000000 00000200 00000000 00000000 00000000 00000000   // ObjectAttributes, RootDirectory set
                07                                                      // *RootDirectory
                000000 00000002                                         // DesiredAccess
                """));
        assertEquals(PipeClient.hex(new byte[20]) + "0d0000c0", PipeClient.hex(out));
        assertEquals(0, lsa.openHandles());
    }

    @Test
    void objectNameAndSecurityDescriptorAreIgnored() {
        LsarpcInterface lsa = new LsarpcInterface(IDENTITY);
        byte[] withName = invoke(lsa, LsarpcInterface.LSAR_OPEN_POLICY2, PipeClient.hex("""
                00000000                                                // SystemName
                18000000 00000000 00000200 00000000 00000000 00000000   // ObjectAttributes, ObjectName set
                0200 0400 04000200                                      // STRING: Length 2, MaximumLength 4
                04000000 00000000 02000000 4142 0000                    // Buffer "AB"
                00000002                                                // DesiredAccess
                """));
        assertEquals(SUCCESS, status(withName));
        byte[] withSd = invoke(lsa, LsarpcInterface.LSAR_OPEN_POLICY2, PipeClient.hex("""
                00000000                                                // SystemName
                18000000 00000000 00000000 00000000 00000200 00000000   // ObjectAttributes, SecurityDescriptor set
                01000480 00000000 00000000 00000000 00000000            // the descriptor, never read
                00000002                                                // DesiredAccess
                """));
        assertEquals(SUCCESS, status(withSd));
        assertEquals(2, lsa.openHandles());
    }

    @Test
    void accountDomainInformation() {
        LsarpcInterface lsa = new LsarpcInterface(IDENTITY);
        byte[] handle = open(lsa);
        byte[] out = invoke(lsa, LsarpcInterface.LSAR_QUERY_INFORMATION_POLICY2, query(handle, 5));
        assertEquals(PipeClient.hex(PipeClient.hex("""
                00000200                                 // PolicyInformation
                0500 0000                                // PolicyAccountDomainInformation, padding
                0c00 0e00 04000200                       // DomainName: Length 12, MaximumLength 14, Buffer
                08000200                                 // DomainSid
                07000000 00000000 06000000               // max_count, offset, actual_count
                53004900 47004e00 45005400               // "SIGNET"
                04000000                                 // RPC_SID conformance: SubAuthorityCount
                01 04 000000000005                       // Revision, SubAuthorityCount, IdentifierAuthority
                15000000 01000000 02000000 03000000      // S-1-5-21-1-2-3
                00000000                                 // STATUS_SUCCESS
                """)), PipeClient.hex(out));
        // the older opnum answers the same
        assertArrayEquals(out, invoke(lsa, LsarpcInterface.LSAR_QUERY_INFORMATION_POLICY, query(handle, 5)));
    }

    @Test
    void primaryDomainInformation() {
        LsarpcInterface lsa = new LsarpcInterface(IDENTITY);
        byte[] out = invoke(lsa, LsarpcInterface.LSAR_QUERY_INFORMATION_POLICY, query(open(lsa), 3));
        assertEquals(PipeClient.hex(PipeClient.hex("""
                00000200                                 // PolicyInformation
                0300 0000                                // PolicyPrimaryDomainInformation, padding
                1200 1400 04000200                       // Name: Length 18, MaximumLength 20, Buffer
                00000000                                 // Sid: none for a workgroup member
                0a000000 00000000 09000000               // max_count, offset, actual_count
                57004f00 52004b00 47005200 4f005500 5000 // "WORKGROUP"
                0000                                     // padding
                00000000                                 // STATUS_SUCCESS
                """)), PipeClient.hex(out));
    }

    @Test
    void dnsDomainInformation() {
        LsarpcInterface lsa = new LsarpcInterface(IDENTITY);
        byte[] out = invoke(lsa, LsarpcInterface.LSAR_QUERY_INFORMATION_POLICY2, query(open(lsa), 12));
        assertEquals(PipeClient.hex(PipeClient.hex("""
                00000200                                 // PolicyInformation
                0c00 0000                                // PolicyDnsDomainInformation, padding
                1200 1400 04000200                       // Name
                0000 0000 00000000                       // DnsDomainName: empty
                0000 0000 00000000                       // DnsForestName: empty
                00000000 0000 0000 0000000000000000      // DomainGuid: none
                00000000                                 // Sid: none
                0a000000 00000000 09000000               // Name's max_count, offset, actual_count
                57004f00 52004b00 47005200 4f005500 5000 // "WORKGROUP"
                0000                                     // padding
                00000000                                 // STATUS_SUCCESS
                """)), PipeClient.hex(out));
    }

    @Test
    void otherClassesAreInvalidParameters() {
        LsarpcInterface lsa = new LsarpcInterface(IDENTITY);
        byte[] handle = open(lsa);
        for (int infoClass : new int[] {0, 1, 2, 4, 6, 11, 13, 14, 0xFFFF}) {
            assertEquals("00000000" + "0d0000c0", PipeClient.hex(
                    invoke(lsa, LsarpcInterface.LSAR_QUERY_INFORMATION_POLICY2, query(handle, infoClass))));
        }
    }

    @Test
    void closeZeroesTheHandleAndForgetsIt() {
        LsarpcInterface lsa = new LsarpcInterface(IDENTITY);
        byte[] handle = open(lsa);
        assertEquals(PipeClient.hex(new byte[20]) + "00000000",
                PipeClient.hex(invoke(lsa, LsarpcInterface.LSAR_CLOSE, handle)));
        assertEquals(0, lsa.openHandles());
        assertEquals(PipeClient.hex(handle) + "080000c0",
                PipeClient.hex(invoke(lsa, LsarpcInterface.LSAR_CLOSE, handle)));
        assertEquals("00000000" + "080000c0",
                PipeClient.hex(invoke(lsa, LsarpcInterface.LSAR_QUERY_INFORMATION_POLICY2, query(handle, 5))));
        assertEquals(PipeClient.hex(new byte[20]) + "080000c0",
                PipeClient.hex(invoke(lsa, LsarpcInterface.LSAR_CLOSE, new byte[20])));
    }

    @Test
    void handlesPerPipeAreBounded() {
        LsarpcInterface lsa = new LsarpcInterface(IDENTITY);
        for (int i = 0; i < LsarpcInterface.MAX_HANDLES; i++) {
            open(lsa);
        }
        byte[] out = invoke(lsa, LsarpcInterface.LSAR_OPEN_POLICY2, PipeClient.hex(OPEN_POLICY2));
        assertEquals(PipeClient.hex(new byte[20]) + "9a0000c0", PipeClient.hex(out));
    }

    @Test
    void malformedStubsAreNdrFaults() {
        LsarpcInterface lsa = new LsarpcInterface(IDENTITY);
        byte[] handle = open(lsa);
        byte[][] bad = {
            PipeClient.hex("00000200 04000000 00000000 04000000 5c005c00 53004100"), // SystemName without NUL
            Arrays.copyOf(PipeClient.hex(OPEN_POLICY2), 40),                      // cut in ObjectAttributes
            Arrays.copyOf(PipeClient.hex(OPEN_POLICY2), PipeClient.hex(OPEN_POLICY2).length - 2), // DesiredAccess
            PipeClient.hex("""
                00000000 18000000 00000000 00000200 00000000 00000000 00000000
                0200 0400 04000200 ffffff7f 00000000 02000000 4142
                """),                                                             // ObjectName lies
            PipeClient.hex("""
                00000000 18000000 00000000 00000200 00000000 00000000 00000000
                0200 0400 04000200 04000000 03000000 02000000 4142 0000 00000002
                """),                                                             // offset + actual > max
        };
        for (byte[] stub : bad) {
            RpcFault f = assertThrows(RpcFault.class, () -> invoke(lsa, LsarpcInterface.LSAR_OPEN_POLICY2, stub));
            assertEquals(FaultStatus.NCA_S_FAULT_NDR, f.status());
        }
        RpcFault shortHandle = assertThrows(RpcFault.class,
                () -> invoke(lsa, LsarpcInterface.LSAR_CLOSE, Arrays.copyOf(handle, 19)));
        assertEquals(FaultStatus.NCA_S_FAULT_NDR, shortHandle.status());
        RpcFault noClass = assertThrows(RpcFault.class,
                () -> invoke(lsa, LsarpcInterface.LSAR_QUERY_INFORMATION_POLICY2, handle));
        assertEquals(FaultStatus.NCA_S_FAULT_NDR, noClass.status());
        RpcFault shortSystemName = assertThrows(RpcFault.class,
                () -> invoke(lsa, LsarpcInterface.LSAR_OPEN_POLICY, PipeClient.hex("00000200 5c")));
        assertEquals(FaultStatus.NCA_S_FAULT_NDR, shortSystemName.status());
        assertEquals(1, lsa.openHandles());
    }

    @Test
    void conversationOverAPipe() {
        RpcPipe pipe = new RpcPipe(SampleInterfaces.USER, "lsarpc", new LsarpcInterface(IDENTITY));
        PipeClient.bindOk(pipe, LsarpcInterface.SYNTAX, RpcPipe.MAX_FRAGMENT);
        byte[] opened = PipeClient.call(pipe, 2, LsarpcInterface.LSAR_OPEN_POLICY2, PipeClient.hex(OPEN_POLICY2),
                RpcPipe.MAX_FRAGMENT);
        assertEquals(24, opened.length);
        assertEquals(SUCCESS, status(opened));
        byte[] handle = Arrays.copyOf(opened, 20);

        byte[] info = PipeClient.call(pipe, 3, LsarpcInterface.LSAR_QUERY_INFORMATION_POLICY, query(handle, 5),
                RpcPipe.MAX_FRAGMENT);
        assertEquals(SUCCESS, status(info));
        NdrReader r = new NdrReader(Unpooled.wrappedBuffer(info));
        assertNotEquals(0, r.readU32()); // PolicyInformation
        assertEquals(5, r.readU16());
        r.align(4);
        assertEquals(12, r.readU16());
        assertEquals(14, r.readU16());
        assertNotEquals(0, r.readU32()); // Buffer
        assertNotEquals(0, r.readU32()); // DomainSid
        assertEquals(7, r.readU32());
        assertEquals(0, r.readU32());
        assertEquals(6, r.readU32());
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            name.append((char) r.readU16());
        }
        assertEquals("SIGNET", name.toString());
        assertEquals(4, r.readU32());
        ByteBuf sid = Unpooled.buffer();
        for (int i = 0; i < MACHINE.size(); i++) {
            sid.writeByte(r.readU8());
        }
        assertEquals(MACHINE, Sid.decode(sid, 0, sid.writerIndex()));
        assertEquals(SUCCESS, r.readU32());
        assertEquals(0, r.remaining());

        assertEquals(PipeClient.hex(new byte[20]) + "00000000", PipeClient.hex(PipeClient.call(pipe, 4,
                LsarpcInterface.LSAR_CLOSE, handle, RpcPipe.MAX_FRAGMENT)));
        assertEquals("00000000" + "080000c0", PipeClient.hex(PipeClient.call(pipe, 5,
                LsarpcInterface.LSAR_QUERY_INFORMATION_POLICY2, query(handle, 5), RpcPipe.MAX_FRAGMENT)));
        assertEquals("00000000" + "0d0000c0", PipeClient.hex(PipeClient.call(pipe, 6,
                LsarpcInterface.LSAR_QUERY_INFORMATION_POLICY2,
                query(Arrays.copyOf(PipeClient.call(pipe, 7, LsarpcInterface.LSAR_OPEN_POLICY2,
                        PipeClient.hex(OPEN_POLICY2), RpcPipe.MAX_FRAGMENT), 20), 2), RpcPipe.MAX_FRAGMENT)));
    }

    @Test
    void faultsOverAPipe() {
        RpcPipe pipe = new RpcPipe(SampleInterfaces.USER, "lsarpc", new LsarpcInterface(IDENTITY));
        PipeClient.bindOk(pipe, LsarpcInterface.SYNTAX, RpcPipe.MAX_FRAGMENT);
        PipeClient.write(pipe, PipeClient.request(2, LsarpcInterface.LSAR_CLOSE, new byte[12]));
        assertEquals(FaultStatus.NCA_S_FAULT_NDR, PipeClient.faultStatus(PipeClient.single(pipe)));
        PipeClient.write(pipe, PipeClient.request(3, LsarpcInterface.LSAR_OPEN_POLICY2, new byte[3]));
        assertEquals(FaultStatus.NCA_S_FAULT_NDR, PipeClient.faultStatus(PipeClient.single(pipe)));
        for (int opnum : new int[] {1, 2, 3, 4, 5, 8, 14, 15, 45, 47, 76, 200}) {
            PipeClient.write(pipe, PipeClient.request(10 + opnum, opnum, new byte[24]));
            assertEquals(FaultStatus.NCA_S_OP_RNG_ERROR, PipeClient.faultStatus(PipeClient.single(pipe)));
        }
        // the pipe still works
        byte[] opened = PipeClient.call(pipe, 300, LsarpcInterface.LSAR_OPEN_POLICY2, PipeClient.hex(OPEN_POLICY2),
                RpcPipe.MAX_FRAGMENT);
        assertEquals(SUCCESS, status(opened));
    }
}
