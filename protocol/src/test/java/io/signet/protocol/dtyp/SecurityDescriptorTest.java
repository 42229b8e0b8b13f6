package io.signet.protocol.dtyp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static io.signet.protocol.dtyp.SecurityDescriptor.SE_DACL_AUTO_INHERITED;
import static io.signet.protocol.dtyp.SecurityDescriptor.SE_DACL_AUTO_INHERIT_REQ;
import static io.signet.protocol.dtyp.SecurityDescriptor.SE_DACL_PRESENT;
import static io.signet.protocol.dtyp.SecurityDescriptor.SE_DACL_PROTECTED;
import static io.signet.protocol.dtyp.SecurityDescriptor.SE_OWNER_DEFAULTED;
import static io.signet.protocol.dtyp.SecurityDescriptor.SE_SACL_PRESENT;
import static io.signet.protocol.dtyp.SecurityDescriptor.SE_SACL_PROTECTED;
import static io.signet.protocol.dtyp.SecurityDescriptor.SE_SELF_RELATIVE;
import static io.signet.protocol.dtyp.SecurityInformation.DACL_SECURITY_INFORMATION;
import static io.signet.protocol.dtyp.SecurityInformation.GROUP_SECURITY_INFORMATION;
import static io.signet.protocol.dtyp.SecurityInformation.OWNER_SECURITY_INFORMATION;
import static io.signet.protocol.dtyp.SecurityInformation.PROTECTED_DACL_SECURITY_INFORMATION;
import static io.signet.protocol.dtyp.SecurityInformation.SACL_SECURITY_INFORMATION;
import static io.signet.protocol.dtyp.SecurityInformation.UNPROTECTED_DACL_SECURITY_INFORMATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class SecurityDescriptorTest {
    /**
     * [MS-DTYP] 2.5.1.4 SDDL String to Binary Security Descriptor Examples: the binary form of
     * {@code O:BAG:BAD:P(A;CIOI;GRGX;;;BU)(A;CIOI;GA;;;BA)(A;CIOI;GA;;;SY)(A;CIOI;GA;;;CO)S:P(AU;FA;GR;;;WD)}.
     */
    static final String SPEC_EXAMPLE = """
            01 00 14 b0 90 00 00 00 a0 00 00 00 14 00 00 00
            30 00 00 00 02 00 1c 00 01 00 00 00 02 80 14 00
            00 00 00 80 01 01 00 00 00 00 00 01 00 00 00 00
            02 00 60 00 04 00 00 00 00 03 18 00 00 00 00 a0
            01 02 00 00 00 00 00 05 20 00 00 00 21 02 00 00
            00 03 18 00 00 00 00 10 01 02 00 00 00 00 00 05
            20 00 00 00 20 02 00 00 00 03 14 00 00 00 00 10
            01 01 00 00 00 00 00 05 12 00 00 00 00 03 14 00
            00 00 00 10 01 01 00 00 00 00 00 03 00 00 00 00
            01 02 00 00 00 00 00 05 20 00 00 00 20 02 00 00
            01 02 00 00 00 00 00 05 20 00 00 00 20 02 00 00
            """;

    static final Sid ALICE = Sid.parse("S-1-5-21-1-2-3-1001");
    private static final String ALICE_HEX = "0105 000000000005 15000000 01000000 02000000 03000000 e9030000";
    private static final String USERS_HEX = "0102 000000000005 20000000 21020000";

    /** Owner, group and a one-ACE DACL, laid out by hand from [MS-DTYP] 2.4.6. */
    static final String HAND_BUILT = String.join("\n",
            "01 00 0480            // Revision 1, Sbz1, Control SE_SELF_RELATIVE | SE_DACL_PRESENT",
            "40000000              // OffsetOwner",
            "5c000000              // OffsetGroup",
            "00000000              // OffsetSacl: none",
            "14000000              // OffsetDacl",
            "02 00 2c00 0100 0000  // 0x14 DACL: revision 2, AclSize 44, AceCount 1",
            "00 00 2400 ff011f00   // ACCESS_ALLOWED, AceSize 36, FILE_ALL_ACCESS, then the SID",
            ALICE_HEX,
            ALICE_HEX + "          // 0x40 owner",
            USERS_HEX + "          // 0x5c group");

    private static final int GR_GX = AccessMask.GENERIC_READ | AccessMask.GENERIC_EXECUTE;
    private static final int CI_OI = Ace.CONTAINER_INHERIT_ACE | Ace.OBJECT_INHERIT_ACE;

    /** The spec example's descriptor built from its SDDL by hand, not by decoding. */
    static SecurityDescriptor specExampleModel() {
        Acl sacl = Acl.of(new Ace(Ace.SYSTEM_AUDIT_ACE_TYPE, Ace.FAILED_ACCESS_ACE_FLAG, AccessMask.GENERIC_READ,
                Sid.EVERYONE));
        Acl dacl = Acl.of(
                Ace.allow(Sid.BUILTIN_USERS, GR_GX, CI_OI),
                Ace.allow(Sid.BUILTIN_ADMINISTRATORS, AccessMask.GENERIC_ALL, CI_OI),
                Ace.allow(Sid.LOCAL_SYSTEM, AccessMask.GENERIC_ALL, CI_OI),
                Ace.allow(Sid.CREATOR_OWNER, AccessMask.GENERIC_ALL, CI_OI));
        return new SecurityDescriptor(SE_DACL_PROTECTED | SE_SACL_PROTECTED, Sid.BUILTIN_ADMINISTRATORS,
                Sid.BUILTIN_ADMINISTRATORS, sacl, dacl);
    }

    static SecurityDescriptor aliceModel() {
        return new SecurityDescriptor(0, ALICE, Sid.BUILTIN_USERS, null, Acl.of(Ace.allow(ALICE, Ace.FULL_CONTROL, 0)));
    }

    @Test
    void encodesTheSpecExampleByteForByte() {
        SecurityDescriptor sd = specExampleModel();
        assertEquals(0xb014, sd.control());
        assertEquals(0xb0, sd.encodedSize());
        assertEquals(Hex.clean(SPEC_EXAMPLE), Hex.encoded(sd::encode));
    }

    @Test
    void decodesTheSpecExample() {
        SecurityDescriptor sd = Hex.decoded(SPEC_EXAMPLE, SecurityDescriptor::decode);
        assertEquals(specExampleModel(), sd);
        assertEquals(Sid.BUILTIN_ADMINISTRATORS, sd.owner());
        assertEquals(4, sd.dacl().aces().size());
        assertEquals(Sid.CREATOR_OWNER, sd.dacl().aces().get(3).sid());
        assertEquals(Ace.FAILED_ACCESS_ACE_FLAG, sd.sacl().aces().get(0).flags());
        assertEquals(Hex.clean(SPEC_EXAMPLE), Hex.encoded(sd::encode));
    }

    @Test
    void handBuiltLayout() {
        SecurityDescriptor sd = aliceModel();
        assertEquals(Hex.clean(HAND_BUILT), Hex.encoded(sd::encode));
        assertEquals(108, sd.encodedSize());
        assertEquals(sd, Hex.decoded(HAND_BUILT, SecurityDescriptor::decode));
    }

    @Test
    void decodeConsumesTheDescriptorAndLeavesTrailingBytes() {
        ByteBuf buf = Unpooled.wrappedBuffer(Hex.bytes("cafe " + SPEC_EXAMPLE + " 0000000000000000"));
        try {
            buf.readerIndex(2);   // offsets are relative to the reader index, not to the buffer
            SecurityDescriptor sd = SecurityDescriptor.decode(buf);
            assertEquals(specExampleModel(), sd);
            assertEquals(2 + 0xb0, buf.readerIndex());
        } finally {
            buf.release();
        }
    }

    @Test
    void partsInAnotherOrderDecodeToTheSameValue() {
        String ownerFirst = """
                01 00 0480 14000000 30000000 00000000 40000000
                """ + ALICE_HEX + USERS_HEX + "02 00 2c00 0100 0000 00 00 2400 ff011f00" + ALICE_HEX;
        assertEquals(aliceModel(), Hex.decoded(ownerFirst, SecurityDescriptor::decode));
    }

    @Test
    void nullDaclAndAbsentDaclAreDifferent() {
        String nullDacl = "01 00 0480 00000000 00000000 00000000 00000000";
        SecurityDescriptor sd = Hex.decoded(nullDacl, SecurityDescriptor::decode);
        assertTrue(sd.isNullDacl());
        assertEquals(Hex.clean(nullDacl), Hex.encoded(sd::encode));

        // SE_DACL_PRESENT clear: the offset is ignored, as Windows does, even though it points at garbage.
        SecurityDescriptor absent = Hex.decoded("01 00 0080 00000000 00000000 00000000 14000000 ffffffff",
                SecurityDescriptor::decode);
        assertFalse(absent.isDaclPresent());
        assertFalse(absent.isNullDacl());
        assertNull(absent.dacl());
    }

    @Test
    void constructorKeepsControlConsistentWithTheParts() {
        SecurityDescriptor sd = new SecurityDescriptor(SecurityDescriptor.SE_RM_CONTROL_VALID, null, null, Acl.of(),
                Acl.of());
        assertEquals(SE_SELF_RELATIVE | SE_DACL_PRESENT | SE_SACL_PRESENT, sd.control());
        assertThrows(IllegalArgumentException.class, () -> new SecurityDescriptor(0x10000, null, null, null, null));
    }

    private static void assertInvalid(String hex) {
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, Hex.failure(hex, SecurityDescriptor::decode));
    }

    @Test
    void malformedHeaders() {
        assertInvalid("");
        assertInvalid("01 00 0480 00000000 00000000 00000000");             // 16 of 20 header bytes
        assertInvalid("02 00 0480 00000000 00000000 00000000 00000000");    // Revision 2
        assertInvalid("01 00 0400 00000000 00000000 00000000 00000000");    // absolute form: SE_SELF_RELATIVE clear
    }

    /** {@link #HAND_BUILT} with the header replaced. */
    private static String withHeader(String header) {
        return header + Hex.clean(HAND_BUILT).substring(40);
    }

    @Test
    void offsetsAreBoundsChecked() {
        assertInvalid(withHeader("01 00 0480 00010000 5c000000 00000000 14000000"));   // owner offset past the end
        assertInvalid(withHeader("01 00 0480 ffffffff 5c000000 00000000 14000000"));   // 0xffffffff, no int overflow
        assertInvalid(withHeader("01 00 0480 68000000 5c000000 00000000 14000000"));   // owner runs past the end
        assertInvalid(withHeader("01 00 0480 40000000 10000000 00000000 14000000"));   // group inside the header
        assertInvalid(withHeader("01 00 0480 40000000 5e000000 00000000 14000000"));   // unaligned group
        assertInvalid(withHeader("01 00 1480 40000000 5c000000 6c000000 14000000"));   // SACL at the very end
    }

    @Test
    void overlappingPartsAreRejected() {
        assertInvalid(withHeader("01 00 0480 40000000 40000000 00000000 14000000"));   // owner and group share bytes
        assertInvalid(withHeader("01 00 1480 40000000 5c000000 14000000 14000000"));   // SACL and DACL are one ACL
        // The DACL claims AclSize 48 (one ACE plus 4 unused bytes), which reaches into the owner at 0x40.
        String hex = Hex.clean(HAND_BUILT);
        assertInvalid(hex.substring(0, 44) + "3000" + hex.substring(48));
        // Moving owner and group 4 bytes further makes the same unused space harmless.
        String slack = "01 00 0480 44000000 60000000 00000000 14000000"
                + "02 00 3000 0100 0000 00 00 2400 ff011f00" + ALICE_HEX + " 00000000" + ALICE_HEX + USERS_HEX;
        assertEquals(aliceModel(), Hex.decoded(slack, SecurityDescriptor::decode));
    }

    @Test
    void aclSizeLargerThanTheBufferIsRejected() {
        String hex = Hex.clean(HAND_BUILT);
        assertInvalid(hex.substring(0, 44) + "ff00" + hex.substring(48));          // DACL AclSize 0xff
        assertInvalid(hex.substring(0, 48) + "60ea" + hex.substring(52));          // DACL AceCount 60000
    }

    @Test
    void selectKeepsOnlyTheRequestedParts() {
        SecurityDescriptor full = specExampleModel();
        SecurityDescriptor ownerAndDacl = full.select(OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION);
        assertEquals(new SecurityDescriptor(SE_DACL_PROTECTED, Sid.BUILTIN_ADMINISTRATORS, null, null, full.dacl()),
                ownerAndDacl);
        assertEquals(SE_SELF_RELATIVE | SE_DACL_PRESENT | SE_DACL_PROTECTED, ownerAndDacl.control());

        SecurityDescriptor ownerOnly = full.select(OWNER_SECURITY_INFORMATION);
        assertEquals(Hex.clean("01 00 0080 14000000 00000000 00000000 00000000 0102 000000000005 20000000 20020000"),
                Hex.encoded(ownerOnly::encode));
        assertEquals(Hex.clean("01 00 0080 00000000 00000000 00000000 00000000"),
                Hex.encoded(full.select(0)::encode));

        // All four parts, with the PROTECTED/UNPROTECTED request bits and a LABEL bit that select ignores.
        assertEquals(full, full.select(0xF | PROTECTED_DACL_SECURITY_INFORMATION
                | UNPROTECTED_DACL_SECURITY_INFORMATION | SecurityInformation.LABEL_SECURITY_INFORMATION));
        assertEquals(SE_SELF_RELATIVE | SE_SACL_PRESENT | SE_SACL_PROTECTED,
                full.select(SACL_SECURITY_INFORMATION).control());
        assertTrue(new SecurityDescriptor(SE_DACL_PRESENT, null, null, null, null)
                .select(DACL_SECURITY_INFORMATION).isNullDacl());
    }

    @Test
    void mergeReplacesOnlyTheNamedParts() {
        SecurityDescriptor current = aliceModel();
        SecurityDescriptor update = specExampleModel();

        SecurityDescriptor newDacl = current.merge(update, DACL_SECURITY_INFORMATION);
        assertEquals(ALICE, newDacl.owner());
        assertEquals(Sid.BUILTIN_USERS, newDacl.group());
        assertEquals(update.dacl(), newDacl.dacl());
        assertNull(newDacl.sacl());
        assertEquals(SE_SELF_RELATIVE | SE_DACL_PRESENT | SE_DACL_PROTECTED, newDacl.control());

        SecurityDescriptor newOwner = current.merge(update, OWNER_SECURITY_INFORMATION);
        assertEquals(new SecurityDescriptor(current.control(), Sid.BUILTIN_ADMINISTRATORS, Sid.BUILTIN_USERS, null,
                current.dacl()), newOwner);

        SecurityDescriptor everything = current.merge(update, 0xF);
        assertEquals(update, everything);
    }

    @Test
    void mergeTakesDaclControlBitsFromTheUpdate() {
        SecurityDescriptor current = new SecurityDescriptor(SE_DACL_PROTECTED | SE_OWNER_DEFAULTED, ALICE, null, null,
                Acl.of());
        SecurityDescriptor update = new SecurityDescriptor(SE_DACL_AUTO_INHERITED | SE_DACL_AUTO_INHERIT_REQ, null,
                null, null, Acl.of(Ace.allow(Sid.EVERYONE, Ace.READ_AND_EXECUTE, 0)));
        SecurityDescriptor merged = current.merge(update, DACL_SECURITY_INFORMATION);
        // PROTECTED came from the old DACL and goes with it; the request bit is not stored; OWNER_DEFAULTED stays.
        assertEquals(SE_SELF_RELATIVE | SE_DACL_PRESENT | SE_DACL_AUTO_INHERITED | SE_OWNER_DEFAULTED,
                merged.control());

        assertTrue((current.merge(update, DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION).control()
                & SE_DACL_PROTECTED) != 0);
        SecurityDescriptor protectedUpdate = new SecurityDescriptor(SE_DACL_PROTECTED, null, null, null, Acl.of());
        assertEquals(0, current.merge(protectedUpdate, DACL_SECURITY_INFORMATION
                | UNPROTECTED_DACL_SECURITY_INFORMATION).control() & SE_DACL_PROTECTED);
        // The protection request bits do nothing unless the DACL is being set.
        assertEquals(current, current.merge(update, UNPROTECTED_DACL_SECURITY_INFORMATION));

        SecurityDescriptor nullDacl = new SecurityDescriptor(SE_DACL_PRESENT, null, null, null, null);
        assertTrue(current.merge(nullDacl, DACL_SECURITY_INFORMATION).isNullDacl());
    }

    /** smbtorture smb2.acls.INHERITFLAGS: AUTO_INHERITED is kept only when AUTO_INHERIT_REQ comes with it. */
    @Test
    void autoInheritedNeedsTheRequestBit() {
        SecurityDescriptor current = new SecurityDescriptor(SE_DACL_AUTO_INHERITED, ALICE, null, null, Acl.of());
        SecurityDescriptor alone = new SecurityDescriptor(SE_DACL_AUTO_INHERITED, null, null, null,
                Acl.of(Ace.allow(ALICE, 0x2, Ace.INHERITED_ACE)));
        SecurityDescriptor merged = current.merge(alone, DACL_SECURITY_INFORMATION);
        assertEquals(0, merged.control() & (SE_DACL_AUTO_INHERITED | SE_DACL_AUTO_INHERIT_REQ));
        assertEquals(alone.dacl(), merged.dacl(), "the ACEs' own flags are kept as given");
        SecurityDescriptor request = new SecurityDescriptor(SE_DACL_AUTO_INHERIT_REQ, null, null, null, Acl.of());
        assertEquals(0, current.merge(request, DACL_SECURITY_INFORMATION).control()
                & (SE_DACL_AUTO_INHERITED | SE_DACL_AUTO_INHERIT_REQ));
        // Changing the owner leaves the DACL's bits alone (smb2.acls.SDFLAGSVSCHOWN).
        SecurityDescriptor owner = new SecurityDescriptor(0, Sid.EVERYONE, null, null, null);
        assertEquals(SE_DACL_AUTO_INHERITED, current.merge(owner, OWNER_SECURITY_INFORMATION).control()
                & SE_DACL_AUTO_INHERITED);
    }

    @Test
    void mergeRejectsMissingOwnerOrGroupAndContradictoryProtection() {
        SecurityDescriptor current = aliceModel();
        SecurityDescriptor daclOnly = current.select(DACL_SECURITY_INFORMATION);
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, assertThrows(SmbException.class,
                () -> current.merge(daclOnly, OWNER_SECURITY_INFORMATION)).status());
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, assertThrows(SmbException.class,
                () -> current.merge(daclOnly, GROUP_SECURITY_INFORMATION)).status());
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, assertThrows(SmbException.class,
                () -> current.merge(daclOnly, DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION
                        | UNPROTECTED_DACL_SECURITY_INFORMATION)).status());
    }

    /**
     * 2000 seeded mutations of valid descriptors: each must either decode or fail with SmbException, and whatever
     * decodes must survive an encode/decode round trip unchanged.
     */
    @Test
    void randomCorruptionDecodesOrFailsWithSmbExceptionOnly() {
        byte[][] seeds = {Hex.bytes(SPEC_EXAMPLE), Hex.bytes(HAND_BUILT),
                Hex.bytes(Hex.encoded(new SecurityDescriptor(0, ALICE, ALICE, Acl.of(Ace.opaque(0x07, 0,
                        new byte[36])), Acl.of(Ace.deny(Sid.ANONYMOUS, -1, 0)))::encode))};
        Random random = new Random(0x5EC_DE5CL);
        int decoded = 0;
        int rejected = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] input = mutate(seeds[i % seeds.length], random);
            ByteBuf buf = Unpooled.wrappedBuffer(input);
            try {
                SecurityDescriptor sd = SecurityDescriptor.decode(buf);
                decoded++;
                String encoded = Hex.encoded(sd::encode);
                assertEquals(sd.encodedSize() * 2, encoded.length());
                assertEquals(sd, Hex.decoded(encoded, SecurityDescriptor::decode), "round trip of mutation " + i);
            } catch (SmbException e) {
                assertEquals(NtStatus.STATUS_INVALID_PARAMETER, e.status());
                rejected++;
            } catch (RuntimeException e) {
                fail("mutation " + i + " (" + ByteBufUtil.hexDump(input) + ") threw " + e, e);
            } finally {
                buf.release();
            }
        }
        // Both outcomes must actually occur, or the mutations are not exercising the decoder.
        assertTrue(decoded > 100, "decoded " + decoded);
        assertTrue(rejected > 100, "rejected " + rejected);
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            switch (random.nextInt(5)) {
                case 0 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                case 1 -> b[random.nextInt(Math.min(b.length, 20))] = (byte) random.nextInt(256);   // header
                case 2 -> {
                    // A 16-bit field set to an edge value. ACLs and ACEs start 4-byte aligned, so AclSize and
                    // AceSize sit at 2 mod 4, AceCount and the low halves of offsets at 0 mod 4.
                    int at = Math.min(b.length - 2, 4 * random.nextInt(b.length / 4 + 1) + 2 * random.nextInt(2));
                    int v = new int[]{0, 1, 4, 8, 0x20, 0x7ffc, 0xfffc, 0xffff, 0xea60}[random.nextInt(9)];
                    b[at] = (byte) v;
                    b[at + 1] = (byte) (v >>> 8);
                }
                case 3 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length + 1));   // truncate
                default -> b = java.util.Arrays.copyOf(b, b.length + 4 * random.nextInt(4));   // grow with zeros
            }
            if (b.length < 2) {
                return b;
            }
        }
        return b;
    }
}
