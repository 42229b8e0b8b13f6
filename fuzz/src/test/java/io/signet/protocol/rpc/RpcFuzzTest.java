package io.signet.protocol.rpc;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.signet.fuzz.LeakCheck;
import io.signet.protocol.dtyp.Sid;
import io.signet.protocol.rpc.endpoint.PipeEndpoints;
import io.signet.protocol.rpc.lsarpc.LsaIdentity;
import io.signet.protocol.rpc.lsarpc.LsarpcInterface;
import io.signet.protocol.rpc.ndr.NdrReader;
import io.signet.protocol.rpc.srvsvc.ServerInfo;
import io.signet.protocol.rpc.srvsvc.ShareDirectory;
import io.signet.protocol.rpc.srvsvc.ShareInfo;
import io.signet.protocol.rpc.srvsvc.SrvsvcInterface;
import io.signet.protocol.rpc.wkssvc.WkssvcInterface;
import java.util.List;
import java.util.Optional;

/**
 * DCE/RPC over IPC$ named pipes ([C706] 12, [MS-RPCE] 2.2) and the NDR request stubs of srvsvc ([MS-SRVS]),
 * wkssvc ([MS-WKST]) and lsarpc ([MS-LSAD]). The first byte picks the target:
 * <ul>
 *   <li>a pipe ({@link RpcPipe}, as an SMB2 WRITE feeds it): the rest is written in pieces whose sizes the input
 *       chooses, every response is read back, and the pipe is closed. {@code RpcPipe.write} never throws.</li>
 *   <li>an interface's request decoder, called directly with an opnum and a stub: it may return or throw
 *       {@link RpcFault} (the pipe turns any other exception into a fault, which would hide a decoder defect).</li>
 * </ul>
 */
class RpcFuzzTest {
    static {
        LeakCheck.install();
    }

    private static final CallContext CALLER = new CallContext("alice", "WORKGROUP", false);
    private static final CallContext ADMIN = new CallContext("admin", "WORKGROUP", true);
    private static final ServerInfo SERVER = new ServerInfo("SIGNET", "Signet file server",
            ServerInfo.PLATFORM_ID_NT, 10, 0, ServerInfo.SV_TYPE_WORKSTATION | ServerInfo.SV_TYPE_SERVER);
    private static final List<ShareInfo> SHARES = List.of(
            ShareInfo.of("IPC$", ShareInfo.STYPE_IPC, "IPC Service", null, ShareInfo.UNLIMITED, 1),
            ShareInfo.of("data", ShareInfo.STYPE_DISKTREE, "Team data", "C:\\srv\\data", 10, 2));
    private static final ShareDirectory DIRECTORY = new ShareDirectory() {
        @Override
        public List<ShareInfo> shares(CallContext caller) {
            return SHARES;
        }

        @Override
        public Optional<ShareInfo> share(String name, CallContext caller) {
            return SHARES.stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
        }

        @Override
        public ServerInfo server() {
            return SERVER;
        }
    };
    private static final LsaIdentity LSA = LsaIdentity.of("SIGNET", "WORKGROUP", Sid.parse("S-1-5-21-1-2-3"));
    private static final PipeEndpoints ENDPOINTS = new PipeEndpoints(DIRECTORY, "WORKGROUP", LSA);
    private static final String[] PIPES = {PipeEndpoints.SRVSVC, PipeEndpoints.WKSSVC, PipeEndpoints.LSARPC};

    @FuzzTest
    void rpc(FuzzedDataProvider data) {
        int target = data.consumeInt(0, 5);
        CallContext caller = data.consumeBoolean() ? ADMIN : CALLER;
        if (target < PIPES.length) {
            pipe(PIPES[target], caller, data);
        } else {
            RpcInterface iface = switch (target) {
                case 3 -> new SrvsvcInterface(DIRECTORY);
                case 4 -> new WkssvcInterface(() -> SERVER, "WORKGROUP");
                default -> new LsarpcInterface(LSA);
            };
            int opnum = data.consumeInt(0, 64);
            ByteBuf stub = Unpooled.wrappedBuffer(data.consumeRemainingAsBytes());
            try {
                ByteBuf out = iface.invoke(opnum, new NdrReader(stub), caller);
                if (out != null) {
                    out.release();
                }
            } catch (RpcFault expected) {
                // the documented refusal
            }
        }
        LeakCheck.assertNoLeaks();
    }

    private static void pipe(String name, CallContext caller, FuzzedDataProvider data) {
        try (RpcPipe pipe = ENDPOINTS.open(name, caller).orElseThrow()) {
            while (data.remainingBytes() > 0) {
                int piece = data.consumeInt(1, 8192);
                ByteBuf in = Unpooled.wrappedBuffer(data.consumeBytes(piece));
                pipe.write(in);
                drain(pipe, data.consumeInt(0, RpcPipe.MAX_FRAGMENT));
            }
            drain(pipe, RpcPipe.MAX_FRAGMENT);
        }
    }

    private static void drain(RpcPipe pipe, int max) {
        // Each read takes at least one byte, so this ends once the pending output is read.
        while (pipe.hasPendingOutput() && max > 0) {
            PipeRead read = pipe.read(max, ByteBufAllocator.DEFAULT);
            read.data().release();
        }
    }
}
