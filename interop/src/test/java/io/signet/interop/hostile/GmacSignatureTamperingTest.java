package io.signet.interop.hostile;

import static io.signet.interop.hostile.GcmSupport.LARGE;
import static io.signet.interop.hostile.GcmSupport.create;
import static io.signet.interop.hostile.GcmSupport.gmacLoggedOn;
import static io.signet.interop.hostile.GcmSupport.random;
import static io.signet.interop.hostile.GcmSupport.write;
import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertSessionWorks;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBufUtil;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.FileId;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * [MS-SMB2] 3.3.5.2.4 with AES-GMAC signing (3.1.1, SMB2_SIGNING_CAPABILITIES): a signed WRITE of 1 MiB and 17 bytes
 * (a frame of 256 KiB pieces, not block-aligned) with one bit changed on the wire, in the header, in the body or in a
 * later piece, fails its signature: STATUS_ACCESS_DENIED, nothing written. The attacker can alter alice's traffic but
 * holds no key of hers; alice's session and the attacker's own connection go on working, and alice's same WRITE
 * untouched is then written whole.
 */
class GmacSignatureTamperingTest extends HostileServer {

    /** Where one bit of the signed WRITE is changed, as an offset into the SMB2 message. */
    enum Where {
        /** CreditRequest (header offset 14): covered by the signature and checked by nothing else first. */
        HEADER_CREDITS(14),
        /** The Signature field itself. */
        SIGNATURE(Smb2Header.OFFSET_SIGNATURE + 7),
        /** The WRITE's Offset field (body offset 8): the data would land elsewhere. */
        BODY_OFFSET_FIELD(Smb2Header.SIZE + 8),
        /** Data in the frame's first piece. */
        FIRST_PIECE(1000),
        /** Data in the frame's third 256 KiB piece. */
        LATER_PIECE(600_000),
        /** The message's last byte, in the last piece's odd tail. */
        LAST_BYTE(-1);

        final int offset;

        Where(int offset) {
            this.offset = offset;
        }
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void aBitChangedInASignedWriteIsDeniedAndNothingIsWritten(Where where) throws IOException {
        byte[] data = random(LARGE, where.ordinal());
        try (RawSmb2Client victim = gmacLoggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client attacker = gmacLoggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int tree = treeConnect(victim, "data");
            FileId file = create(victim, tree, "target.bin");

            byte[] signed = ByteBufUtil.getBytes(victim.sign(write(victim, tree, file, 0, data)));
            int at = where.offset < 0 ? signed.length + where.offset : where.offset;
            signed[at] ^= 0x04;
            victim.sendBytes(signed);
            RawResponse refused = victim.receive();
            assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED, refused);
            assertEquals(0, Files.size(share.resolve("target.bin")), "data of the tampered WRITE reached the file");

            assertSessionWorks(attacker);
            assertSessionWorks(victim);
            victim.send(victim.sign(write(victim, tree, file, 0, data)));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, victim.receive());
            assertArrayEquals(data, Files.readAllBytes(share.resolve("target.bin")), "the untouched WRITE");
        }
    }
}
