package io.signet.auth.spnego;

/**
 * NegTokenResp ([RFC 4178] 4.2.2), the token of every SPNEGO leg after the initiator's first.
 *
 * <pre>
 * NegTokenResp ::= SEQUENCE { negState [0] ENUMERATED OPTIONAL, supportedMech [1] MechType OPTIONAL,
 *                             responseToken [2] OCTET STRING OPTIONAL, mechListMIC [3] OCTET STRING OPTIONAL, ... }
 * </pre>
 *
 * <p>Every component is optional; absent ones are {@code null}.
 */
public record NegTokenResp(NegState negState, ObjectId supportedMech, byte[] responseToken, byte[] mechListMic)
        implements NegotiationToken {

    /** The complete token: {@code [1] NegTokenResp}. */
    public byte[] encode() {
        return DerEncoder.element(DerEncoder.context(1), DerEncoder.element(DerEncoder.SEQUENCE,
                negState == null ? null : DerEncoder.element(DerEncoder.context(0),
                        DerEncoder.element(DerEncoder.INTEGER_ENUMERATED, new byte[] {(byte) negState.value()})),
                supportedMech == null ? null : DerEncoder.element(DerEncoder.context(1), supportedMech.encode()),
                responseToken == null ? null : DerEncoder.element(DerEncoder.context(2),
                        DerEncoder.element(DerEncoder.OCTET_STRING, responseToken)),
                mechListMic == null ? null : DerEncoder.element(DerEncoder.context(3),
                        DerEncoder.element(DerEncoder.OCTET_STRING, mechListMic))));
    }

    /** Decodes the contents of the {@code [1]} choice: one SEQUENCE. */
    static NegTokenResp decodeContents(DerReader choice) throws DerFormatException {
        Tlv seq = choice.read(DerEncoder.SEQUENCE);
        choice.expectEnd();
        DerReader fields = choice.enter(seq);
        NegState state = null;
        ObjectId mech = null;
        byte[] token = null;
        byte[] mic = null;
        int previous = -1;
        while (fields.hasMore()) {
            Tlv field = fields.readTaggedField(previous, "NegTokenResp");
            int number = field.tag() & 0x1F;
            previous = number;
            DerReader in = fields.enter(field);
            switch (number) {
                case 0 -> {
                    Tlv e = in.read(DerEncoder.INTEGER_ENUMERATED);
                    in.expectEnd();
                    if (e.length() != 1) {
                        throw new DerFormatException("negState must be one octet, found " + e.length());
                    }
                    state = NegState.fromValue(in.value(e)[0]);
                }
                case 1 -> {
                    Tlv oid = in.read(DerEncoder.OBJECT_IDENTIFIER);
                    in.expectEnd();
                    mech = ObjectId.fromContents(in.value(oid));
                }
                case 2 -> {
                    token = in.value(in.read(DerEncoder.OCTET_STRING));
                    in.expectEnd();
                }
                case 3 -> {
                    mic = in.value(in.read(DerEncoder.OCTET_STRING));
                    in.expectEnd();
                }
                default -> {
                    // Extension marker "...": skipped.
                }
            }
        }
        return new NegTokenResp(state, mech, token, mic);
    }

    @Override
    public String toString() {
        return "NegTokenResp[negState=" + negState + ", supportedMech=" + supportedMech + ", responseToken="
                + (responseToken == null ? "none" : responseToken.length + " bytes") + ", mechListMIC="
                + (mechListMic == null ? "none" : "present") + "]";
    }
}
