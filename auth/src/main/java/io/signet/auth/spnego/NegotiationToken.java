package io.signet.auth.spnego;

/**
 * The SPNEGO NegotiationToken CHOICE ([RFC 4178] 4.2): a {@link NegTokenInit} (first token from the initiator, or a
 * server's NegTokenInit2) or a {@link NegTokenResp}.
 */
public sealed interface NegotiationToken permits NegTokenInit, NegTokenResp {

    /**
     * Decodes a security buffer holding a SPNEGO token.
     *
     * <p>A NegTokenInit normally arrives inside the GSS-API InitialContextToken ([RFC 2743] 3.1:
     * {@code [APPLICATION 0] { thisMech OID 1.3.6.1.5.5.2, innerContextToken }}); a bare {@code [0]} NegTokenInit is
     * also accepted. A NegTokenResp is never wrapped ([RFC 4178] 4.2). Trailing bytes are refused at every level.
     */
    static NegotiationToken decode(byte[] token) throws DerFormatException {
        DerReader outer = new DerReader(token);
        int tag = outer.peekTag();
        if (tag == DerEncoder.APPLICATION_0) {
            Tlv app = outer.read();
            outer.expectEnd();
            DerReader inner = outer.enter(app);
            Tlv mech = inner.read(DerEncoder.OBJECT_IDENTIFIER);
            if (!ObjectId.fromContents(inner.value(mech)).equals(ObjectId.SPNEGO)) {
                throw new DerFormatException("InitialContextToken is not SPNEGO but "
                        + ObjectId.fromContents(inner.value(mech)));
            }
            Tlv choice = inner.read(DerEncoder.context(0));
            inner.expectEnd();
            return NegTokenInit.decodeContents(inner.enter(choice));
        }
        Tlv choice = outer.read();
        outer.expectEnd();
        if (choice.tag() == DerEncoder.context(0)) {
            return NegTokenInit.decodeContents(outer.enter(choice));
        }
        if (choice.tag() == DerEncoder.context(1)) {
            return NegTokenResp.decodeContents(outer.enter(choice));
        }
        throw new DerFormatException(String.format("not a SPNEGO token: leading tag 0x%02X", choice.tag()));
    }
}
