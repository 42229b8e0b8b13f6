package io.signet.server.handler;

import io.netty.buffer.ByteBuf;
import io.signet.config.ShareConfig;
import io.signet.protocol.crypto.PreauthIntegrity;
import io.signet.protocol.crypto.SigningAlgorithm;
import io.signet.protocol.crypto.transform.CipherId;
import io.signet.protocol.fscc.FileTime;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.message.EncryptionCapabilities;
import io.signet.protocol.smb2.message.NegotiateContext;
import io.signet.protocol.smb2.message.NegotiateRequest;
import io.signet.protocol.smb2.message.NegotiateResponse;
import io.signet.protocol.smb2.message.PreauthIntegrityCapabilities;
import io.signet.protocol.smb2.message.SigningCapabilities;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.context.ServerContext;
import io.signet.server.conn.CommandHandler;
import io.signet.server.conn.Connection;
import io.signet.server.conn.DialectChoice;
import io.signet.server.conn.Disconnect;
import io.signet.server.conn.MultiProtocolNegotiate;
import io.signet.server.conn.Negotiated;
import io.signet.server.conn.RequestContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** [MS-SMB2] 3.3.5.4 Receiving an SMB2 NEGOTIATE Request. */
public final class NegotiateHandler implements CommandHandler, MultiProtocolNegotiate {
    /** [MS-SMB2] 2.2.3.1.1 HashAlgorithms: SHA-512. */
    static final int HASH_SHA512 = PreauthIntegrityCapabilities.SHA_512;
    private static final int SALT_LENGTH = 32;

    private final ServerContext server;

    public NegotiateHandler(ServerContext server) {
        this.server = server;
    }

    @Override
    public void handle(RequestContext ctx, ByteBuf out) {
        Connection conn = ctx.connection();
        if (conn.isNegotiated()) {
            throw new Disconnect("second NEGOTIATE on a negotiated connection"); // 3.3.5.4
        }
        NegotiateRequest req = NegotiateRequest.decode(ctx.message());
        Dialect dialect = DialectChoice.highestCommon(req.dialects());
        if (dialect == null) {
            throw new SmbException(NtStatus.STATUS_NOT_SUPPORTED, "no common dialect");
        }
        SigningAlgorithm signing = dialect.isSmb3() ? SigningAlgorithm.AES_CMAC : SigningAlgorithm.HMAC_SHA256;
        List<NegotiateContext> responseContexts = new ArrayList<>();
        int capabilities = capabilities(dialect, server.config().multiChannel(),
                server.config().shares().stream().anyMatch(ShareConfig::continuousAvailability));
        CipherId cipher = null;
        if ((dialect == Dialect.SMB3_0 || dialect == Dialect.SMB3_0_2)
                && (req.capabilities() & NegotiateResponse.CAP_ENCRYPTION) != 0
                && server.ciphers().contains(CipherId.AES_128_CCM)) {
            // [MS-SMB2] 3.3.5.4: 3.0 and 3.0.2 encrypt with AES-128-CCM, announced by the capability bit.
            capabilities |= NegotiateResponse.CAP_ENCRYPTION;
            cipher = CipherId.AES_128_CCM;
        }
        byte[] requestHash = null;
        if (dialect == Dialect.SMB3_1_1) {
            Selected selected = negotiateContexts(req.contexts(), responseContexts, signing);
            signing = selected.signing();
            cipher = selected.cipher();
            ByteBuf m = ctx.message();
            requestHash = PreauthIntegrity.update(PreauthIntegrity.initial(), m, m.readerIndex(), m.readableBytes());
        }
        int securityMode = serverSecurityMode();
        conn.negotiated(new Negotiated(dialect, signing, req.capabilities(), req.securityMode(), req.clientGuid(),
                req.dialects(), securityMode, capabilities, cipher));
        if (requestHash != null) {
            // [MS-SMB2] 3.3.5.4: Connection.PreauthIntegrityHashValue covers the response too, whose bytes exist
            // once it is written.
            byte[] h = requestHash;
            ctx.onResponseWritten(resp -> conn.preauthHash(
                    PreauthIntegrity.update(h, resp, resp.readerIndex(), resp.readableBytes())));
        }
        response(dialect.code(), securityMode, capabilities, responseContexts).encode(out);
    }

    /** The NEGOTIATE response to an SMB1 multi-protocol negotiate ([MS-SMB2] 3.3.5.3.1). */
    @Override
    public NegotiateResponse smb1Response(int dialectCode) {
        return response(dialectCode, serverSecurityMode(), dialectCode == Dialect.SMB2_0_2.code() ? 0
                : NegotiateResponse.CAP_LARGE_MTU, List.of());
    }

    private NegotiateResponse response(int dialectCode, int securityMode, int capabilities,
                                       List<NegotiateContext> contexts) {
        int max = dialectCode == Dialect.SMB2_0_2.code() ? ServerContext.SMB2_02_MAX_IO : ServerContext.MAX_IO;
        return new NegotiateResponse(securityMode, dialectCode, server.serverGuid(), capabilities, max, max, max,
                FileTime.fromInstant(Instant.now()), 0, server.authenticator().negotiateToken(), contexts);
    }

