package io.signet.protocol.rpc;

/**
 * A call that ends in a fault PDU ([C706] 12.6.4.7) instead of a response. Thrown by an
 * {@link RpcInterface} or by the NDR reader; {@link RpcPipe} turns it into the fault PDU, so it never leaves the pipe.
 */
public final class RpcFault extends RuntimeException {
    private final int status;

    public RpcFault(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The fault status written into the fault PDU (one of {@link FaultStatus}). */
    public int status() {
        return status;
    }

    /** The stub data could not be unmarshalled: nca_s_fault_ndr. */
    public static RpcFault badStub(String message) {
        return new RpcFault(FaultStatus.NCA_S_FAULT_NDR, message);
    }
}
