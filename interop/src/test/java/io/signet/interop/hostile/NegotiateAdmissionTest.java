package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertSessionWorks;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.auth.ntlm.NtlmInitiator;
import io.signet.interop.raw.RawMessages;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.crypto.KeyDerivation;
import io.signet.protocol.crypto.MessageSigner;
import io.signet.protocol.crypto.SessionKeys;
import io.signet.protocol.crypto.SigningAlgorithm;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.NegotiateContext;
import io.signet.protocol.smb2.message.NegotiateRequest;
import io.signet.protocol.smb2.message.NegotiateResponse;
import io.signet.protocol.smb2.message.SessionSetupRequest;
import io.signet.protocol.smb2.message.SessionSetupResponse;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * NEGOTIATE from an unauthenticated peer ([MS-SMB2] 3.3.5.4): malformed negotiate contexts are refused with a status
 * and leave the connection unnegotiated (a later well-formed NEGOTIATE still succeeds on it), and the 3.1.1 preauth
 * integrity hash a session starts from covers the NEGOTIATE request and response as they crossed the wire, also when
 * the NEGOTIATE is the first request of a compound whose SESSION_SETUP follows it.
 */
class NegotiateAdmissionTest extends HostileServer {
    private static final int STATUS_NO_PREAUTH_OVERLAP = 0xC05D0000;
    private static final int SHA_512 = 0x0001;
    private static final int AES_128_GCM = 0x0002;
    private static final int AES_CMAC = 0x0001;

    static Stream<Arguments> malformedContexts() {
        return Stream.of(
                Arguments.of("PREAUTH with HashAlgorithmCount 0", RawSmb2Client.STATUS_INVALID_PARAMETER,
                        List.of(preauth(0, SHA_512))),
                Arguments.of("PREAUTH with 33 hash algorithms", RawSmb2Client.STATUS_INVALID_PARAMETER,
                        List.of(context(NegotiateContext.PREAUTH_INTEGRITY_CAPABILITIES, ids(4, 33, 33)))),
                Arguments.of("PREAUTH whose count overruns the context", RawSmb2Client.STATUS_INVALID_PARAMETER,
                        List.of(preauth(20, SHA_512))), // 4 + 2 * 20 bytes > 38
                Arguments.of("PREAUTH of 2 bytes", RawSmb2Client.STATUS_INVALID_PARAMETER,
                        List.of(context(NegotiateContext.PREAUTH_INTEGRITY_CAPABILITIES, new byte[] {1, 0}))),
                Arguments.of("PREAUTH without SHA-512", STATUS_NO_PREAUTH_OVERLAP,
                        List.of(preauth(1, 0x0002))),
                Arguments.of("two PREAUTH contexts", RawSmb2Client.STATUS_INVALID_PARAMETER,
                        List.of(preauth(1, SHA_512), preauth(1, SHA_512))),
                Arguments.of("ENCRYPTION with CipherCount 0", RawSmb2Client.STATUS_INVALID_PARAMETER,
                        List.of(preauth(1, SHA_512), context(NegotiateContext.ENCRYPTION_CAPABILITIES, ids(2, 0, 0)))),
                Arguments.of("ENCRYPTION whose count overruns the context", RawSmb2Client.STATUS_INVALID_PARAMETER,
                        List.of(preauth(1, SHA_512),
                                context(NegotiateContext.ENCRYPTION_CAPABILITIES, ids(2, 5, 1, AES_128_GCM)))),
                Arguments.of("SIGNING of 1 byte", RawSmb2Client.STATUS_INVALID_PARAMETER,
                        List.of(preauth(1, SHA_512), context(NegotiateContext.SIGNING_CAPABILITIES, new byte[] {1}))),
                Arguments.of("two SIGNING contexts", RawSmb2Client.STATUS_INVALID_PARAMETER,
                        List.of(preauth(1, SHA_512), context(NegotiateContext.SIGNING_CAPABILITIES,
                                ids(2, 1, 1, AES_CMAC)), context(NegotiateContext.SIGNING_CAPABILITIES,
                                ids(2, 1, 1, AES_CMAC)))));
    }

