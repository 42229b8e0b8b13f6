package io.signet.auth.kerberos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Optional;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionType;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.junit.jupiter.api.Test;

/**
 * A PAC as MIT's krb5kdc 1.20.1 (Debian 12) put it in a service ticket for cifs/signet.test@EXAMPLE.COM issued to
 * alice@EXAMPLE.COM, taken from the decrypted ticket, with the service key of that throwaway realm. It has no
 * PAC_LOGON_INFO: MIT KDCs since 1.20 add a PAC to every ticket, with only the client information and signatures.
 */
class MitPacTest {
    private static final byte[] PAC = HexFormat.of().parseHex(String.join("",
            "04000000", "00000000",                          // cBuffers 4, Version 0
            "0a000000", "14000000", "4800000000000000",      // PAC_CLIENT_INFO, 20 bytes at 72
            "10000000", "10000000", "6000000000000000",      // PAC_TICKET_CHECKSUM (0x10), 16 bytes at 96
            "06000000", "10000000", "7000000000000000",      // server signature, 16 bytes at 112
            "07000000", "10000000", "8000000000000000",      // KDC signature, 16 bytes at 128
            "0098fcdbfc85dd01", "0a00", "61006c00690063006500", "00000000", // ClientId, NameLength, "alice", pad
            "10000000", "e174509a1e553d7e3e91592d",          // ticket signature: HMAC-SHA1-96-AES256
            "10000000", "2d1c7a6eaabed7e46d9d1c10",          // server signature: HMAC-SHA1-96-AES256
            "10000000", "761006f049ecbc7317c151f3"));        // KDC signature: HMAC-SHA1-96-AES256
    private static final EncryptionKey SERVICE_KEY = new EncryptionKey(EncryptionType.AES256_CTS_HMAC_SHA1_96,
            HexFormat.of().parseHex("b82a6eb79b891bbc10096932e7a286e8d4031b5ea48d9ff90f8e29151e586e63"));
    private static final KerberosTime AUTH_TIME = new KerberosTime(1_796_614_896_000L);

    private static Optional<PacLogonInfo> verify(byte[] pac, String client) throws KerberosException {
        return PacVerifier.verify(pac, SERVICE_KEY, AUTH_TIME, new PrincipalName(client));
    }

    @Test
    void itVerifiesAndHasNoLogonInformation() throws Exception {
        assertEquals(Optional.empty(), verify(PAC, "alice"));
    }

    @Test
    void itIsAboutAliceOnly() {
        String reason = assertThrows(KerberosException.class, () -> verify(PAC, "bob")).getMessage();
        assertTrue(reason.contains("PAC_CLIENT_INFO names alice, the ticket bob"), reason);
    }

    @Test
    void anyChangeBreaksItsServerSignature() {
        // ClientId, the name, the ticket signature (which the server signature covers; the KDC signature it does not)
        for (int at : new int[] {72, 82, 100}) {
            byte[] changed = PAC.clone();
            changed[at] ^= 0x01;
            String reason = assertThrows(KerberosException.class, () -> verify(changed, "alice")).getMessage();
            assertTrue(reason.contains("server signature (type 16) does not verify") || reason.contains("ClientId"),
                    "byte " + at + ": " + reason);
        }
    }
}
