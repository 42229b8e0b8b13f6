package io.signet.interop.hostile;

import static io.signet.interop.hostile.GcmSupport.create;
import static io.signet.interop.hostile.GcmSupport.gmacLoggedOn;
import static io.signet.interop.hostile.GcmSupport.write;
import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.STATUS_USER_SESSION_DELETED;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertClosed;
import static io.signet.interop.hostile.HostileSupport.assertSessionWorks;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.interop.raw.RawSmb2Client.RawSession;
import io.signet.protocol.smb2.message.FileId;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * [MS-SMB2] 3.3.5.2.3 and 3.3.5.2.4 on AES-GMAC sessions: what an attacker with an account of her own can send on, or
 * inject into, alice's connection. Mallory's key does not sign alice's requests, an unsigned request on alice's
 * session is refused, and a signed request captured and replayed under its MessageId does not run twice.
 */
class GmacSessionAdmissionTest extends HostileServer {

    /** Mallory, logged on over her own connection, signs a WRITE naming alice's session and injects it into hers. */
    @Test
    void aRequestSignedWithAnotherSessionsKeyIsDeniedOnTheVictimsConnection() throws IOException {
        try (RawSmb2Client victim = gmacLoggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client attacker = gmacLoggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int tree = treeConnect(victim, "data");
            FileId file = create(victim, tree, "target.bin");
            RawSession alice = victim.session();
            RawSession mallory = attacker.session();

            ByteBuf forged = write(victim, tree, file, 0, new byte[] {6, 6, 6});
            victim.send(RawSmb2Client.signWith(forged, mallory.signer()));
            assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED, victim.receive());
            assertEquals(0, Files.size(share.resolve("target.bin")), "mallory's WRITE reached alice's file");

            // On her own connection alice's session is not there at all.
            attacker.use(new RawSession(alice.id(), mallory.signer(), mallory.keys()));
            attacker.send(attacker.sign(write(attacker, tree, file, 0, new byte[] {6, 6, 6})));
            assertStatus(STATUS_USER_SESSION_DELETED, attacker.receive());
            assertEquals(0, Files.size(share.resolve("target.bin")));
            attacker.use(mallory);
            assertSessionWorks(attacker);
            assertSessionWorks(victim);
        }
    }

    @Test
    void anUnsignedRequestOnTheSigningRequiredSessionIsDenied() throws IOException {
        try (RawSmb2Client victim = gmacLoggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client attacker = gmacLoggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int tree = treeConnect(victim, "data");
            FileId file = create(victim, tree, "target.bin");
            victim.send(write(victim, tree, file, 0, new byte[] {6, 6, 6}));
            assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED, victim.receive());
            assertEquals(0, Files.size(share.resolve("target.bin")));
            assertSessionWorks(victim);
            assertSessionWorks(attacker);
        }
    }

    /**
     * Alice writes "AAAA", then "BBBB" over it; the captured first WRITE sent again under its MessageId must not
     * write "AAAA" back: the connection ends ([MS-SMB2] 3.3.5.2.3), the file keeps "BBBB".
     */
    @Test
    void aReplayedSignedWriteDoesNotRunTwice() throws IOException {
        try (RawSmb2Client victim = gmacLoggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client attacker = gmacLoggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int tree = treeConnect(victim, "data");
            FileId file = create(victim, tree, "target.bin");
            byte[] first = ByteBufUtil.getBytes(victim.sign(write(victim, tree, file, 0, "AAAA".getBytes())));
            victim.sendBytes(first);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, victim.receive());
            victim.send(victim.sign(write(victim, tree, file, 0, "BBBB".getBytes())));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, victim.receive());

            victim.sendBytes(first);
            assertClosed(victim);
            assertArrayEquals("BBBB".getBytes(), Files.readAllBytes(share.resolve("target.bin")));
            assertSessionWorks(attacker);
        }
    }
}
