package io.signet.protocol.rpc.srvsvc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.rpc.CallContext;
import io.signet.protocol.rpc.FaultStatus;
import io.signet.protocol.rpc.RpcFault;
import io.signet.protocol.rpc.RpcInterface;
import io.signet.protocol.rpc.SyntaxId;
import io.signet.protocol.rpc.Uuid;
import io.signet.protocol.rpc.Win32Error;
import io.signet.protocol.rpc.ndr.NdrPointer;
import io.signet.protocol.rpc.ndr.NdrReader;
import io.signet.protocol.rpc.ndr.NdrWriter;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The srvsvc interface ([MS-SRVS] 1.9, uuid 4b324fc8-1670-01d3-1278-5a47bf6ee188 version 3.0) as far as share browsing
 * needs it: NetrShareEnum (opnum 15, 3.1.4.8), NetrShareGetInfo (opnum 16, 3.1.4.10) and NetrServerGetInfo (opnum 21,
 * 3.1.4.17). Every other opnum ends in a nca_s_op_rng_error fault.
 */
public final class SrvsvcInterface implements RpcInterface {
    public static final SyntaxId SYNTAX = new SyntaxId(Uuid.parse("4b324fc8-1670-01d3-1278-5a47bf6ee188"), 3, 0);

    public static final int NETR_SHARE_ENUM = 15;
    public static final int NETR_SHARE_GET_INFO = 16;
    public static final int NETR_SERVER_GET_INFO = 21;

    /** PreferedMaximumLength meaning "no limit" (MAX_PREFERRED_LENGTH, 0xFFFFFFFF). */
    static final int MAX_PREFERRED_LENGTH = -1;

    private final ShareDirectory directory;