    /** SIGNING_ENABLED always; SIGNING_REQUIRED when the server requires signing (RequireSecuritySignature). */
    private int serverSecurityMode() {
        return NegotiateResponse.SIGNING_ENABLED
                | (server.signingMandatory() ? NegotiateResponse.SIGNING_REQUIRED : 0);
    }

    /**
     * Only what is implemented is claimed: large MTU from 2.1 on; multichannel for 3.x when the server offers it
     * ([MS-SMB2] 3.3.5.4: IsMultiChannelCapable); encryption is added for 3.0 / 3.0.2 clients that offer it;
     * leasing from 2.1 on and directory leasing for 3.x ([MS-SMB2] 3.3.5.4: the server supports leasing and
     * directory leasing); persistent handles for 3.x when a share is continuously available (3.3.5.4: the server
     * supports persistent handles).
     */
    static int capabilities(Dialect dialect, boolean multiChannel, boolean persistentHandles) {
        int caps = dialect == Dialect.SMB2_0_2 ? 0 : NegotiateResponse.CAP_LARGE_MTU | NegotiateResponse.CAP_LEASING;
        if (dialect.isSmb3()) {
            caps |= NegotiateResponse.CAP_DIRECTORY_LEASING;
        }
        if (multiChannel && dialect.isSmb3()) {
            caps |= NegotiateResponse.CAP_MULTI_CHANNEL;
        }
        if (persistentHandles && dialect.isSmb3()) {
            caps |= NegotiateResponse.CAP_PERSISTENT_HANDLES;
        }
        return caps;
    }

    /** What the 3.1.1 negotiate contexts settled: the signing algorithm and the cipher (null: none in common). */
    private record Selected(SigningAlgorithm signing, CipherId cipher) {
    }

    /**
     * [MS-SMB2] 3.3.5.4: validates the 3.1.1 negotiate contexts and builds the response contexts. Exactly one
     * PREAUTH_INTEGRITY_CAPABILITIES offering SHA-512 is required; SIGNING_CAPABILITIES selects the first algorithm
     * in the client's order that the server supports; ENCRYPTION_CAPABILITIES selects the server's most preferred
     * cipher among the client's (answering cipher 0 when there is none in common).
     */
    private Selected negotiateContexts(List<NegotiateContext> contexts, List<NegotiateContext> out,
                                       SigningAlgorithm fallback) {
        CipherId cipher = null;
        boolean preauth = false;
        boolean sawSigning = false;
        boolean sawEncryption = false;
        SigningAlgorithm signing = fallback;
        for (NegotiateContext c : contexts) {
            ByteBuf d = c.data();
            switch (c.type()) {
                case NegotiateContext.PREAUTH_INTEGRITY_CAPABILITIES -> {
                    if (preauth) {
                        throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "two PREAUTH contexts");
                    }
                    preauth = true;
                    if (!PreauthIntegrityCapabilities.decode(d).offers(HASH_SHA512)) {
                        throw new SmbException(NtStatus.STATUS_SMB_NO_PREAUTH_INTEGRITY_HASH_OVERLAP);
                    }
                }
                case NegotiateContext.SIGNING_CAPABILITIES -> {
                    if (sawSigning) {
                        throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "two SIGNING contexts");
                    }
                    sawSigning = true;
                    for (int id : SigningCapabilities.decode(d).signingAlgorithms()) {
                        SigningAlgorithm a = SigningAlgorithm.fromId(id);
                        if (a != null) {
                            signing = a;
                            break;
                        }
                    }
                }
                case NegotiateContext.ENCRYPTION_CAPABILITIES -> {
                    if (sawEncryption) {
                        throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "two ENCRYPTION contexts");
                    }
                    sawEncryption = true;
                    cipher = preferredCipher(server.ciphers(), EncryptionCapabilities.decode(d).ciphers());
                }
                default -> {
                    // [MS-SMB2] 3.3.5.4: other and unknown context types are ignored.
                }
            }
        }
        if (!preauth) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "3.1.1 NEGOTIATE without PREAUTH context");
        }
        byte[] salt = new byte[SALT_LENGTH];
        server.random().nextBytes(salt);
        out.add(new PreauthIntegrityCapabilities(List.of(HASH_SHA512), salt).toContext());
        if (sawEncryption) {
            int chosen = cipher == null ? EncryptionCapabilities.NO_COMMON_CIPHER : cipher.id();
            out.add(new EncryptionCapabilities(List.of(chosen)).toContext());
        }
        if (sawSigning) {
            out.add(new SigningCapabilities(List.of(signing.id())).toContext());
        }
        return new Selected(signing, cipher);
    }

    /** The first cipher of the server's preference ({@code server smb encrypt algorithms}) the client offers. */
    private static CipherId preferredCipher(List<CipherId> preference, List<Integer> offered) {
        for (CipherId c : preference) {
            for (int id : offered) {
                if (id == c.id()) {
                    return c;
                }
            }
        }
        return null;
    }
}
