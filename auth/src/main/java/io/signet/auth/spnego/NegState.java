package io.signet.auth.spnego;

/** NegTokenResp.negState ([RFC 4178] 4.2.2). */
public enum NegState {
    ACCEPT_COMPLETED(0),
    ACCEPT_INCOMPLETE(1),
    REJECT(2),
    REQUEST_MIC(3);

    private final int value;

    NegState(int value) {
        this.value = value;
    }

    /** The ENUMERATED value on the wire. */
    public int value() {
        return value;
    }

    static NegState fromValue(int value) throws DerFormatException {
        for (NegState s : values()) {
            if (s.value == value) {
                return s;
            }
        }
        throw new DerFormatException("unknown negState " + value);
    }
}
