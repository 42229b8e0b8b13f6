package io.signet.auth.kerberos;

import io.signet.auth.spnego.DerEncoder;
import io.signet.auth.spnego.DerFormatException;
import io.signet.auth.spnego.DerReader;
import io.signet.auth.spnego.Tlv;
import java.util.Optional;
import org.apache.kerby.kerberos.kerb.type.ad.AuthorizationData;
import org.apache.kerby.kerberos.kerb.type.ad.AuthorizationDataEntry;

/**
 * Finds the PAC in a ticket's authorization-data: an AD-WIN2K-PAC (128) element inside an AD-IF-RELEVANT (1)
 * element ([RFC 4120] 5.2.6.1, [MS-PAC] 3), which is where Windows KDCs put it.
 *
 * <pre>
 * AuthorizationData ::= SEQUENCE OF SEQUENCE { ad-type [0] Int32, ad-data [1] OCTET STRING }
 * AD-IF-RELEVANT    ::= AuthorizationData (DER, in the ad-data of an element of type 1)
 * </pre>
 *
 * <p>The contents of AD-IF-RELEVANT are read with the bounded DER reader, not Kerby's decoder. Two PACs in one
 * ticket are refused: which one the KDC meant cannot be told.
 */
final class TicketPac {
    static final int AD_IF_RELEVANT = 1;
    static final int AD_WIN2K_PAC = 128;

    private TicketPac() {
    }

    /** The PAC's bytes, or empty when the ticket carries none (Kerby, and MIT before 1.20, issue none). */
    static Optional<byte[]> find(AuthorizationData authorizationData) throws KerberosException {
        if (authorizationData == null || authorizationData.getElements() == null) {
            return Optional.empty();
        }
        byte[] found = null;
        for (AuthorizationDataEntry entry : authorizationData.getElements()) {
            if (entry.getAuthzType() == null || entry.getAuthzType().getValue() != AD_IF_RELEVANT
                    || entry.getAuthzData() == null) {
                continue;
            }
            byte[] pac = pacIn(entry.getAuthzData());
            if (pac != null) {
                if (found != null) {
                    throw new KerberosException("ticket with more than one PAC");
                }
                found = pac;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The ad-data of the one AD-WIN2K-PAC element in an AD-IF-RELEVANT's AuthorizationData, or null. */
    private static byte[] pacIn(byte[] ifRelevant) throws KerberosException {
        try {
            DerReader outer = new DerReader(ifRelevant, DerNesting.MAX_DEPTH);
            DerReader elements = outer.enter(outer.read(DerEncoder.SEQUENCE));
            outer.expectEnd();
            byte[] found = null;
            while (elements.hasMore()) {
                DerReader element = elements.enter(elements.read(DerEncoder.SEQUENCE));
                DerReader typeField = element.enter(element.read(DerEncoder.context(0)));
                Tlv type = typeField.read(0x02);
                DerReader dataField = element.enter(element.read(DerEncoder.context(1)));
                Tlv data = dataField.read(DerEncoder.OCTET_STRING);
                if (isPacType(typeField.value(type))) {
                    if (found != null) {
                        throw new KerberosException("ticket with more than one PAC");
                    }
                    found = dataField.value(data);
                }
            }
            return found;
        } catch (DerFormatException e) {
            throw new KerberosException("malformed AD-IF-RELEVANT: " + e.getMessage());
        }
    }

    /** Whether a DER INTEGER's contents are 128: 00 80 in minimal form. */
    private static boolean isPacType(byte[] integer) {
        return integer.length == 2 && integer[0] == 0 && (integer[1] & 0xFF) == AD_WIN2K_PAC;
    }
}
