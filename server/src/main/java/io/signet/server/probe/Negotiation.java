package io.signet.server.probe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.crypto.PreauthIntegrity;
import io.signet.protocol.crypto.SigningAlgorithm;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.CompressionCapabilities;
import io.signet.protocol.smb2.message.EncryptionCapabilities;
import io.signet.protocol.smb2.message.NegotiateContext;
import io.signet.protocol.smb2.message.NegotiateContextData;
import io.signet.protocol.smb2.message.NegotiateRequest;
import io.signet.protocol.smb2.message.NegotiateResponse;
import io.signet.protocol.smb2.message.PreauthIntegrityCapabilities;
import io.signet.protocol.smb2.message.SigningCapabilities;
import io.signet.protocol.status.SmbException;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * One NEGOTIATE offering a single dialect ([MS-SMB2] 2.2.3), and what the server answered.
 *
 * @param dialect      the dialect offered
 * @param refusal      why the dialect was not accepted (a status name, a closed connection, silence), or null
 * @param response     the decoded response, or {@code null} when the server refused the dialect
 * @param preauthHash  for 3.1.1: the connection's PreauthIntegrityHashValue after NEGOTIATE ([MS-SMB2] 3.2.5.2)
 */
record Negotiation(Dialect dialect, String refusal, NegotiateResponse response, byte[] preauthHash) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a 3.1.1 NEGOTIATE offers in its contexts; null lists offer nothing of that kind. */
    record Offer(List<Integer> signing, List<Integer> ciphers, List<Integer> compression) {
    }

    boolean accepted() {
        return response != null;
    }

    /** Negotiates {@code dialect} alone on {@code connection}, with {@code offer}'s contexts when it is 3.1.1. */
    static Negotiation run(ProbeConnection connection, Dialect dialect, Offer offer) throws IOException {
        List<NegotiateContext> contexts = dialect == Dialect.SMB3_1_1 ? contexts(offer) : List.of();
        byte[] guid = new byte[16];
        RANDOM.nextBytes(guid);
        ByteBuf request = connection.newRequest(Smb2Command.NEGOTIATE, 0, 0);
        byte[] requestBytes;
        try {
            // Signing enabled, not required: the probe wants to see what the server itself insists on. The
            // encryption capability as Windows clients announce it: without it a server may leave out its ciphers.
            new NegotiateRequest(NegotiateResponse.SIGNING_ENABLED, NegotiateResponse.CAP_ENCRYPTION, guid,
                    new int[] {dialect.code()}, contexts).encode(request);
            requestBytes = ProbeConnection.bytesOf(request);
        } catch (RuntimeException e) {
            request.release();
            throw e;
        } finally {
            contexts.forEach(c -> c.data().release());
        }
        Reply reply;
        try {
            reply = connection.exchange(request);
        } catch (EOFException | SocketException e) {
            return new Negotiation(dialect, "connection closed by the server", null, null);
        } catch (SocketTimeoutException e) {
            return new Negotiation(dialect, "no answer", null, null);
        }
        if (reply.status() != 0) {
            return new Negotiation(dialect, reply.statusName(), null, null);
        }
        NegotiateResponse response;
        try {
            response = NegotiateResponse.decode(reply.buf());
        } catch (SmbException e) {
            throw new IOException("malformed NEGOTIATE response: " + e.getMessage());
        }
        if (response.dialectRevision() != dialect.code()) {
            return new Negotiation(dialect, String.format("the server chose dialect 0x%04X instead",
                    response.dialectRevision()), null, null);
        }
        byte[] hash = null;
        if (dialect == Dialect.SMB3_1_1) {
            // [MS-SMB2] 3.2.5.2: the hash chain covers the NEGOTIATE request and response as sent.
            hash = PreauthIntegrity.update(PreauthIntegrity.initial(), Unpooled.wrappedBuffer(requestBytes), 0,
                    requestBytes.length);
            hash = PreauthIntegrity.update(hash, reply.buf(), 0, reply.bytes().length);
        }
        return new Negotiation(dialect, null, response, hash);
    }

    /** The response's SecurityMode (2.2.4): SIGNING_ENABLED 0x01, SIGNING_REQUIRED 0x02. */
    int securityMode() {
        return response.securityMode();
    }

    /**
     * The algorithm that signs this connection's sessions ([MS-SMB2] 3.1.4.1): HMAC-SHA256 for 2.x, AES-CMAC for 3.0
     * and 3.0.2 and for a 3.1.1 server that sent no SIGNING_CAPABILITIES, else the one the server chose.
     */
    SigningAlgorithm signingAlgorithm() throws IOException {
        if (!dialect.isSmb3()) {
            return SigningAlgorithm.HMAC_SHA256;
        }
        Integer chosen = chosen(NegotiateContext.SIGNING_CAPABILITIES);
        if (chosen == null) {
            return SigningAlgorithm.AES_CMAC;
        }
        SigningAlgorithm algorithm = SigningAlgorithm.fromId(chosen);
        if (algorithm == null) {
            throw new IOException(String.format("the server chose signing algorithm 0x%04X, which was not offered",
                    chosen));
        }
        return algorithm;
    }

    /** The first id of the response's context of {@code type} (the server's choice), or null when absent. */
    Integer chosen(int type) {
        List<Integer> ids = answered(type);
        return ids == null || ids.isEmpty() ? null : ids.get(0);
    }

    /** The ids the response's context of {@code type} lists, or null when the server sent no such context. */
    List<Integer> answered(int type) {
        if (response == null) {
            return null;
        }
        for (NegotiateContext c : response.contexts()) {
            if (c.type() != type) {
                continue;
            }
            try {
                return switch (type) {
                    case NegotiateContext.SIGNING_CAPABILITIES ->
                            SigningCapabilities.decode(c.data()).signingAlgorithms();
                    case NegotiateContext.ENCRYPTION_CAPABILITIES -> EncryptionCapabilities.decode(c.data()).ciphers();
                    case NegotiateContext.COMPRESSION_CAPABILITIES ->
                            CompressionCapabilities.decode(c.data()).compressionAlgorithms();
                    default -> throw new IllegalArgumentException("not an algorithm context: " + type);
                };
            } catch (SmbException e) {
                return List.of();
            }
        }
        return null;
    }

    private static List<NegotiateContext> contexts(Offer offer) {
        byte[] salt = new byte[32];
        RANDOM.nextBytes(salt);
        List<NegotiateContextData> data = new ArrayList<>();
        data.add(new PreauthIntegrityCapabilities(List.of(PreauthIntegrityCapabilities.SHA_512), salt));
        if (offer.ciphers() != null) {
            data.add(new EncryptionCapabilities(offer.ciphers()));
        }
        if (offer.compression() != null) {
            data.add(new CompressionCapabilities(0, offer.compression()));
        }
        if (offer.signing() != null) {
            data.add(new SigningCapabilities(offer.signing()));
        }
        return data.stream().map(NegotiateContextData::toContext).toList();
    }
}
