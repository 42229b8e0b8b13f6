package io.signet.auth.spnego;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * NegTokenInit ([RFC 4178] 4.2.1) and its server-side variant NegTokenInit2 ([MS-SPNG] 2.2.1).
 *
 * <pre>
 * NegTokenInit  ::= SEQUENCE { mechTypes [0] MechTypeList, reqFlags [1] ContextFlags OPTIONAL,
 *                              mechToken [2] OCTET STRING OPTIONAL, mechListMIC [3] OCTET STRING OPTIONAL, ... }
 * NegTokenInit2 ::= SEQUENCE { mechTypes [0], reqFlags [1] OPTIONAL, mechToken [2] OPTIONAL,
 *                              negHints [3] NegHints OPTIONAL, mechListMIC [4] OCTET STRING OPTIONAL, ... }
 * NegHints      ::= SEQUENCE { hintName [0] GeneralString OPTIONAL, hintAddress [1] OCTET STRING OPTIONAL }
 * </pre>
 *
 * @param mechTypes         the offered mechanisms, most preferred first
 * @param mechTypesEncoding the MechTypeList SEQUENCE exactly as received (or as encoded): the input of the
 *                          mechListMIC ([RFC 4178] 5)
 * @param mechToken         the optimistic token for the first mechanism, or {@code null}
 * @param hintName          NegHints.hintName, or {@code null} for a plain NegTokenInit
 * @param mechListMic       the mechListMIC, or {@code null}
 */
public record NegTokenInit(List<ObjectId> mechTypes, byte[] mechTypesEncoding, byte[] mechToken, String hintName,
                           byte[] mechListMic) implements NegotiationToken {

    public NegTokenInit {
        mechTypes = List.copyOf(mechTypes);
    }

    /** A NegTokenInit (or, with a hint name, a NegTokenInit2) offering {@code mechTypes}. */
    public static NegTokenInit of(List<ObjectId> mechTypes, byte[] mechToken, String hintName, byte[] mechListMic) {
        byte[][] oids = new byte[mechTypes.size()][];
        for (int i = 0; i < oids.length; i++) {
            oids[i] = mechTypes.get(i).encode();
        }
        return new NegTokenInit(mechTypes, DerEncoder.element(DerEncoder.SEQUENCE, oids), mechToken, hintName,
                mechListMic);
    }

    /** The complete InitialContextToken: {@code [APPLICATION 0] { SPNEGO OID, [0] NegTokenInit } }. */
    public byte[] encode() {
        byte[] hints = null;
        if (hintName != null) {
            hints = DerEncoder.element(DerEncoder.context(3), DerEncoder.element(DerEncoder.SEQUENCE,
                    DerEncoder.element(DerEncoder.context(0), DerEncoder.element(DerEncoder.GENERAL_STRING,
                            hintName.getBytes(StandardCharsets.ISO_8859_1)))));
        }
        byte[] mic = null;
        if (mechListMic != null) {
            // [3] in NegTokenInit, [4] in NegTokenInit2 where [3] is taken by negHints.
            mic = DerEncoder.element(DerEncoder.context(hintName != null ? 4 : 3),
                    DerEncoder.element(DerEncoder.OCTET_STRING, mechListMic));
        }
        byte[] body = DerEncoder.element(DerEncoder.SEQUENCE,
                DerEncoder.element(DerEncoder.context(0), mechTypesEncoding),
                mechToken == null ? null : DerEncoder.element(DerEncoder.context(2),
                        DerEncoder.element(DerEncoder.OCTET_STRING, mechToken)),
                hints,
                mic);
        return DerEncoder.element(DerEncoder.APPLICATION_0, ObjectId.SPNEGO.encode(),
                DerEncoder.element(DerEncoder.context(0), body));
    }

    /** Decodes the contents of the {@code [0]} choice: one SEQUENCE. */
    static NegTokenInit decodeContents(DerReader choice) throws DerFormatException {
        Tlv seq = choice.read(DerEncoder.SEQUENCE);
        choice.expectEnd();
        DerReader fields = choice.enter(seq);
        List<ObjectId> mechs = null;
        byte[] mechsEncoding = null;
        byte[] mechToken = null;
        String hintName = null;
        byte[] mic = null;
        int previous = -1;
        while (fields.hasMore()) {
            Tlv field = fields.readTaggedField(previous, "NegTokenInit");
            int number = field.tag() & 0x1F;
            previous = number;
            DerReader in = fields.enter(field);
            switch (number) {
                case 0 -> {
                    Tlv list = in.read(DerEncoder.SEQUENCE);
                    in.expectEnd();
                    mechsEncoding = in.encoding(list);
                    mechs = new ArrayList<>();
                    DerReader oids = in.enter(list);
                    while (oids.hasMore()) {
                        Tlv oid = oids.read(DerEncoder.OBJECT_IDENTIFIER);
                        if (oid.length() == 0) {
                            throw new DerFormatException("empty OBJECT IDENTIFIER in mechTypes");
                        }
                        mechs.add(ObjectId.fromContents(oids.value(oid)));
                    }
                }
                case 1 -> {
                    in.read(0x03); // ContextFlags BIT STRING: advisory only, ignored ([RFC 4178] 4.2.1)
                    in.expectEnd();
                }
                case 2 -> {
                    mechToken = in.value(in.read(DerEncoder.OCTET_STRING));
                    in.expectEnd();
                }
                case 3 -> {
                    Tlv inner = in.read();
                    in.expectEnd();
                    if (inner.tag() == DerEncoder.OCTET_STRING) {
                        mic = in.value(inner);
                    } else if (inner.tag() == DerEncoder.SEQUENCE) {
                        hintName = decodeHintName(in.enter(inner));
                    } else {
                        throw new DerFormatException(String.format("unexpected tag 0x%02X in NegTokenInit [3]",
                                inner.tag()));
                    }
                }
                case 4 -> {
                    mic = in.value(in.read(DerEncoder.OCTET_STRING));
                    in.expectEnd();
                }
                default -> {
                    // Extension marker "...": later fields are skipped, as RFC 4178 4.2 allows.
                }
            }
        }
        if (mechs == null || mechs.isEmpty()) {
            throw new DerFormatException("NegTokenInit without mechTypes");
        }
        return new NegTokenInit(mechs, mechsEncoding, mechToken, hintName, mic);
    }

    private static String decodeHintName(DerReader hints) throws DerFormatException {
        String name = null;
        while (hints.hasMore()) {
            Tlv hint = hints.read();
            if (hint.tag() == DerEncoder.context(0)) {
                DerReader in = hints.enter(hint);
                name = new String(in.value(in.read(DerEncoder.GENERAL_STRING)), StandardCharsets.ISO_8859_1);
                in.expectEnd();
            } else if (hint.tag() != DerEncoder.context(1)) {
                throw new DerFormatException(String.format("unexpected tag 0x%02X in NegHints", hint.tag()));
            }
        }
        return name;
    }

    @Override
    public String toString() {
        return "NegTokenInit[mechTypes=" + mechTypes + ", mechToken=" + (mechToken == null ? "none"
                : mechToken.length + " bytes") + ", hintName=" + hintName + ", mechListMIC="
                + (mechListMic == null ? "none" : "present") + "]";
    }
}
