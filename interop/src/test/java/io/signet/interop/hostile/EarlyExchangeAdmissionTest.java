package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertClosed;
import static io.signet.interop.hostile.HostileSupport.assertSessionWorks;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.channel;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.treeConnectMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.auth.ntlm.NtlmInitiator;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.message.NegotiateResponse;
import io.signet.protocol.smb2.message.SessionSetupRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a peer can do before a session is established: an SMB1 multi-protocol negotiate ([MS-SMB2] 3.3.5.3) settles at
 * most once and nothing but a NEGOTIATE of SMB1 is answered; a session still being set up on one connection can be
 * neither bound ([MS-SMB2] 3.3.5.5: Session.State InProgress) nor used from another, and its logon completes
 * untouched.
 */
class EarlyExchangeAdmissionTest extends HostileServer {
    private static final int STATUS_REQUEST_NOT_ACCEPTED = 0xC00000D0;
    private static final int STATUS_USER_SESSION_DELETED = 0xC0000203;
    private static final int SMB2_0_2 = 0x0202;
    private static final int SMB2_WILDCARD = 0x02FF;

    @Test
    void aSessionStillInProgressCanNeitherBeBoundNorUsedFromAnotherConnection() throws IOException {
        try (RawSmb2Client victim = RawSmb2Client.connect(server.port());
             RawSmb2Client attacker = channel(server.port())) {
            victim.negotiate(Dialect.SMB3_0_2, HostileSupport.CAP_ENCRYPTION | RawSmb2Client.CAP_MULTI_CHANNEL);
            NtlmInitiator ntlm = new NtlmInitiator(VICTIM, "", VICTIM_PASSWORD, "RAWCLIENT");
            RawResponse challenge = victim.sessionSetupStart(ntlm);
            assertStatus(RawSmb2Client.STATUS_MORE_PROCESSING_REQUIRED, challenge);
            long inProgress = challenge.header().sessionId();

            // The attacker names the session from her own connection: as a binding, with her own credentials, and
            // as a plain request. There is no key yet to sign either with.
            attacker.use(new RawSmb2Client.RawSession(inProgress, null, null));
            NtlmInitiator own = new NtlmInitiator(ATTACKER, "", ATTACKER_PASSWORD, "RAWCHANNEL");
            attacker.send(attacker.sessionSetupMessage(SessionSetupRequest.FLAG_BINDING, own.negotiate()));
            RawResponse binding = attacker.receive();
            assertStatus(STATUS_REQUEST_NOT_ACCEPTED, binding);
            attacker.send(treeConnectMessage(attacker, "data"));
            RawResponse used = attacker.receive();
            assertStatus(STATUS_USER_SESSION_DELETED, used);
            assertEquals(0, used.header().treeId(), "no tree connect may come of it");

            assertStatus(RawSmb2Client.STATUS_SUCCESS, victim.sessionSetupFinish(ntlm, challenge));
            assertSessionWorks(victim);
            assertEquals(inProgress, victim.sessionId(), "the logon completed the session it began");
        }
        try (RawSmb2Client other = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            assertSessionWorks(other);
        }
    }

    /**
     * [MS-SMB2] 3.3.5.3.1: an SMB1 negotiate offering "SMB 2.002" settles the connection at 2.0.2 with an SMB2
     * NEGOTIATE response; the connection is negotiated, so a second SMB1 negotiate is not answered but ends it.
     */
    @Test
    void anSmb1NegotiateSettlesOnceAndASecondClosesTheConnection() throws IOException {
        try (RawSmb2Client client = RawSmb2Client.connect(server.port())) {
            client.sendBytes(smb1Negotiate(List.of("NT LM 0.12", "SMB 2.002"), 0));
            RawResponse settled = client.receive();
            assertStatus(RawSmb2Client.STATUS_SUCCESS, settled);
            assertEquals(SMB2_0_2, NegotiateResponse.decode(settled.buf()).dialectRevision());

            client.sendBytes(smb1Negotiate(List.of("SMB 2.002"), 0));
            assertClosed(client);
        }
        try (RawSmb2Client next = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            assertSessionWorks(next);
        }
    }

    /**
     * "SMB 2.???" answers with the wildcard dialect and leaves the connection unnegotiated for the SMB2 NEGOTIATE to
     * follow, also when ByteCount claims more than the frame holds; an SMB1 negotiate without an SMB2 dialect, and an
     * SMB1 request other than NEGOTIATE, end the connection.
     */
    @Test
    void anSmb1NegotiateIsReadOnlyAsFarAsTheFrameGoes() throws IOException {
        try (RawSmb2Client client = RawSmb2Client.connect(server.port())) {
            client.sendBytes(smb1Negotiate(List.of("SMB 2.002", "SMB 2.???"), 0x7FFF));
            RawResponse wildcard = client.receive();
            assertStatus(RawSmb2Client.STATUS_SUCCESS, wildcard);
            assertEquals(SMB2_WILDCARD, NegotiateResponse.decode(wildcard.buf()).dialectRevision());
            // The wildcard response used MessageId 0; the SMB2 NEGOTIATE follows it with MessageId 1.
            client.newRequest(0, 0).release();
            client.negotiate(Dialect.SMB3_1_1);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, client.sessionSetup(VICTIM, VICTIM_PASSWORD));
            assertSessionWorks(client);
        }
        try (RawSmb2Client client = RawSmb2Client.connect(server.port())) {
            client.sendBytes(smb1Negotiate(List.of("NT LM 0.12"), 0));
            assertClosed(client);
        }
        try (RawSmb2Client client = RawSmb2Client.connect(server.port())) {
            byte[] echo = smb1Negotiate(List.of("SMB 2.002"), 0);
            echo[4] = 0x2B; // SMB_COM_ECHO
            client.sendBytes(echo);
            assertClosed(client);
        }
    }

    /**
     * An SMB1 SMB_COM_NEGOTIATE ([MS-CIFS] 2.2.4.52.1) offering {@code dialects}; {@code extraByteCount} is added to
     * the true ByteCount, to claim more than is sent.
     */
    private static byte[] smb1Negotiate(List<String> dialects, int extraByteCount) {
        ByteBuf b = Unpooled.buffer();
        b.writeIntLE(0x424D53FF);                 // Protocol: 0xFF 'S' 'M' 'B'
        b.writeByte(0x72);                        // Command: SMB_COM_NEGOTIATE
        b.writeZero(27);                          // the rest of the 32-byte header
        b.writeByte(0);                           // WordCount
        int byteCountAt = b.writerIndex();
        b.writeShortLE(0);                        // ByteCount, set below
        int start = b.writerIndex();
        for (String d : dialects) {
            b.writeByte(0x02);                    // BufferFormat: dialect
            b.writeCharSequence(d, StandardCharsets.US_ASCII);
            b.writeByte(0);
        }
        b.setShortLE(byteCountAt, b.writerIndex() - start + extraByteCount);
        byte[] out = ByteBufUtil.getBytes(b);
        b.release();
        return out;
    }
}
