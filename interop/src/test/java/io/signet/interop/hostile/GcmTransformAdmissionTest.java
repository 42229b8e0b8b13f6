package io.signet.interop.hostile;

import static io.signet.interop.hostile.GcmSupport.create;
import static io.signet.interop.hostile.GcmSupport.gmacLoggedOn;
import static io.signet.interop.hostile.GcmSupport.write;
import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertClosed;
import static io.signet.interop.hostile.HostileSupport.assertSessionWorks;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.signet.interop.raw.RawSmb2Client;
import io.signet.interop.raw.RawSmb2Client.RawSession;
import io.signet.interop.raw.RawTransform;
import io.signet.protocol.crypto.transform.CipherId;
import io.signet.protocol.smb2.message.FileId;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * [MS-SMB2] 3.3.5.2.1.1 with AES-GCM: a TRANSFORM message is opened with the key of the session it names, and what it
 * holds runs as that session only. Mallory, with an account and keys of her own, injects into alice's connection; the
 * WRITE she aims at alice's file must never run, alice's connection is closed, and mallory's own connection is still
 * served.
 */
class GcmTransformAdmissionTest extends HostileServer {

    /** Alice's WRITE, her session's id in the TRANSFORM_HEADER, sealed with mallory's key. */
    @ParameterizedTest
    @EnumSource(value = CipherId.class, names = {"AES_128_GCM", "AES_256_GCM"})
    void aTransformNamingTheVictimsSessionSealedWithAnotherKeyClosesTheConnection(CipherId cipher)
            throws IOException {
        try (RawSmb2Client victim = gmacLoggedOn(server.port(), VICTIM, VICTIM_PASSWORD, cipher);
             RawSmb2Client attacker = gmacLoggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD, cipher)) {
            int tree = treeConnect(victim, "data");
            FileId file = create(victim, tree, "target.bin");
            RawSession forged = new RawSession(victim.sessionId(), null, attacker.session().keys());
            victim.sendBytes(RawTransform.seal(cipher, write(victim, tree, file, 0, new byte[] {6}), forged));
            assertClosed(victim);
            assertEquals(0, Files.size(share.resolve("target.bin")));
            assertSessionWorks(attacker);
        }
    }

    /**
     * Sealed correctly by mallory, for her own session, but the WRITE inside names alice's session: it opens, and
     * must still not run as alice ({@code RequestGate}: the connection ends).
     */
    @ParameterizedTest
    @EnumSource(value = CipherId.class, names = {"AES_128_GCM", "AES_256_GCM"})
    void aTransformOfTheAttackersOwnSessionCarryingTheVictimsRequestClosesTheConnection(CipherId cipher)
            throws IOException {
        try (RawSmb2Client victim = gmacLoggedOn(server.port(), VICTIM, VICTIM_PASSWORD, cipher);
             RawSmb2Client attacker = gmacLoggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD, cipher)) {
            int tree = treeConnect(victim, "data");
            FileId file = create(victim, tree, "target.bin");
            victim.sendBytes(RawTransform.seal(cipher, write(victim, tree, file, 0, new byte[] {6}),
                    attacker.session()));
            assertClosed(victim);
            assertEquals(0, Files.size(share.resolve("target.bin")));
            assertSessionWorks(attacker);
        }
    }

    /**
     * On her own connection, a TRANSFORM naming her own session but sealed with the key of another session of hers
     * (logged on over a third connection): the key is not the named session's, so the connection ends.
     */
    @ParameterizedTest
    @EnumSource(value = CipherId.class, names = {"AES_128_GCM", "AES_256_GCM"})
    void aTransformSealedWithTheKeyOfAnotherSessionClosesTheConnection(CipherId cipher) throws IOException {
        try (RawSmb2Client victim = gmacLoggedOn(server.port(), VICTIM, VICTIM_PASSWORD, cipher);
             RawSmb2Client attacker = gmacLoggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD, cipher);
             RawSmb2Client other = gmacLoggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD, cipher)) {
            int tree = treeConnect(attacker, "data");
            FileId file = create(attacker, tree, "own.bin");
            RawSession forged = new RawSession(attacker.sessionId(), null, other.session().keys());
            attacker.sendBytes(RawTransform.seal(cipher, write(attacker, tree, file, 0, new byte[] {6}), forged));
            assertClosed(attacker);
            assertEquals(0, Files.size(share.resolve("own.bin")));
            assertSessionWorks(other);
            assertSessionWorks(victim);

            // The same WRITE with the right key is served: the refusal above was the key's.
            int victimTree = treeConnect(victim, "data");
            FileId victimFile = create(victim, victimTree, "alice.bin");
            victim.sendEncrypted(write(victim, victimTree, victimFile, 0, new byte[] {7}), victim.session());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, victim.receive());
            assertArrayEquals(new byte[] {7}, Files.readAllBytes(share.resolve("alice.bin")));
        }
    }
}
