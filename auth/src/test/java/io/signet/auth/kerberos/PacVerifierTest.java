package io.signet.auth.kerberos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.auth.testing.PacBuilder;
import io.signet.protocol.dtyp.Sid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.kerby.kerberos.kerb.crypto.EncryptionHandler;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionType;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PACs made by {@link PacBuilder}, good and bad, through {@link PacVerifier}. */
class PacVerifierTest {
    private static final Sid DOMAIN = Sid.parse("S-1-5-21-1111-2222-3333");

    private EncryptionKey key;
    private PacBuilder pac;

    @BeforeEach
    void setUp() throws Exception {
        key = EncryptionHandler.random2Key(EncryptionType.AES256_CTS_HMAC_SHA1_96);
        pac = new PacBuilder();
    }

    private PacLogonInfo verify(byte[] bytes) throws KerberosException {
        return verify(bytes, key);
    }

    private PacLogonInfo verify(byte[] bytes, EncryptionKey with) throws KerberosException {
        return PacVerifier.verify(bytes, with, new KerberosTime(pac.authTimeMillis), new PrincipalName("alice"))
                .orElseThrow(() -> new AssertionError("no logon information"));
    }

    /** A PAC as MIT's KDC makes it since 1.20 ([MS-PAC] 2.4: every buffer is optional). */
    private void mitShaped() {
        pac.withLogonInfo = false;
        pac.otherBuffers.add(new byte[][] {{0x10, 0, 0, 0}, // PAC_TICKET_CHECKSUM, which only the KDC can check
                {0x10, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}});
    }

    private String refusal(byte[] bytes) {
        return assertThrows(KerberosException.class, () -> verify(bytes)).getMessage();
    }

    private static void assertContains(String reason, String expected) {
        assertTrue(reason.contains(expected), () -> "'" + reason + "' does not contain '" + expected + "'");
    }

    @Test
    void aGoodPacYieldsTheUserAndGroupSids() throws Exception {
        pac.groups.add(new int[] {1200, 0});       // not enabled: not in the token
        pac.groups.add(new int[] {1201, 0x17});    // deny-only: not in the token
        pac.extraSids.add(new Object[] {Sid.parse("S-1-5-21-4444-5555-6666-1301"), 7});
        pac.extraSids.add(new Object[] {Sid.parse("S-1-18-1"), 7});
        pac.resourceDomain = Sid.parse("S-1-5-21-7777-8888-9999");
        pac.resourceGroups.add(new int[] {1401, 0x20000007});

        PacLogonInfo info = verify(pac.build(key));

        assertEquals(DOMAIN.withRid(1104), info.userSid());
        assertEquals(DOMAIN.withRid(513), info.primaryGroupSid());
        assertEquals(List.of(DOMAIN.withRid(513), DOMAIN.withRid(1108), Sid.parse("S-1-5-21-7777-8888-9999-1401")),
                info.groupSids());
        assertEquals(List.of(Sid.parse("S-1-5-21-4444-5555-6666-1301"), Sid.parse("S-1-18-1")), info.extraSids());
        assertEquals(List.of(DOMAIN.withRid(1104), DOMAIN.withRid(513), DOMAIN.withRid(1108),
                Sid.parse("S-1-5-21-7777-8888-9999-1401"), Sid.parse("S-1-5-21-4444-5555-6666-1301"),
                Sid.parse("S-1-18-1")), info.allSids());
    }

    @Test
    void extraSidsAndResourceGroupsCountOnlyWhenUserFlagsSaySo() throws Exception {
        pac.extraSids.add(new Object[] {Sid.parse("S-1-5-21-4444-5555-6666-1301"), 7});
        pac.resourceDomain = Sid.parse("S-1-5-21-7777-8888-9999");
        pac.resourceGroups.add(new int[] {1401, 7});
        pac.userFlags = 0;
        PacLogonInfo info = verify(pac.build(key));
        assertEquals(List.of(), info.extraSids());
        assertEquals(List.of(DOMAIN.withRid(513), DOMAIN.withRid(1108)), info.groupSids());
    }

    @Test
    void aes128AndRc4ServerSignaturesVerify() throws Exception {
        for (EncryptionType type : List.of(EncryptionType.AES128_CTS_HMAC_SHA1_96, EncryptionType.ARCFOUR_HMAC)) {
            EncryptionKey other = EncryptionHandler.random2Key(type);
            assertEquals(DOMAIN.withRid(1104), verify(pac.build(other), other).userSid(), type.getName());
        }
    }

