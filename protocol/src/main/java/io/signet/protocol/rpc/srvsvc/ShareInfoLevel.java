package io.signet.protocol.rpc.srvsvc;

import io.signet.protocol.rpc.ndr.NdrPointer;
import io.signet.protocol.rpc.ndr.NdrReader;
import io.signet.protocol.rpc.ndr.NdrWriter;

import java.util.function.Supplier;

/**
 * The SHARE_INFO_* structures ([MS-SRVS] 2.2.4.22 SHARE_INFO_0, 2.2.4.23 SHARE_INFO_1, 2.2.4.24 SHARE_INFO_2,
 * 2.2.4.25 SHARE_INFO_501, 2.2.4.26 SHARE_INFO_502_I, 2.2.4.29 SHARE_INFO_1005). Each encodes its fixed part with
 * embedded [string] pointers whose pointees the {@link NdrWriter} defers, so an array of them is followed by all
 * their strings in order.
 */
public enum ShareInfoLevel {
    LEVEL_0(0, 4) {
        @Override
        void encode(NdrWriter w, ShareInfo s) {
            w.writeUnique(s.name(), NdrWriter::writeString); // shi0_netname
        }

        @Override
        Supplier<ShareInfo> decode(NdrReader r) {
            NdrPointer<String> name = r.readUnique(NdrReader::readString);
            return () -> new ShareInfo(name.get(), 0, null, null, 0, 0);
        }
    },
    LEVEL_1(1, 12) {
        @Override
        void encode(NdrWriter w, ShareInfo s) {
            w.writeUnique(s.name(), NdrWriter::writeString); // shi1_netname
            w.writeU32(s.type()); // shi1_type
            w.writeUnique(orEmpty(s.comment()), NdrWriter::writeString); // shi1_remark
        }

        @Override
        Supplier<ShareInfo> decode(NdrReader r) {
            NdrPointer<String> name = r.readUnique(NdrReader::readString);
            int type = r.readU32();
            NdrPointer<String> remark = r.readUnique(NdrReader::readString);
            return () -> new ShareInfo(name.get(), type, remark.get(), null, 0, 0);
        }
    },
    LEVEL_2(2, 32) {
        @Override
        void encode(NdrWriter w, ShareInfo s) {
            encodeLevel2(w, s);
        }

        @Override
        Supplier<ShareInfo> decode(NdrReader r) {
            return decodeLevel2(r);
        }
    },
    LEVEL_501(501, 16) {
        @Override
        void encode(NdrWriter w, ShareInfo s) {
            LEVEL_1.encode(w, s);
            w.writeU32(0); // shi501_flags: manual caching (CSC_CACHE_MANUAL_REINT), no other share flags
        }

        @Override
        Supplier<ShareInfo> decode(NdrReader r) {
            Supplier<ShareInfo> level1 = LEVEL_1.decode(r);
            r.readU32(); // shi501_flags
            return level1;
        }
    },
    LEVEL_502(502, 40) {
        @Override
        void encode(NdrWriter w, ShareInfo s) {
            encodeLevel2(w, s);
            w.writeU32(0); // shi502_reserved: the length of the security descriptor
            w.writeUnique(null, NdrWriter::writeConformantBytes); // shi502_security_descriptor: none reported
        }

        @Override
        Supplier<ShareInfo> decode(NdrReader r) {
            Supplier<ShareInfo> level2 = decodeLevel2(r);
            r.readU32(); // shi502_reserved
            r.readUnique(NdrReader::readConformantBytes); // shi502_security_descriptor
            return level2;
        }
    },
    LEVEL_1005(1005, 4) {
        @Override
        void encode(NdrWriter w, ShareInfo s) {
            w.writeU32(0); // shi1005_flags: manual caching, no other share flags
        }

        @Override
        Supplier<ShareInfo> decode(NdrReader r) {
            r.readU32();
            return () -> null;
        }
    };

    private final int level;
    private final int minWireSize;

    ShareInfoLevel(int level, int minWireSize) {
        this.level = level;
        this.minWireSize = minWireSize;
    }

    public int level() {
        return level;
    }

    /** The fixed part's size on the wire, the least one array element can take. */
    int minWireSize() {
        return minWireSize;
    }

    /** Whether SHARE_ENUM_UNION ([MS-SRVS] 2.2.4.38) has an arm for this level; 1005 is NetrShareGetInfo only. */
    boolean enumerable() {
        return this != LEVEL_1005;
    }

    /** Levels 2 and 502 carry the local path; [MS-SRVS] 3.1.4.8 gives them to administrators only. */
    boolean needsAdmin() {
        return this == LEVEL_2 || this == LEVEL_502;
    }

    abstract void encode(NdrWriter w, ShareInfo share);

    /** Reads the fixed part; the returned supplier is valid once the reader's deferred pointees are read. */
    abstract Supplier<ShareInfo> decode(NdrReader r);

    public static ShareInfoLevel of(int level) {
        for (ShareInfoLevel l : values()) {
            if (l.level == level) {
                return l;
            }
        }
        return null;
    }

    private static void encodeLevel2(NdrWriter w, ShareInfo s) {
        LEVEL_1.encode(w, s);
        w.writeU32(0); // shi2_permissions: share-level permissions are not used
        w.writeU32(s.maxUses()); // shi2_max_uses
        w.writeU32(s.currentUses()); // shi2_current_uses
        w.writeUnique(orEmpty(s.path()), NdrWriter::writeString); // shi2_path
        w.writeUnique(null, NdrWriter::writeString); // shi2_passwd: no share passwords
    }

    private static Supplier<ShareInfo> decodeLevel2(NdrReader r) {
        NdrPointer<String> name = r.readUnique(NdrReader::readString);
        int type = r.readU32();
        NdrPointer<String> remark = r.readUnique(NdrReader::readString);
        r.readU32(); // shi2_permissions
        int maxUses = r.readU32();
        int currentUses = r.readU32();
        NdrPointer<String> path = r.readUnique(NdrReader::readString);
        r.readUnique(NdrReader::readString); // shi2_passwd
        return () -> new ShareInfo(name.get(), type, remark.get(), path.get(), maxUses, currentUses);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
