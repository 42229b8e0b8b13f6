package io.signet.protocol.rpc;

/**
 * Fault status values carried by a fault PDU: [C706] Appendix E (reject and fault status codes), plus RPC_X_BAD_STUB_DATA and ERROR_ACCESS_DENIED ([MS-ERREF] 2.2), which Windows sends in fault PDUs.
 */
public final class FaultStatus {
    /** The operation number is out of range for the interface (also used for an opnum Signet does not implement). */
    public static final int NCA_S_OP_RNG_ERROR = 0x1c010002;
    /** The presentation context id of a request names no bound interface. */
    public static final int NCA_S_UNK_IF = 0x1c010003;
    /** The PDU breaks the connection-oriented protocol: bad header, request before bind, stray fragment. */
    public static final int NCA_S_PROTO_ERROR = 0x1c01000b;
    /** A union discriminant names no arm. */
    public static final int NCA_S_FAULT_INVALID_TAG = 0x1c000006;
    /** The server ran out of resources for the call: used when a fragmented request exceeds the size bound. */
    public static final int NCA_S_FAULT_REMOTE_NO_MEMORY = 0x1c00001b;
    /** The server failed in a way not covered by another status. */
    public static final int NCA_S_FAULT_UNSPEC = 0x1c000012;
    /** RPC_X_BAD_STUB_DATA (nca_s_fault_ndr): the stub data is not valid NDR for the operation. */
    public static final int NCA_S_FAULT_NDR = 0x000006f7;
    /** ERROR_ACCESS_DENIED. */
    public static final int NCA_S_FAULT_ACCESS_DENIED = 0x00000005;

    private FaultStatus() {
    }
}
