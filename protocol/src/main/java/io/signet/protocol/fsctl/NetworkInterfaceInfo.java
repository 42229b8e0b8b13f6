package io.signet.protocol.fsctl;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * [MS-SMB2] 2.2.32.5 NETWORK_INTERFACE_INFO Response: one IP address of one of the server's interfaces, as the
 * output of FSCTL_QUERY_NETWORK_INTERFACE_INFO returns it. The output is a chain of these, 152 bytes each, linked by
 * Next.
 *
 * @param ifIndex    IfIndex: the interface's index, the same for every address of one interface; never 0
 * @param capability Capability: {@link #RSS_CAPABLE} and {@link #RDMA_CAPABLE} bits
 * @param linkSpeed  LinkSpeed: the interface's speed in bits per second
 * @param address    the IPv4 or IPv6 address that SockAddr_Storage carries ([MS-SMB2] 2.2.32.5.1)
 */
public record NetworkInterfaceInfo(int ifIndex, int capability, long linkSpeed, InetAddress address) {
    public static final int RSS_CAPABLE = 0x00000001;
    public static final int RDMA_CAPABLE = 0x00000002;
    /** Next (4), IfIndex (4), Capability (4), Reserved (4), LinkSpeed (8), SockAddr_Storage (128). */
    public static final int SIZE = 152;
    /** [MS-SMB2] 2.2.32.5.1 SockAddr_Storage: Family (2 bytes) and Buffer (126 bytes). */
    static final int SOCKADDR_STORAGE_SIZE = 128;
    /** [MS-SMB2] 2.2.32.5.1 Family: InterNetwork (IPv4). */
    static final int FAMILY_INET = 0x0002;
    /** [MS-SMB2] 2.2.32.5.1 Family: InterNetworkV6 (IPv6). */
    static final int FAMILY_INET6 = 0x0017;

    public NetworkInterfaceInfo {
        Objects.requireNonNull(address, "address");
        if (ifIndex == 0) {
            throw new IllegalArgumentException("IfIndex 0 must not be reported ([MS-SMB2] 3.3.5.15.11)");
        }
    }

    /**
     * Writes the entries as one chain: each Next is {@value #SIZE} (the entries are 8-byte aligned already), the
     * last one's is 0.
     */
    public static void encodeAll(List<NetworkInterfaceInfo> entries, ByteBuf out) {
        for (int i = 0; i < entries.size(); i++) {
            entries.get(i).encode(out, i == entries.size() - 1);
        }
    }

    /** Writes this entry, {@value #SIZE} bytes, at the writer index. */
    public void encode(ByteBuf out, boolean last) {
        out.writeIntLE(last ? 0 : SIZE);                    // Next (4 bytes)
        out.writeIntLE(ifIndex);                            // IfIndex (4 bytes)
        out.writeIntLE(capability);                         // Capability (4 bytes)
        out.writeIntLE(0);                                  // Reserved (4 bytes)
        out.writeLongLE(linkSpeed);                         // LinkSpeed (8 bytes)
        int storage = out.writerIndex();
        if (address instanceof Inet4Address) {
            out.writeShortLE(FAMILY_INET);                  // Family (2 bytes)
            out.writeShort(0);                              // 2.2.32.5.1.1 SOCKADDR_IN: Port (2 bytes), 0
            out.writeBytes(address.getAddress());           // IPv4Address (4 bytes), network order
            out.writeZero(8);                               // Reserved (8 bytes)
        } else {
            out.writeShortLE(FAMILY_INET6);                 // Family (2 bytes)
            out.writeShort(0);                              // 2.2.32.5.1.2 SOCKADDR_IN6: Port (2 bytes), 0
            out.writeInt(0);                                // FlowInfo (4 bytes), 0
            out.writeBytes(address.getAddress());           // IPv6Address (16 bytes), network order
            out.writeInt(0);                                // ScopeId (4 bytes), 0
        }
        out.writeZero(SOCKADDR_STORAGE_SIZE - (out.writerIndex() - storage)); // rest of Buffer (126 bytes)
    }

    /** Decodes the chain in the readable bytes of {@code output} without moving its indices. */
    public static List<NetworkInterfaceInfo> decodeAll(ByteBuf output) {
        List<NetworkInterfaceInfo> entries = new ArrayList<>();
        int offset = output.readerIndex();
        int end = output.writerIndex();
        while (true) {
            if (end - offset < SIZE) {
                throw Malformed.because("NETWORK_INTERFACE_INFO shorter than 152 bytes");
            }
            entries.add(decode(output, offset));
            long next = output.getUnsignedIntLE(offset);
            if (next == 0) {
                return entries;
            }
            if (next < SIZE || (next & 7) != 0 || next > end - offset) {
                throw Malformed.because("NETWORK_INTERFACE_INFO Next " + next + " does not point at an entry");
            }
            offset += (int) next;
        }
    }

    private static NetworkInterfaceInfo decode(ByteBuf in, int at) {
        int family = in.getUnsignedShortLE(at + 24);
        byte[] ip;
        if (family == FAMILY_INET) {
            ip = new byte[4];
            in.getBytes(at + 28, ip);
        } else if (family == FAMILY_INET6) {
            ip = new byte[16];
            in.getBytes(at + 32, ip);
        } else {
            throw Malformed.because("SockAddr_Storage Family 0x" + Integer.toHexString(family));
        }
        InetAddress address;
        try {
            address = InetAddress.getByAddress(ip);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of 4 or 16 bytes was refused", e);
        }
        return new NetworkInterfaceInfo(in.getIntLE(at + 4), in.getIntLE(at + 8), in.getLongLE(at + 16), address);
    }

    /** True for an IPv6 address (SOCKADDR_IN6); false for IPv4. */
    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }
}