    @Test
    void aFlippedByteInTheLogonInfoFailsTheSignature() throws Exception {
        byte[] bytes = pac.build(key);
        int logonOffset = 8 + 16 * 4;
        bytes[logonOffset + 16 + 104] ^= 0x01; // UserId
        assertContains(refusal(bytes), "server signature (type 16) does not verify");
    }

    @Test
    void aWrongKeyFailsTheSignature() throws Exception {
        byte[] bytes = pac.build(key);
        EncryptionKey other = EncryptionHandler.random2Key(EncryptionType.AES256_CTS_HMAC_SHA1_96);
        assertThrows(KerberosException.class, () -> verify(bytes, other));
        EncryptionKey aes128 = EncryptionHandler.random2Key(EncryptionType.AES128_CTS_HMAC_SHA1_96);
        assertThrows(KerberosException.class, () -> verify(bytes, aes128), "a type 16 signature for an AES128 key");
    }

    @Test
    void everyRequiredBufferMustBeThere() throws Exception {
        pac.withServerSignature = false;
        assertContains(refusal(pac.build(key)), "no server signature");
        pac.withServerSignature = true;
        pac.withKdcSignature = false;
        assertContains(refusal(pac.build(key)), "no KDC signature");
        pac.withKdcSignature = true;
        pac.withClientInfo = false;
        assertContains(refusal(pac.build(key)), "no PAC_CLIENT_INFO");
    }

    @Test
    void aPacWithoutLogonInfoIsValidAndSaysNothingAboutGroups() throws Exception {
        mitShaped();
        assertEquals(Optional.empty(), PacVerifier.verify(pac.build(key), key, new KerberosTime(pac.authTimeMillis),
                new PrincipalName("alice")));
    }

    @Test
    void aPacWithoutLogonInfoStillNeedsItsServerSignature() throws Exception {
        mitShaped();
        byte[] bytes = pac.build(key);
        byte[] flipped = bytes.clone();
        flipped[8 + 16 * 4 + 10] ^= 0x01; // a letter of the client name
        assertContains(refusal(flipped), "server signature (type 16) does not verify");
        EncryptionKey other = EncryptionHandler.random2Key(EncryptionType.AES256_CTS_HMAC_SHA1_96);
        assertContains(assertThrows(KerberosException.class, () -> verify(bytes, other)).getMessage(),
                "server signature (type 16) does not verify");
        pac.withServerSignature = false;
        assertContains(refusal(pac.build(key)), "no server signature");
    }

    @Test
    void aPacWithoutLogonInfoStillNeedsTheTicketsClientInfo() throws Exception {
        mitShaped();
        pac.clientName = "bob";
        assertContains(refusal(pac.build(key)), "PAC_CLIENT_INFO names bob");
        pac.clientName = "alice";
        pac.clientIdOffset = 10_000_000;
        assertContains(refusal(pac.build(key)), "is not the ticket's authtime");
        pac.clientIdOffset = 0;
        pac.withClientInfo = false;
        assertContains(refusal(pac.build(key)), "no PAC_CLIENT_INFO");
    }

    @Test
    void aKdcSignatureOfUnknownTypeIsRefused() throws Exception {
        pac.kdcSignatureType = 1;
        assertContains(refusal(pac.build(key)), "KDC signature of unknown checksum type 1");
    }

    @Test
    void clientInfoMustNameTheTicketsClientAndAuthtime() throws Exception {
        pac.clientName = "bob";
        assertContains(refusal(pac.build(key)), "PAC_CLIENT_INFO names bob");
        pac.clientName = "ALICE";
        assertEquals(DOMAIN.withRid(1104), verify(pac.build(key)).userSid(), "names compare without case");
        pac.clientIdOffset = 10_000_000; // one second
        assertContains(refusal(pac.build(key)), "is not the ticket's authtime");
    }

