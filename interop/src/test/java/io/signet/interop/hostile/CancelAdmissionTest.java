package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.openRoot;
import static io.signet.interop.hostile.HostileSupport.secondSession;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.interop.raw.RawSmb2Client.RawSession;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.CancelRequest;
import io.signet.protocol.smb2.message.ChangeNotifyRequest;
import io.signet.protocol.smb2.message.EchoRequest;
import io.signet.protocol.smb2.message.FileId;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * [MS-SMB2] 3.3.5.16 Receiving an SMB2 CANCEL Request and 3.2.4.24: a CANCEL carries the session of the request it
 * cancels and is signed when that session requires signing. Another user's CANCEL, an unsigned one naming the victim's
 * session, or one without a session, must leave the victim's pending request alone.
 *
 * <p>Whether a CANCEL took effect is seen in the order of responses: the connection handles its requests one after
 * another, and a cancelled CHANGE_NOTIFY answers STATUS_CANCELLED at once; a signed ECHO sent after the CANCEL must
 * therefore be answered first if, and only if, nothing was cancelled.
 */
class CancelAdmissionTest extends HostileServer {

    @Test
    void onlyTheSessionsOwnSignedCancelCancelsItsPendingRequest() throws IOException {
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            RawSession alice = client.session();
            int tree = treeConnect(client, "data");
            FileId root = openRoot(client, tree);
            RawSession mallory = secondSession(client, ATTACKER, ATTACKER_PASSWORD);
            client.use(alice);

            long notifyMid = client.nextMessageId();
            ByteBuf notify = client.newRequest(Smb2Command.CHANGE_NOTIFY.code(), tree);
            new ChangeNotifyRequest(0, 4096, root, ChangeNotifyRequest.FILE_NOTIFY_CHANGE_FILE_NAME).encode(notify);
            client.send(client.sign(notify));
            RawResponse interim = client.receiveCompound().get(0);
            assertStatus(RawSmb2Client.STATUS_PENDING, interim);
            long asyncId = interim.header().asyncId();

            // Unsigned, naming alice's session (which requires signing), by AsyncId.
            client.send(cancel(client, alice.id(), notifyMid, asyncId));
            assertStillPending(client, alice);
            // Without any session, by AsyncId and by MessageId.
            client.send(cancel(client, 0, notifyMid, asyncId));
            client.send(cancel(client, 0, notifyMid, -1));
            assertStillPending(client, alice);
            // Mallory's own session, correctly signed with her key, by AsyncId and by MessageId.
            client.send(RawSmb2Client.signWith(cancel(client, mallory.id(), notifyMid, asyncId), mallory.signer()));
            client.send(RawSmb2Client.signWith(cancel(client, mallory.id(), notifyMid, -1), mallory.signer()));
            assertStillPending(client, alice);
            // Alice's session, signed with mallory's key.
            client.send(RawSmb2Client.signWith(cancel(client, alice.id(), notifyMid, asyncId), mallory.signer()));
            assertStillPending(client, alice);

            // Alice's own signed CANCEL works.
            client.send(client.sign(cancel(client, alice.id(), notifyMid, asyncId)));
            RawResponse cancelled = client.receive();
            assertEquals(notifyMid, cancelled.header().messageId());
            assertStatus(HostileSupport.STATUS_CANCELLED, cancelled);
            assertTrue(cancelled.signatureValid(), "the final response is signed with alice's key");
        }
    }

    /**
     * A CANCEL for {@code targetMid}: async form with {@code asyncId} ([MS-SMB2] 2.2.1.1), or sync form (matched by
     * MessageId) when {@code asyncId} is -1. Unsigned.
     */
    private static ByteBuf cancel(RawSmb2Client client, long sessionId, long targetMid, long asyncId) {
        RawSession current = client.session();
        client.use(new RawSession(sessionId, current.signer(), current.keys()));
        ByteBuf m = client.newRequest(Smb2Command.CANCEL.code(), 0, targetMid);
        client.use(current);
        new CancelRequest().encode(m);
        if (asyncId != -1) {
            m.setIntLE(Smb2Header.OFFSET_FLAGS, m.getIntLE(Smb2Header.OFFSET_FLAGS) | Smb2Header.FLAG_ASYNC_COMMAND);
            m.setLongLE(Smb2Header.OFFSET_ASYNC_ID, asyncId);
        }
        return m;
    }

    /** A signed ECHO of alice's is answered before anything else: no CANCELLED response was waiting. */
    private static void assertStillPending(RawSmb2Client client, RawSession alice) throws IOException {
        client.use(alice);
        long mid = client.nextMessageId();
        ByteBuf echo = client.newRequest(Smb2Command.ECHO.code(), 0);
        new EchoRequest().encode(echo);
        client.send(client.sign(echo));
        List<RawResponse> next = client.receiveCompound();
        assertEquals(mid, next.get(0).header().messageId(), "expected the ECHO's answer, got " + next.get(0));
        assertStatus(RawSmb2Client.STATUS_SUCCESS, next.get(0));
    }
}
