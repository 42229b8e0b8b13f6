package io.signet.auth.kerberos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.apache.kerby.kerberos.kerb.KrbCodec;
import org.apache.kerby.kerberos.kerb.type.ad.AuthorizationData;
import org.apache.kerby.kerberos.kerb.type.ad.AuthorizationDataEntry;
import org.apache.kerby.kerberos.kerb.type.ad.AuthorizationType;
import org.junit.jupiter.api.Test;

/** Finding the PAC in a ticket's authorization-data ([RFC 4120] 5.2.6). */
class TicketPacTest {
    private static final byte[] PAC = {1, 2, 3, 4};

    private static AuthorizationData data(AuthorizationDataEntry... entries) {
        AuthorizationData ad = new AuthorizationData();
        for (AuthorizationDataEntry e : entries) {
            ad.addElement(e);
        }
        return ad;
    }

    private static AuthorizationDataEntry ifRelevant(AuthorizationDataEntry... inner) throws Exception {
        return new AuthorizationDataEntry(AuthorizationType.AD_IF_RELEVANT, KrbCodec.encode(data(inner)));
    }

    private static AuthorizationDataEntry pac() {
        return new AuthorizationDataEntry(AuthorizationType.AD_WIN2K_PAC, PAC);
    }

    @Test
    void thePacIsFoundInsideAdIfRelevant() throws Exception {
        AuthorizationDataEntry other = new AuthorizationDataEntry(AuthorizationType.AD_ETYPE_NEGOTIATION, new byte[2]);
        assertArrayEquals(PAC, TicketPac.find(data(ifRelevant(other, pac()))).orElseThrow());
    }

    @Test
    void noAuthorizationDataOrAPacOutsideAdIfRelevantMeansNoPac() throws Exception {
        assertEquals(Optional.empty(), TicketPac.find(null));
        assertEquals(Optional.empty(), TicketPac.find(data()));
        assertEquals(Optional.empty(), TicketPac.find(data(pac())), "only AD-IF-RELEVANT carries the PAC");
    }

    @Test
    void twoPacsAreRefused() throws Exception {
        assertThrows(KerberosException.class, () -> TicketPac.find(data(ifRelevant(pac(), pac()))));
        assertThrows(KerberosException.class, () -> TicketPac.find(data(ifRelevant(pac()), ifRelevant(pac()))));
    }

    @Test
    void malformedAdIfRelevantIsRefused() {
        byte[][] bad = {{}, {0x30}, {0x30, 0x05, 0x30, 0x03}, {0x04, 0x00}, {0x30, 0x00, 0x00}};
        for (byte[] b : bad) {
            String reason = assertThrows(KerberosException.class, () -> TicketPac.find(
                    data(new AuthorizationDataEntry(AuthorizationType.AD_IF_RELEVANT, b)))).getMessage();
            assertTrue(reason.contains("AD-IF-RELEVANT"), reason);
        }
    }
}
