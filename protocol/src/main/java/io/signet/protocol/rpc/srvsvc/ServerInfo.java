package io.signet.protocol.rpc.srvsvc;

import java.util.Objects;

/**
 * The server as srvsvc ([MS-SRVS] 2.2.4.40 to 2.2.4.42, SERVER_INFO_100 ... 102) and wkssvc ([MS-WKST] 2.2.5.1,
 * WKSTA_INFO_100) report it.
 *
 * @param name the NetBIOS computer name
 * @param comment the server comment
 * @param platformId {@link #PLATFORM_ID_NT} (500) for a Windows NT compatible server ([MS-SRVS] 2.2.2.6)
 * @param versionMajor major OS version reported to clients
 * @param versionMinor minor OS version reported to clients
 * @param type SV_TYPE_* bits ([MS-SRVS] 2.2.2.7)
 */
public record ServerInfo(String name, String comment, int platformId, int versionMajor, int versionMinor, int type) {
    public static final int PLATFORM_ID_NT = 500;
    public static final int SV_TYPE_WORKSTATION = 0x00000001;
    public static final int SV_TYPE_SERVER = 0x00000002;
    public static final int SV_TYPE_SERVER_NT = 0x00008000;

    public ServerInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(comment, "comment");
    }
}
