package io.signet.protocol.rpc;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.rpc.ndr.NdrReader;

/** One DCE/RPC interface served on a pipe, such as srvsvc ([MS-SRVS]) or wkssvc ([MS-WKST]). */
public interface RpcInterface {
    /** The abstract syntax a client names in a bind presentation context ([C706] 12.6.3.1 p_syntax_id_t). */
    SyntaxId syntax();

    /**
     * Handles one call. The stub is NDR20, little-endian ([C706] chapter 14); the returned buffer holds the response
     * stub and is owned by the caller. An opnum the interface does not implement, or stub data it cannot decode, ends
     * in {@link RpcFault} (nca_s_op_rng_error, nca_s_fault_ndr); an application error is a status in the returned stub.
     */
    ByteBuf invoke(int opnum, NdrReader stub, CallContext caller);
}
