package io.signet.protocol.fsctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.protocol.status.SmbException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkInterfaceInfoTest {

    /** [MS-SMB2] 2.2.32.5 with 2.2.32.5.1.1 SOCKADDR_IN for 192.168.1.10 on interface 2, 10 Gb/s, RSS. */
    static final String IPV4_ENTRY = ""
            + "98000000"                  // Next 152
            + "02000000"                  // IfIndex 2
            + "01000000"                  // Capability RSS_CAPABLE
            + "00000000"                  // Reserved
            + "00e40b5402000000"          // LinkSpeed 10,000,000,000
            + "0200"                      // Family InterNetwork
            + "0000"                      // Port
            + "c0a8010a"                  // IPv4Address
            + "0000000000000000"          // Reserved
            + "00".repeat(112);           // rest of the 128-byte SockAddr_Storage

    /** 2.2.32.5.1.2 SOCKADDR_IN6 for 2001:db8::1 on interface 3, 1 Gb/s, the last entry. */
    static final String IPV6_ENTRY = ""
            + "00000000"                  // Next 0: last
            + "03000000"                  // IfIndex 3
            + "00000000"                  // Capability
            + "00000000"                  // Reserved
            + "00ca9a3b00000000"          // LinkSpeed 1,000,000,000
            + "1700"                      // Family InterNetworkV6
            + "0000"                      // Port
            + "00000000"                  // FlowInfo
            + "20010db8000000000000000000000001" // IPv6Address
            + "00000000"                  // ScopeId
            + "00".repeat(100);          // rest of the SockAddr_Storage

    @Test
    void encodesTheChainAsTheSpecificationLaysItOut() throws Exception {
        List<NetworkInterfaceInfo> entries = List.of(
                new NetworkInterfaceInfo(2, NetworkInterfaceInfo.RSS_CAPABLE, 10_000_000_000L,
                        InetAddress.getByName("192.168.1.10")),
                new NetworkInterfaceInfo(3, 0, 1_000_000_000L, InetAddress.getByName("2001:db8::1")));
        ByteBuf out = Unpooled.buffer();
        NetworkInterfaceInfo.encodeAll(entries, out);
        assertEquals(2 * NetworkInterfaceInfo.SIZE, out.readableBytes());
        assertEquals(IPV4_ENTRY + IPV6_ENTRY, ByteBufUtil.hexDump(out));
        assertEquals(entries, NetworkInterfaceInfo.decodeAll(out));
    }

    @Test
    void decodingRefusesABrokenChain() {
        String brokenNext = "10000000" + IPV4_ENTRY.substring(8) + IPV6_ENTRY;
        assertThrows(SmbException.class,
                () -> NetworkInterfaceInfo.decodeAll(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(brokenNext))));
        assertThrows(SmbException.class, () -> NetworkInterfaceInfo.decodeAll(
                Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(IPV4_ENTRY))));
    }

    @Test
    void interfaceIndexZeroIsNeverReported() throws Exception {
        InetAddress a = InetAddress.getByName("10.0.0.1");
        assertThrows(IllegalArgumentException.class, () -> new NetworkInterfaceInfo(0, 0, 0, a));
    }
}