    /**
     * A malformed context is answered with an error and settles nothing: no dialect is published for the connection,
     * so the client may negotiate again on it, and the server goes on serving.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedContexts")
    void aMalformedNegotiateContextIsRefusedAndNegotiatesNothing(String what, int status, List<byte[]> contexts)
            throws IOException {
        try (RawSmb2Client client = RawSmb2Client.connect(server.port())) {
            client.send(negotiateMessage(client, contexts));
            assertStatus(status, client.receive());

            assertSigningRequired(client.negotiate(Dialect.SMB3_1_1));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, client.sessionSetup(VICTIM, VICTIM_PASSWORD));
            assertSessionWorks(client);
        }
    }

    /**
     * A NEGOTIATE at 3.1.1 followed in the same compound by the first SESSION_SETUP leg: the session's preauth
     * integrity hash starts from the connection's, which covers the NEGOTIATE request and its response as sent, padding
     * included ([MS-SMB2] 3.3.5.4, 3.3.5.5.1). The logon completes, and the keys both sides derive from that hash sign
     * the final response and the requests after it.
     */
    @ParameterizedTest(name = "CANCEL between them: {0}")
    @ValueSource(booleans = {false, true})
    void aSessionSetupCompoundedAfterNegotiateAt311StartsFromTheWholeNegotiate(boolean cancelBetween)
            throws IOException {
        try (RawSmb2Client client = RawSmb2Client.connect(server.port())) {
            NtlmInitiator ntlm = new NtlmInitiator(VICTIM, "", VICTIM_PASSWORD, "RAWCLIENT");
            ByteBuf negotiate = RawMessages.chainNext(negotiateMessage(client,
                    List.of(preauth(1, SHA_512), context(NegotiateContext.SIGNING_CAPABILITIES,
                            ids(2, 1, 1, AES_CMAC)))));
            // [MS-SMB2] 3.3.5.16: a CANCEL is never answered and, naming no pending request, cancels nothing; it
            // neither closes the connection nor takes part in the preauth hash.
            ByteBuf cancel = RawMessages.chainNext(client.newRequest(Smb2Command.CANCEL.code(), 0, 99L)
                    .writeShortLE(4).writeShortLE(0));     // StructureSize (2 bytes), Reserved (2 bytes)
            ByteBuf setup = client.sessionSetupMessage(0, ntlm.negotiate());
            byte[] negotiateBytes = ByteBufUtil.getBytes(negotiate);
            byte[] cancelBytes = cancelBetween ? ByteBufUtil.getBytes(cancel) : new byte[0];
            byte[] setupBytes = ByteBufUtil.getBytes(setup);
            negotiate.release();
            cancel.release();
            setup.release();
            byte[] frame = new byte[negotiateBytes.length + cancelBytes.length + setupBytes.length];
            System.arraycopy(negotiateBytes, 0, frame, 0, negotiateBytes.length);
            System.arraycopy(cancelBytes, 0, frame, negotiateBytes.length, cancelBytes.length);
            System.arraycopy(setupBytes, 0, frame, negotiateBytes.length + cancelBytes.length, setupBytes.length);
            client.sendBytes(frame);

            List<RawResponse> answers = client.receiveCompound();
            assertEquals(2, answers.size(), "one response per request: " + answers);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, answers.get(0));
            NegotiateResponse negotiated = NegotiateResponse.decode(answers.get(0).buf());
            assertEquals(Dialect.SMB3_1_1.code(), negotiated.dialectRevision());
            RawResponse challenge = answers.get(1);
            assertStatus(RawSmb2Client.STATUS_MORE_PROCESSING_REQUIRED, challenge);

            byte[] hash = sha512(new byte[64], negotiateBytes);
            hash = sha512(hash, answers.get(0).bytes());
            hash = sha512(hash, setupBytes);
            hash = sha512(hash, challenge.bytes());
            client.use(new RawSmb2Client.RawSession(challenge.header().sessionId(), null, null));
            byte[] token = SessionSetupResponse.decode(challenge.buf()).securityBuffer();
            ByteBuf second = client.sessionSetupMessage(0, ntlm.authenticate(token));
            byte[] secondBytes = ByteBufUtil.getBytes(second);
            second.release();
            hash = sha512(hash, secondBytes);
            SessionKeys keys = KeyDerivation.derive(Dialect.SMB3_1_1, ntlm.sessionKey(), hash);
            MessageSigner signer = SigningAlgorithm.AES_CMAC.newSigner(keys.signingKey());
            client.use(new RawSmb2Client.RawSession(challenge.header().sessionId(), signer, keys));
            client.sendBytes(secondBytes);
            RawResponse done = client.receive();
            assertStatus(RawSmb2Client.STATUS_SUCCESS, done);
            assertTrue(done.signatureValid(), "the final SESSION_SETUP response must be signed with the key of the "
                    + "preauth hash over the whole compounded NEGOTIATE: " + done);
            assertSessionWorks(client);
        }
    }

    /**
     * A binding at 3.1.1 whose client hashed a NEGOTIATE response other than the one the server sent (one byte
     * changed on the way, as a man in the middle would) derives a channel key the server does not have: the server's
     * channel key comes from the binding's own preauth hash over the bytes it really exchanged ([MS-SMB2] 3.3.5.5,
     * 3.3.5.5.3). The final response does not verify under the client's key, and a request signed with it is refused
     * and not run; the untampered hash gives the key that does verify.
     */
    @Test
    void aBindingOverATamperedNegotiateGivesTheClientNoUsableChannelKey() throws IOException {
        try (RawSmb2Client first = RawSmb2Client.connect(server.port());
             RawSmb2Client second = RawSmb2Client.connect(server.port())) {
            first.negotiate(Dialect.SMB3_1_1);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, first.sessionSetup(VICTIM, VICTIM_PASSWORD));
            RawSmb2Client.RawSession session = first.session();

            ByteBuf negotiate = negotiateMessage(second, List.of(preauth(1, SHA_512),
                    context(NegotiateContext.SIGNING_CAPABILITIES, ids(2, 1, 1, AES_CMAC))),
                    RawSmb2Client.CAP_MULTI_CHANNEL);
            byte[] negotiateBytes = ByteBufUtil.getBytes(negotiate);
            second.send(negotiate);
            RawResponse negotiated = second.receive();
            assertStatus(RawSmb2Client.STATUS_SUCCESS, negotiated);
            HostileSupport.assertMultiChannel(NegotiateResponse.decode(negotiated.buf()));
            byte[] seen = negotiated.bytes().clone();
            seen[seen.length - 1] ^= 1;                      // the last byte of the last context, as received
            byte[] honest = sha512(sha512(new byte[64], negotiateBytes), negotiated.bytes());
            byte[] tampered = sha512(sha512(new byte[64], negotiateBytes), seen);

            second.use(session);
            NtlmInitiator ntlm = new NtlmInitiator(VICTIM, "", VICTIM_PASSWORD, "RAWCHANNEL");
            byte[] first1 = signedBindingLeg(second, session, ntlm.negotiate());
            second.sendBytes(first1);
            RawResponse challenge = second.receive();
            assertStatus(RawSmb2Client.STATUS_MORE_PROCESSING_REQUIRED, challenge);
            byte[] token = SessionSetupResponse.decode(challenge.buf()).securityBuffer();
            byte[] second2 = signedBindingLeg(second, session, ntlm.authenticate(token));
            second.sendBytes(second2);
            RawResponse done = second.receive();
            assertStatus(RawSmb2Client.STATUS_SUCCESS, done);

            MessageSigner right = channelSigner(ntlm, honest, first1, challenge, second2);
            MessageSigner wrong = channelSigner(ntlm, tampered, first1, challenge, second2);
            ByteBuf answer = Unpooled.wrappedBuffer(done.bytes());
            assertTrue(right.isValid(answer, 0, answer.readableBytes()), "the server's channel key is the honest one");
            assertFalse(wrong.isValid(answer, 0, answer.readableBytes()), "not the one of the tampered hash");

            second.use(new RawSmb2Client.RawSession(session.id(), wrong, session.keys()));
            second.send(second.sign(HostileSupport.treeConnectMessage(second, "data")));
            RawResponse refused = second.receive();
            assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED, refused);
            assertEquals(0, refused.header().treeId(), "no tree connect may come of it");
            second.use(new RawSmb2Client.RawSession(session.id(), right, session.keys()));
            assertSessionWorks(second);
            assertSessionWorks(first);
        }
    }

    private static byte[] signedBindingLeg(RawSmb2Client client, RawSmb2Client.RawSession session, byte[] token) {
        ByteBuf leg = RawSmb2Client.signWith(client.sessionSetupMessage(SessionSetupRequest.FLAG_BINDING, token),
                session.signer());
        byte[] bytes = ByteBufUtil.getBytes(leg);
        leg.release();
        return bytes;
    }

    /** [MS-SMB2] 3.2.5.3.1: Channel.SigningKey from the binding's session key and its preauth hash. */
    private static MessageSigner channelSigner(NtlmInitiator ntlm, byte[] start, byte[] leg1, RawResponse challenge,
                                               byte[] leg2) {
        byte[] hash = sha512(sha512(sha512(start, leg1), challenge.bytes()), leg2);
        return SigningAlgorithm.AES_CMAC.newSigner(
                KeyDerivation.derive(Dialect.SMB3_1_1, ntlm.sessionKey(), hash).signingKey());
    }

    /** A second NEGOTIATE in the compound of the first closes the connection ([MS-SMB2] 3.3.5.4). */
    @Test
    void aSecondNegotiateInTheCompoundOfTheFirstClosesTheConnection() throws IOException {
        try (RawSmb2Client client = RawSmb2Client.connect(server.port())) {
            List<byte[]> contexts = List.of(preauth(1, SHA_512));
            ByteBuf first = RawMessages.chainNext(negotiateMessage(client, contexts));
            ByteBuf second = negotiateMessage(client, contexts);
            ByteBuf frame = Unpooled.wrappedBuffer(first, second);
            try {
                client.sendBytes(ByteBufUtil.getBytes(frame));
            } finally {
                frame.release();
            }
            HostileSupport.assertClosed(client);
        }
        try (RawSmb2Client other = RawSmb2Client.connect(server.port())) {
            other.negotiate(Dialect.SMB3_1_1);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, other.sessionSetup(VICTIM, VICTIM_PASSWORD));
        }
    }

    private static void assertSigningRequired(NegotiateResponse negotiated) {
        HostileSupport.assertSigningRequired(negotiated);
    }

    /** A NEGOTIATE offering 3.1.1 alone with these contexts (each the context's Data), unsigned. */
    private static ByteBuf negotiateMessage(RawSmb2Client client, List<byte[]> contexts) {
        return negotiateMessage(client, contexts, 0);
    }

    /** As {@link #negotiateMessage(RawSmb2Client, List)}, announcing {@code capabilities}. */
    private static ByteBuf negotiateMessage(RawSmb2Client client, List<byte[]> contexts, int capabilities) {
        List<NegotiateContext> list = new ArrayList<>();
        for (byte[] typed : contexts) {
            list.add(new NegotiateContext((typed[0] & 0xFF) | (typed[1] & 0xFF) << 8,
                    Unpooled.wrappedBuffer(typed, 2, typed.length - 2)));
        }
        ByteBuf m = client.newRequest(Smb2Command.NEGOTIATE.code(), 0);
        byte[] guid = new byte[16];
        guid[0] = 7;
        new NegotiateRequest(NegotiateResponse.SIGNING_ENABLED, capabilities, guid, new int[] {Dialect.SMB3_1_1.code()}, list)
                .encode(m);
        return m;
    }

    /** One negotiate context as {@link #negotiateMessage} takes it: its type (2 bytes LE), then its Data. */
    private static byte[] context(int type, byte[] data) {
        byte[] out = new byte[2 + data.length];
        out[0] = (byte) type;
        out[1] = (byte) (type >>> 8);
        System.arraycopy(data, 0, out, 2, data.length);
        return out;
    }

    /** PREAUTH_INTEGRITY_CAPABILITIES claiming {@code count} hash algorithms, listing only {@code id}, 32-byte salt. */
    private static byte[] preauth(int count, int id) {
        ByteBuf d = Unpooled.buffer();
        d.writeShortLE(count);       // HashAlgorithmCount (2 bytes)
        d.writeShortLE(32);          // SaltLength (2 bytes)
        d.writeShortLE(id);          // HashAlgorithms (2 bytes)
        d.writeZero(32);             // Salt (32 bytes)
        return context(NegotiateContext.PREAUTH_INTEGRITY_CAPABILITIES, ByteBufUtil.getBytes(d));
    }

    /** A context body: a u16 count, {@code fixed - 2} zero bytes, then {@code n} u16 ids (all {@code ids}). */
    private static byte[] ids(int fixed, int count, int n, int... ids) {
        ByteBuf d = Unpooled.buffer();
        d.writeShortLE(count);
        d.writeZero(fixed - 2);
        for (int i = 0; i < n; i++) {
            d.writeShortLE(ids.length == 0 ? i + 1 : ids[i % ids.length]);
        }
        return ByteBufUtil.getBytes(d);
    }

    private static byte[] sha512(byte[] previous, byte[] message) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-512");
            sha.update(previous);
            sha.update(message);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