    public SrvsvcInterface(ShareDirectory directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public SyntaxId syntax() {
        return SYNTAX;
    }

    @Override
    public ByteBuf invoke(int opnum, NdrReader stub, CallContext caller) {
        return switch (opnum) {
            case NETR_SHARE_ENUM -> shareEnum(stub, caller);
            case NETR_SHARE_GET_INFO -> shareGetInfo(stub, caller);
            case NETR_SERVER_GET_INFO -> serverGetInfo(stub);
            default -> throw new RpcFault(FaultStatus.NCA_S_OP_RNG_ERROR, "srvsvc opnum " + opnum
                    + " is not implemented");
        };
    }

    /** [in,string,unique] SRVSVC_HANDLE ServerName: read and ignored, this server answers for itself. */
    static void readServerName(NdrReader r) {
        r.readUnique(NdrReader::readString);
        r.readDeferred();
    }

    /**
     * NetrShareEnum ([MS-SRVS] 3.1.4.8): ServerName; [in,out] LPSHARE_ENUM_STRUCT InfoStruct (2.2.4.38: Level and the
     * SHARE_ENUM_UNION arm, a unique pointer to a SHARE_INFO_n_CONTAINER of EntriesRead and a unique pointer to the
     * array); [in] PreferedMaximumLength; [out] TotalEntries; [in,out,unique] ResumeHandle; NET_API_STATUS.
     */
    private ByteBuf shareEnum(NdrReader r, CallContext caller) {
        readServerName(r);
        int level = r.readU32(); // InfoStruct.Level
        int arm = r.readU32(); // SHARE_ENUM_UNION discriminant
        if (arm != level) {
            throw RpcFault.badStub("SHARE_ENUM_STRUCT level " + level + " with union arm " + arm);
        }
        ShareInfoLevel infoLevel = ShareInfoLevel.of(level);
        boolean known = infoLevel != null && infoLevel.enumerable();
        r.readUnique(c -> readContainer(c, known ? infoLevel : null));
        r.readDeferred();
        int preferredMaximum = r.readU32();
        NdrPointer<Integer> resume = r.readUnique(NdrReader::readU32);
        r.readDeferred();

        List<ShareInfo> shares = List.of();
        int status;
        int start = 0;
        int total = 0;
        int nextResume = 0;
        if (!known) {
            status = Win32Error.ERROR_INVALID_LEVEL;
        } else if (infoLevel.needsAdmin() && !caller.admin()) {
            status = Win32Error.ERROR_ACCESS_DENIED;
        } else {
            List<ShareInfo> all = directory.shares(caller);
            start = resume.isNull() ? 0 : (int) Math.min(Integer.toUnsignedLong(resume.get()), all.size());
            total = all.size() - start;
            int end = start + fitting(all.subList(start, all.size()), infoLevel, preferredMaximum);
            shares = all.subList(start, end);
            status = end < all.size() ? Win32Error.ERROR_MORE_DATA : Win32Error.ERROR_SUCCESS;
            nextResume = end < all.size() ? end : 0;
        }

        ByteBuf out = Unpooled.buffer();
        NdrWriter w = new NdrWriter(out);
        w.writeU32(level); // InfoStruct.Level
        w.writeU32(level); // SHARE_ENUM_UNION discriminant
        List<ShareInfo> entries = shares;
        w.writeUnique(known ? entries : null, (cw, list) -> {
            cw.writeU32(list.size()); // EntriesRead
            cw.writeUnique(list.isEmpty() ? null : list,
                    (aw, array) -> aw.writeConformantArray(array, infoLevel::encode)); // Buffer
        });
        w.writeDeferred();
        w.writeU32(total); // TotalEntries
        Integer resumeOut = resume.isNull() ? null : nextResume;
        w.writeUnique(resumeOut, NdrWriter::writeU32); // ResumeHandle
        w.writeDeferred();
        w.writeU32(status); // return value
        return out;
    }

    /** A SHARE_INFO_n_CONTAINER as a client sends it (normally empty); its entries are read and dropped. */
    private static Void readContainer(NdrReader r, ShareInfoLevel level) {
        r.readU32(); // EntriesRead
        r.readUnique(a -> {
            if (level == null) {
                throw new RpcFault(FaultStatus.NCA_S_FAULT_INVALID_TAG, "entries for an unknown share info level");
            }
            return a.readConformantArray(level.minWireSize(), level::decode);
        });
        return null;
    }

    /**
     * How many of {@code shares} fit in {@code preferredMaximum} bytes; at least one, so a small limit still makes
     * progress with the resume handle. The size counts each fixed part and string as marshalled.
     */
    private static int fitting(List<ShareInfo> shares, ShareInfoLevel level, int preferredMaximum) {
        if (preferredMaximum == MAX_PREFERRED_LENGTH) {
            return shares.size();
        }
        long budget = Integer.toUnsignedLong(preferredMaximum);
        long used = 0;
        for (int i = 0; i < shares.size(); i++) {
            ShareInfo s = shares.get(i);
            used += level.minWireSize() + stringSize(s.name()) + stringSize(s.comment()) + stringSize(s.path());
            if (used > budget && i > 0) {
                return i;
            }
        }
        return shares.size();
    }

    private static long stringSize(String s) {
        return 12 + 2L * ((s == null ? 0 : s.length()) + 1);
    }

    /**
     * NetrShareGetInfo ([MS-SRVS] 3.1.4.10): ServerName; [in,string] WCHAR* NetName (a top-level [ref] pointer, so no
     * referent id); [in] Level; [out, switch_is(Level)] LPSHARE_INFO InfoStruct (2.2.3.6: discriminant and a unique
     * pointer to the SHARE_INFO_n); NET_API_STATUS.
     */
    private ByteBuf shareGetInfo(NdrReader r, CallContext caller) {
        readServerName(r);
        String netName = r.readString();
        int level = r.readU32();

        ShareInfoLevel infoLevel = ShareInfoLevel.of(level);
        ShareInfo found = null;
        int status;
        if (infoLevel == null) {
            status = Win32Error.ERROR_INVALID_LEVEL;
        } else {
            Optional<ShareInfo> share = directory.share(netName, caller);
            if (share.isEmpty()) {
                status = Win32Error.NERR_NET_NAME_NOT_FOUND;
            } else if (infoLevel.needsAdmin() && !caller.admin()) {
                status = Win32Error.ERROR_ACCESS_DENIED;
            } else {
                found = share.get();
                status = Win32Error.ERROR_SUCCESS;
            }
        }
        ByteBuf out = Unpooled.buffer();
        NdrWriter w = new NdrWriter(out);
        w.writeU32(level); // SHARE_INFO discriminant
        w.writeUnique(found, infoLevel == null ? null : infoLevel::encode); // the arm's pointer, null on failure
        w.writeDeferred();
        w.writeU32(status); // return value
        return out;
    }

    /**
     * NetrServerGetInfo ([MS-SRVS] 3.1.4.17): ServerName; [in] Level; [out, switch_is(Level)] LPSERVER_INFO
     * InfoStruct (2.2.3.7); NET_API_STATUS. Levels 100, 101 and 102 (2.2.4.40 to 2.2.4.42).
     */
    private ByteBuf serverGetInfo(NdrReader r) {
        readServerName(r);
        int level = r.readU32();
        ServerInfo server = directory.server();
        ByteBuf out = Unpooled.buffer();
        NdrWriter w = new NdrWriter(out);
        w.writeU32(level); // SERVER_INFO discriminant
        int status = Win32Error.ERROR_SUCCESS;
        switch (level) {
            case 100 -> w.writeUnique(server, SrvsvcInterface::writeServerInfo100);
            case 101 -> w.writeUnique(server, SrvsvcInterface::writeServerInfo101);
            case 102 -> w.writeUnique(server, SrvsvcInterface::writeServerInfo102);
            default -> {
                w.writeUnique(null, SrvsvcInterface::writeServerInfo100);
                status = Win32Error.ERROR_INVALID_LEVEL;
            }
        }
        w.writeDeferred();
        w.writeU32(status); // return value
        return out;
    }

    private static void writeServerInfo100(NdrWriter w, ServerInfo s) {
        w.writeU32(s.platformId()); // sv100_platform_id
        w.writeUnique(s.name(), NdrWriter::writeString); // sv100_name
    }

    private static void writeServerInfo101(NdrWriter w, ServerInfo s) {
        writeServerInfo100(w, s);
        w.writeU32(s.versionMajor()); // sv101_version_major
        w.writeU32(s.versionMinor()); // sv101_version_minor
        w.writeU32(s.type()); // sv101_type
        w.writeUnique(s.comment(), NdrWriter::writeString); // sv101_comment
    }

    /** The level 102 fields Signet does not configure carry the values a default Windows server reports. */
    private static void writeServerInfo102(NdrWriter w, ServerInfo s) {
        writeServerInfo101(w, s);
        w.writeU32(-1); // sv102_users: no limit
        w.writeU32(15); // sv102_disc: auto-disconnect after 15 minutes idle
        w.writeU32(0); // sv102_hidden: SV_VISIBLE
        w.writeU32(240); // sv102_announce: seconds between announcements
        w.writeU32(3000); // sv102_anndelta: milliseconds of announce jitter
        w.writeU32(0); // sv102_licenses
        w.writeUnique("c:\\", NdrWriter::writeString); // sv102_userpath
    }
}