    @Test
    void everyTruncationIsRefused() throws Exception {
        byte[] bytes = pac.build(key);
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThrows(KerberosException.class, () -> verify(cut), "PAC cut to " + length + " bytes");
        }
    }

    @Test
    void buffersOutsideThePacAreRefused() throws Exception {
        byte[] good = pac.build(key);
        // cBuffers of 2^32 - 1: no array is made for them
        assertContains(refusal(patch32(good, 0, -1)), "claims 4294967295 buffers");
        assertContains(refusal(patch32(good, 4, 1)), "version 1");
        // the logon info buffer's size, then its offset, past the end
        assertContains(refusal(patch32(good, 8 + 4, good.length)), "lies outside");
        assertContains(refusal(patch32(good, 8 + 8, 0x7FFF_FFF8)), "lies outside");
        assertContains(refusal(patch32(good, 8 + 12, 0x8000_0000)), "lies outside"); // Offset of 2^63
        // pointing back into the header, or not on an 8-byte boundary
        assertContains(refusal(patch32(good, 8 + 8, 8)), "lies outside");
        assertContains(refusal(patch32(good, 8 + 8, (int) u32(good, 8 + 8) + 4)), "8-byte boundary");
        // the client info placed over the logon info
        assertContains(refusal(patch32(good, 8 + 16 + 8, (int) u32(good, 8 + 8))), "overlap");
    }

    @Test
    void hugeNdrCountsAreRefusedWithoutAllocating() throws Exception {
        pac.groupCountOnWire = 0x7FFF_FFFF;
        assertContains(refusal(pac.build(key)), "claims 2147483647 elements");
        pac.groupCountOnWire = -1;
        assertContains(refusal(pac.build(key)), "claims 4294967295 elements");
        pac.groupCountOnWire = 3; // the count says 3, the array holds 2 and the rest of the stream is read as groups
        assertThrows(KerberosException.class, () -> verify(pac.build(key)));
    }

    @Test
    void objectBufferLengthMustFitTheBufferAndHoldTheStructure() throws Exception {
        byte[] logon = pac.logonInfo();
        pac.rawLogonInfo = patch32(logon, 8, logon.length);
        assertContains(refusal(pac.build(key)), "ObjectBufferLength");
        pac.rawLogonInfo = patch32(logon, 8, 100); // ends inside the structure
        assertContains(refusal(pac.build(key)), "PAC_LOGON_INFO:");
        pac.rawLogonInfo = patch32(logon, 4, 0); // the common header's filler
        assertContains(refusal(pac.build(key)), "type serialization header");
    }

    @Test
    void ndrPointersAreReadInStreamOrderWhateverTheirReferentIds() throws Exception {
        // Unique pointers do not alias: the same referent id everywhere still means one pointee each, in order.
        pac.sameReferentIds = true;
        pac.extraSids.add(new Object[] {Sid.parse("S-1-5-21-4444-5555-6666-1301"), 7});
        PacLogonInfo info = verify(pac.build(key));
        assertEquals(DOMAIN.withRid(1104), info.userSid());
        assertEquals(List.of(Sid.parse("S-1-5-21-4444-5555-6666-1301")), info.extraSids());
    }

    @Test
    void aNullLogonDomainIdOrGroupArrayIsRefused() throws Exception {
        pac.nullLogonDomainId = true;
        assertContains(refusal(pac.build(key)), "null LogonDomainId");
        pac.nullLogonDomainId = false;
        byte[] logon = pac.logonInfo();
        pac.rawLogonInfo = patch32(logon, 16 + 116, 0); // GroupIds pointer null, GroupCount 2
        assertContains(refusal(pac.build(key)), "GroupIds is null but its count is 2");
    }

    @Test
    void randomDamageToASignedLogonInfoIsAlwaysARefusalNeverACrash() throws Exception {
        byte[] logon = pac.logonInfo();
        Random random = new Random(7);
        int accepted = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] damaged = logon.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                damaged[16 + random.nextInt(damaged.length - 16)] = (byte) random.nextInt(256);
            }
            pac.rawLogonInfo = damaged;
            try {
                verify(pac.build(key));
                accepted++; // a change to an ignored field (times, strings' contents)
            } catch (KerberosException expected) {
                // refused
            }
        }
        assertTrue(accepted < 3000);
    }

    @Test
    void signaturesDoNotSurviveABufferAddedAfterSigning() throws Exception {
        byte[] good = pac.build(key);
        List<byte[][]> buffers = new ArrayList<>();
        for (int i = 0; i < u32(good, 0); i++) {
            int at = 8 + 16 * i;
            int offset = (int) u32(good, at + 8);
            buffers.add(new byte[][] {Arrays.copyOfRange(good, at, at + 4),
                    Arrays.copyOfRange(good, offset, offset + (int) u32(good, at + 4))});
        }
        assertEquals(DOMAIN.withRid(1104), verify(PacBuilder.assemble(buffers)).userSid(), "the same PAC again");
        buffers.add(new byte[][] {{0x0C, 0, 0, 0}, new byte[8]}); // an UPN_DNS_INFO the KDC did not sign
        assertContains(refusal(PacBuilder.assemble(buffers)), "does not verify");
    }

    private static byte[] patch32(byte[] bytes, int at, int value) {
        byte[] copy = bytes.clone();
        for (int i = 0; i < 4; i++) {
            copy[at + i] = (byte) (value >>> (8 * i));
        }
        return copy;
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }
}
