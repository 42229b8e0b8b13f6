package io.signet.interop.hostile;

import static io.signet.interop.hostile.GcmSupport.create;
import static io.signet.interop.hostile.GcmSupport.gmacLoggedOn;
import static io.signet.interop.hostile.GcmSupport.gmacTag;
import static io.signet.interop.hostile.GcmSupport.signWithRoleBits;
import static io.signet.interop.hostile.GcmSupport.write;
import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertClosed;
import static io.signet.interop.hostile.HostileSupport.assertSessionWorks;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.openRoot;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.CancelRequest;
import io.signet.protocol.smb2.message.ChangeNotifyRequest;
import io.signet.protocol.smb2.message.EchoRequest;
import io.signet.protocol.smb2.message.FileId;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * [MS-SMB2] 3.1.4.1: the AES-GMAC nonce is the MessageId followed by role bits, bit 0 for a message the server sends,
 * bit 1 for an SMB2 CANCEL request; [MS-SMB2] 3.3.5.2.4 verifies a request under the nonce of a request. A signature
 * computed under any other role (as the server would have signed, or as a CANCEL would be) must not admit a request,
 * and a CANCEL signed as an ordinary request must not cancel anything. The signatures here are computed with the JDK's
 * AES-GCM from alice's signing key, with role bits of the test's choosing; the correct role bits are the positive
 * control of the same computation.
 */
class GmacNonceAdmissionTest extends HostileServer {
    private static final int AS_SERVER = 1;
    private static final int AS_CANCEL = 2;

    @Test
    void anEchoSignedUnderTheServersOrTheCancelNonceIsDenied() throws IOException {
        try (RawSmb2Client victim = gmacLoggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            byte[] key = victim.session().keys().signingKey();
            for (int roleBits : new int[] {AS_SERVER, AS_CANCEL, AS_SERVER | AS_CANCEL}) {
                victim.send(signWithRoleBits(echo(victim), key, roleBits));
                assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED, victim.receive());
            }
            victim.send(signWithRoleBits(echo(victim), key, 0));
            RawResponse served = victim.receive();
            assertStatus(RawSmb2Client.STATUS_SUCCESS, served);
            assertTrue(served.signatureValid(), served.toString());
        }
    }

    /** The other direction, checked without the server's code: a response is signed under the server's role bit. */
    @Test
    void theServerSignsItsResponsesUnderTheServersNonce() throws IOException {
        try (RawSmb2Client victim = gmacLoggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            RawResponse echoed = victim.call(Smb2Command.ECHO.code(), 0, body -> new EchoRequest().encode(body));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, echoed);
            byte[] signature = Arrays.copyOfRange(echoed.bytes(), Smb2Header.OFFSET_SIGNATURE,
                    Smb2Header.OFFSET_SIGNATURE + Smb2Header.SIGNATURE_SIZE);
            assertArrayEquals(gmacTag(victim.session().keys().signingKey(), echoed.bytes(), AS_SERVER), signature);
        }
    }

    @Test
    void aWriteSignedUnderTheServersNonceIsNotWritten() throws IOException {
        try (RawSmb2Client victim = gmacLoggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client attacker = gmacLoggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            byte[] key = victim.session().keys().signingKey();
            int tree = treeConnect(victim, "data");
            FileId file = create(victim, tree, "target.bin");
            victim.send(signWithRoleBits(write(victim, tree, file, 0, new byte[] {1, 2, 3}), key, AS_SERVER));
            assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED, victim.receive());
            assertEquals(0, Files.size(share.resolve("target.bin")));
            assertSessionWorks(victim);
            assertSessionWorks(attacker);
        }
    }

    /**
     * A server's signed response sent back to it: its nonce is the one the server signed under, so only the spent
     * MessageId ([MS-SMB2] 3.3.5.2.3) and the response flag stand between it and the handler. The connection ends.
     */
    @Test
    void aSignedResponseReflectedToTheServerEndsTheConnection() throws IOException {
        try (RawSmb2Client victim = gmacLoggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client attacker = gmacLoggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            RawResponse echoed = victim.call(Smb2Command.ECHO.code(), 0, body -> new EchoRequest().encode(body));
            assertTrue(echoed.signatureValid(), echoed.toString());
            victim.sendBytes(echoed.bytes());
            assertClosed(victim);
            assertSessionWorks(attacker);
        }
    }

    @Test
    void aCancelSignedUnderAnotherRoleCancelsNothing() throws IOException {
        try (RawSmb2Client victim = gmacLoggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            byte[] key = victim.session().keys().signingKey();
            int tree = treeConnect(victim, "data");
            FileId root = openRoot(victim, tree);
            long notifyMid = victim.nextMessageId();
            ByteBuf notify = victim.newRequest(Smb2Command.CHANGE_NOTIFY.code(), tree);
            new ChangeNotifyRequest(0, 4096, root, ChangeNotifyRequest.FILE_NOTIFY_CHANGE_FILE_NAME).encode(notify);
            victim.send(victim.sign(notify));
            RawResponse interim = victim.receiveCompound().get(0);
            assertStatus(RawSmb2Client.STATUS_PENDING, interim);
            long asyncId = interim.header().asyncId();

            for (int roleBits : new int[] {0, AS_SERVER, AS_SERVER | AS_CANCEL}) {
                victim.send(signWithRoleBits(cancel(victim, notifyMid, asyncId), key, roleBits));
                assertStillPending(victim);
            }
            victim.send(signWithRoleBits(cancel(victim, notifyMid, asyncId), key, AS_CANCEL));
            RawResponse cancelled = victim.receive();
            assertEquals(notifyMid, cancelled.header().messageId());
            assertStatus(HostileSupport.STATUS_CANCELLED, cancelled);
            assertTrue(cancelled.signatureValid(), cancelled.toString());
        }
    }

    private static ByteBuf echo(RawSmb2Client client) {
        ByteBuf m = client.newRequest(Smb2Command.ECHO.code(), 0);
        new EchoRequest().encode(m);
        return m;
    }

    /** An async CANCEL ([MS-SMB2] 2.2.1.1) of {@code asyncId}, carrying the MessageId of the request it cancels. */
    private static ByteBuf cancel(RawSmb2Client client, long targetMid, long asyncId) {
        ByteBuf m = client.newRequest(Smb2Command.CANCEL.code(), 0, targetMid);
        new CancelRequest().encode(m);
        m.setIntLE(Smb2Header.OFFSET_FLAGS, m.getIntLE(Smb2Header.OFFSET_FLAGS) | Smb2Header.FLAG_ASYNC_COMMAND);
        m.setLongLE(Smb2Header.OFFSET_ASYNC_ID, asyncId);
        return m;
    }

    /** A signed ECHO is answered before anything else: no CANCELLED response was waiting. */
    private static void assertStillPending(RawSmb2Client client) throws IOException {
        long mid = client.nextMessageId();
        client.send(client.sign(echo(client)));
        List<RawResponse> next = client.receiveCompound();
        assertEquals(mid, next.get(0).header().messageId(), "expected the ECHO's answer, got " + next.get(0));
        assertStatus(RawSmb2Client.STATUS_SUCCESS, next.get(0));
    }
}
