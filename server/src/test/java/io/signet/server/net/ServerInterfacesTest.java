package io.signet.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.signet.protocol.fsctl.NetworkInterfaceInfo;
import io.signet.server.net.ServerInterfaces.Candidate;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerInterfacesTest {
    @TempDir
    Path dir;

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private static List<Candidate> host() throws Exception {
        return List.of(
                new Candidate("lo", 1, true, ip("127.0.0.1")),
                new Candidate("lo", 1, true, ip("::1")),
                new Candidate("eth0", 2, true, ip("192.168.1.10")),
                new Candidate("eth0", 2, true, ip("fe80::1")),
                new Candidate("eth0", 2, true, ip("2001:db8::10")),
                new Candidate("eth1", 3, false, ip("10.0.0.5")),
                new Candidate("tun0", 0, true, ip("10.8.0.1")));
    }

    private static List<InetAddress> addresses(List<NetworkInterfaceInfo> entries) {
        return entries.stream().map(NetworkInterfaceInfo::address).toList();
    }

    @Test
    void allAddressesOfInterfacesThatAreUpExceptLoopbackLinkLocalAndIndexZero() throws Exception {
        List<NetworkInterfaceInfo> entries = ServerInterfaces.select(host(), null, ip("192.168.1.10"), n -> 10L);
        assertEquals(List.of(ip("192.168.1.10"), ip("2001:db8::10")), addresses(entries));
        assertEquals(2, entries.get(0).ifIndex());
        assertEquals(entries.get(0).ifIndex(), entries.get(1).ifIndex(), "one interface, one IfIndex");
        assertEquals(10L, entries.get(0).linkSpeed());
        assertEquals(0, entries.get(0).capability(), "RSS and RDMA are not claimed");
    }

    @Test
    void aClientConnectedOverLoopbackFindsTheAddressItUses() throws Exception {
        assertEquals(List.of(ip("127.0.0.1"), ip("192.168.1.10"), ip("2001:db8::10")),
                addresses(ServerInterfaces.select(host(), null, ip("127.0.0.1"), n -> 1L)));
    }

    @Test
    void aBindAddressIsTheOnlyAddressReported() throws Exception {
        assertEquals(List.of(ip("127.0.0.1")),
                addresses(ServerInterfaces.select(host(), ip("127.0.0.1"), ip("127.0.0.1"), n -> 1L)));
        assertEquals(List.of(ip("192.168.1.10")),
                addresses(ServerInterfaces.select(host(), ip("192.168.1.10"), ip("192.168.1.10"), n -> 1L)));
    }

    @Test
    void aWildcardBindAddressMeansAllAddresses() throws Exception {
        ServerInterfaces all = new ServerInterfaces(ip("0.0.0.0"));
        List<NetworkInterfaceInfo> real = all.list(ip("127.0.0.1"));
        assertEquals(true, addresses(real).contains(ip("127.0.0.1")), real.toString());
    }

    @Test
    void linkSpeedComesFromSysfsInMegabitsPerSecond() throws Exception {
        Path speed = Files.writeString(dir.resolve("speed"), "25000\n");
        assertEquals(25_000_000_000L, ServerInterfaces.linkSpeed(speed));
        Files.writeString(speed, "-1\n");
        assertEquals(ServerInterfaces.DEFAULT_LINK_SPEED, ServerInterfaces.linkSpeed(speed));
        assertEquals(ServerInterfaces.DEFAULT_LINK_SPEED, ServerInterfaces.linkSpeed(dir.resolve("missing")));
    }
}
