package io.signet.protocol.rpc.srvsvc;

import java.util.Objects;

/**
 * One share as srvsvc reports it ([MS-SRVS] 2.2.4.22 to 2.2.4.26, SHARE_INFO_0 ... SHARE_INFO_502_I).
 *
 * @param name the share name (shi*_netname)
 * @param type STYPE_DISKTREE, STYPE_IPC, ..., with STYPE_SPECIAL for administrative shares ([MS-SRVS] 2.2.2.4)
 * @param comment the remark; null is reported as ""
 * @param path the local path levels 2 and 502 report (Windows reports "C:\..."); null is reported as ""
 * @param maxUses the limit on concurrent connections, {@link #UNLIMITED} for none
 * @param currentUses the connections now open to the share
 */
public record ShareInfo(String name, int type, String comment, String path, int maxUses, int currentUses) {
    public static final int STYPE_DISKTREE = 0x00000000;
    public static final int STYPE_PRINTQ = 0x00000001;
    public static final int STYPE_DEVICE = 0x00000002;
    public static final int STYPE_IPC = 0x00000003;
    public static final int STYPE_TEMPORARY = 0x40000000;
    public static final int STYPE_SPECIAL = 0x80000000;
    /** shi2_max_uses of a share without a connection limit (0xFFFFFFFF). */
    public static final int UNLIMITED = -1;

    public ShareInfo {
        Objects.requireNonNull(name, "name");
    }

    /** A share of {@code baseType}, marked STYPE_SPECIAL when its name ends in '$' as Windows marks C$ or IPC$. */
    public static ShareInfo of(String name, int baseType, String comment, String path, int maxUses, int currentUses) {
        int type = name.endsWith("$") ? baseType | STYPE_SPECIAL : baseType;
        return new ShareInfo(name, type, comment, path, maxUses, currentUses);
    }
}
