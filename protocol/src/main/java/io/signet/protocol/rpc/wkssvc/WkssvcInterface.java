package io.signet.protocol.rpc.wkssvc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.rpc.CallContext;
import io.signet.protocol.rpc.FaultStatus;
import io.signet.protocol.rpc.RpcFault;
import io.signet.protocol.rpc.RpcInterface;
import io.signet.protocol.rpc.SyntaxId;
import io.signet.protocol.rpc.Uuid;
import io.signet.protocol.rpc.Win32Error;
import io.signet.protocol.rpc.ndr.NdrReader;
import io.signet.protocol.rpc.ndr.NdrWriter;
import io.signet.protocol.rpc.srvsvc.ServerInfo;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The wkssvc interface ([MS-WKST] 1.9, uuid 6bffd098-a112-3610-9833-46c3f87e345a version 1.0), limited to
 * NetrWkstaGetInfo (opnum 0, 3.2.4.1) at level 100 (2.2.5.1 WKSTA_INFO_100). Levels 101 and 102 answer
 * ERROR_INVALID_LEVEL; every other opnum ends in a nca_s_op_rng_error fault.
 */
public final class WkssvcInterface implements RpcInterface {
    public static final SyntaxId SYNTAX = new SyntaxId(Uuid.parse("6bffd098-a112-3610-9833-46c3f87e345a"), 1, 0);
    public static final int NETR_WKSTA_GET_INFO = 0;

    private final Supplier<ServerInfo> server;
    private final String langroup;

    /**
     * @param server the computer's name, platform and version
     * @param langroup the domain or workgroup the server belongs to (wki100_langroup)
     */
    public WkssvcInterface(Supplier<ServerInfo> server, String langroup) {
        this.server = Objects.requireNonNull(server, "server");
        this.langroup = Objects.requireNonNull(langroup, "langroup");
    }

    @Override
    public SyntaxId syntax() {
        return SYNTAX;
    }

    @Override
    public ByteBuf invoke(int opnum, NdrReader stub, CallContext caller) {
        if (opnum != NETR_WKSTA_GET_INFO) {
            throw new RpcFault(FaultStatus.NCA_S_OP_RNG_ERROR, "wkssvc opnum " + opnum + " is not implemented");
        }
        return wkstaGetInfo(stub);
    }

    /**
     * NetrWkstaGetInfo: [in,string,unique] ServerName; [in] Level; [out, switch_is(Level)] LPWKSTA_INFO WkstaInfo
     * (2.2.4.1: discriminant and a unique pointer to the WKSTA_INFO_n); unsigned long status.
     */
    private ByteBuf wkstaGetInfo(NdrReader r) {
        r.readUnique(NdrReader::readString); // ServerName: this server answers for itself
        r.readDeferred();
        int level = r.readU32();
        ByteBuf out = Unpooled.buffer();
        NdrWriter w = new NdrWriter(out);
        w.writeU32(level); // WKSTA_INFO discriminant
        if (level == 100) {
            w.writeUnique(server.get(), this::writeWkstaInfo100);
        } else {
            w.writeU32(0); // null arm pointer
        }
        w.writeDeferred();
        w.writeU32(level == 100 ? Win32Error.ERROR_SUCCESS : Win32Error.ERROR_INVALID_LEVEL); // return value
        return out;
    }

    private void writeWkstaInfo100(NdrWriter w, ServerInfo s) {
        w.writeU32(s.platformId()); // wki100_platform_id
        w.writeUnique(s.name(), NdrWriter::writeString); // wki100_computername
        w.writeUnique(langroup, NdrWriter::writeString); // wki100_langroup
        w.writeU32(s.versionMajor()); // wki100_ver_major
        w.writeU32(s.versionMinor()); // wki100_ver_minor
    }
}
