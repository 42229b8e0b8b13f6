package io.signet.auth;

import io.signet.auth.ntlm.NtlmAcceptor;
import io.signet.auth.ntlm.NtlmFormatException;
import io.signet.auth.ntlm.NtlmResult;
import io.signet.auth.ntlm.NtlmSessionSecurity;
import io.signet.auth.ntlm.NtlmSessionSecurity.Direction;
import io.signet.auth.spnego.DerFormatException;
import io.signet.auth.spnego.NegState;
import io.signet.auth.spnego.NegTokenInit;
import io.signet.auth.spnego.NegTokenResp;
import io.signet.auth.spnego.NegotiationToken;
import io.signet.auth.spnego.ObjectId;
import io.signet.protocol.status.NtStatus;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SESSION_SETUP conversation: SPNEGO ([RFC 4178], [MS-SPNG]) around Kerberos ([RFC 4121], via
 * {@link KerberosLeg}) or NTLMSSP ([MS-NLMP]), or raw NTLMSSP.
 *
 * <p>Decisions, each also described where it is made:
 * <ul>
 *   <li>Framing follows the client's first token: a buffer starting with "NTLMSSP\0" is answered with raw NTLM
 *       tokens, anything else must be SPNEGO and is answered with NegTokenResp tokens.</li>
 *   <li>An empty first buffer is GSS_Accept_sec_context without an input token, which makes a SPNEGO acceptor
 *       produce its NegTokenInit2 ([MS-SPNG] 3.2.5.2; [MS-SMB2] 3.3.5.5.3 passes the buffer to
 *       GSS_Accept_sec_context as is). The server answers with the same token as in the NEGOTIATE response and
 *       STATUS_MORE_PROCESSING_REQUIRED; a second empty buffer fails with STATUS_INVALID_PARAMETER.</li>
 *   <li>The mechanism is the first of the client's list that the server supports ([RFC 4178] 3.2 (b)): Kerberos
 *       (either OID) only when a keytab is configured, and NTLMSSP.</li>
 *   <li>Kerberos as the client's first choice with an optimistic AP-REQ completes in one leg: accept-completed
 *       naming the client's first OID, with the AP-REP when the client asked for mutual authentication. A bad
 *       Kerberos token is STATUS_LOGON_FAILURE, without falling back to NTLM, as on Windows.</li>
 *   <li>When the chosen mechanism is not the client's first choice (Windows and smbclient put Kerberos first,
 *       with an optimistic Kerberos token, and then NTLMSSP is chosen on a server without a keytab), or came
 *       without a token, the answer is accept-incomplete naming it, with no token ([RFC 4178] 4.2.2, 3.2 (b)); the
 *       client then sends its first token for it in a NegTokenResp.</li>
 *   <li>mechListMIC ([RFC 4178] 5, [MS-SPNG] 3.1.5.1): a client mechListMIC is always verified (a bad one is
 *       STATUS_LOGON_FAILURE). The server sends its own whenever the client sent one or the NTLM MIC was present,
 *       since such a client expects one. When NTLMSSP was the client's first choice, a client that sends neither
 *       (an older NTLM without MIC) is accepted without the exchange, as Windows and Samba do; the server never
 *       sends request-mic.</li>
 *   <li>Downgrade protection ([RFC 4178] 5): when NTLMSSP was chosen below the client's first choice (a client that
 *       put Kerberos first), the mechListMIC over the client's list is the only proof that no one removed a
 *       mechanism from it, so an NTLM logon without one is refused (STATUS_LOGON_FAILURE). Clients that list
 *       another mechanism first (Windows, Samba) send it with their AUTHENTICATE_MESSAGE.</li>
 *   <li>mechListMIC needs NTLM extended session security; a client that sends a mechListMIC without having
 *       negotiated it is refused (STATUS_LOGON_FAILURE).</li>
 *   <li>For anonymous logons there is no key, so no mechListMIC is checked or sent.</li>
 * </ul>
 */
final class SessionSetupExchange implements AuthExchange {
    private static final Logger LOG = LoggerFactory.getLogger(SessionSetupExchange.class);

    private enum State {
        INITIAL, HINT_SENT, AWAIT_NTLM_NEGOTIATE, AWAIT_NTLM_AUTHENTICATE, AWAIT_KERBEROS_AP_REQ,
        AWAIT_KERBEROS_MIC, DONE
    }

    private final NtlmAcceptor ntlm;
    private final KerberosLeg kerberos;
    private final ServerIdentity identity;
    private final byte[] negotiateHint;
    private final boolean mapUnknownUsersToGuest;
    private State state = State.INITIAL;
    private boolean spnego;
    private byte[] clientMechTypes;
    private ObjectId clientFirstMech;
    private boolean kerberosPreferred;

    /** @param kerberos the Kerberos side, or {@code null} when no keytab is configured */
    SessionSetupExchange(NtlmAcceptor ntlm, KerberosLeg kerberos, ServerIdentity identity, byte[] negotiateHint) {
        this(ntlm, kerberos, identity, negotiateHint, false);
    }

    /** @param mapUnknownUsersToGuest {@code map to guest = bad user}: an unknown user name logs on as guest */
    SessionSetupExchange(NtlmAcceptor ntlm, KerberosLeg kerberos, ServerIdentity identity, byte[] negotiateHint,
                         boolean mapUnknownUsersToGuest) {
        this.mapUnknownUsersToGuest = mapUnknownUsersToGuest;
        this.ntlm = ntlm;
        this.kerberos = kerberos;
        this.identity = identity;
        this.negotiateHint = negotiateHint;
    }

    @Override
    public AuthStep step(byte[] securityBuffer) {
        if (state == State.DONE) {
            return AuthStep.failure(NtStatus.STATUS_INVALID_PARAMETER, "security buffer after the exchange ended",
                    null);
        }
        AuthStep result;
        try {
            result = advance(securityBuffer == null ? new byte[0] : securityBuffer);
        } catch (DerFormatException | NtlmFormatException e) {
            result = AuthStep.failure(NtStatus.STATUS_INVALID_PARAMETER, "malformed security buffer: "
                    + e.getMessage(), null);
        } catch (RuntimeException e) {
            LOG.warn("Authentication failed on an unexpected error", e);
            result = AuthStep.failure(NtStatus.STATUS_LOGON_FAILURE, "unexpected error: " + e, null);
        }
        if (result.outcome() != AuthStep.Outcome.CONTINUE) {
            state = State.DONE;
        }
        return result;
    }

    private AuthStep advance(byte[] buffer) throws DerFormatException, NtlmFormatException {
        return switch (state) {
            case INITIAL, HINT_SENT -> first(buffer);
            case AWAIT_NTLM_NEGOTIATE -> ntlmNegotiateInResp(buffer);
            case AWAIT_NTLM_AUTHENTICATE -> spnego ? ntlmAuthenticateInResp(buffer) : rawAuthenticate(buffer);
            case AWAIT_KERBEROS_AP_REQ -> kerberosApReqInResp(buffer);
            case AWAIT_KERBEROS_MIC -> kerberosMicInResp(buffer);
            case DONE -> throw new IllegalStateException("exchange finished");
        };
    }

    private AuthStep first(byte[] buffer) throws DerFormatException, NtlmFormatException {
        if (buffer.length == 0) {
            if (state == State.HINT_SENT) {
                return fail(NtStatus.STATUS_INVALID_PARAMETER, "second empty security buffer");
            }
            state = State.HINT_SENT;
            return AuthStep.continueWith(negotiateHint.clone());
        }
        if (NtlmAcceptor.isNtlmssp(buffer)) {
            spnego = false;
            byte[] challenge = ntlm.acceptNegotiate(buffer);
            state = State.AWAIT_NTLM_AUTHENTICATE;
            return AuthStep.continueWith(challenge);
        }
        if (!(NegotiationToken.decode(buffer) instanceof NegTokenInit init)) {
            return fail(NtStatus.STATUS_INVALID_PARAMETER, "first SPNEGO token is not a NegTokenInit");
        }
        spnego = true;
        clientMechTypes = init.mechTypesEncoding();
        ObjectId chosen = choose(init.mechTypes());
        if (chosen == null) {
            return AuthStep.failure(NtStatus.STATUS_LOGON_FAILURE,
                    "SPNEGO: the client offers no mechanism this server supports: " + init.mechTypes(),
                    new NegTokenResp(NegState.REJECT, null, null, null).encode());
        }
        clientFirstMech = init.mechTypes().get(0);
        boolean preferred = clientFirstMech.equals(chosen);
        if (KerberosLeg.isKerberos(chosen)) {
            kerberosPreferred = preferred;
            if (preferred && init.mechToken() != null) {
                return kerberosResult(kerberos.accept(init.mechToken(), chosen, true, clientMechTypes,
                        init.mechListMic()));
            }
            state = State.AWAIT_KERBEROS_AP_REQ;
            return AuthStep.continueWith(new NegTokenResp(NegState.ACCEPT_INCOMPLETE, chosen, null, null).encode());
        }
        if (preferred && init.mechToken() != null) {
            byte[] challenge = ntlm.acceptNegotiate(init.mechToken());
            state = State.AWAIT_NTLM_AUTHENTICATE;
            return AuthStep.continueWith(
                    new NegTokenResp(NegState.ACCEPT_INCOMPLETE, ObjectId.NTLMSSP, challenge, null).encode());
        }
        // NTLMSSP is acceptable but not the client's first choice (or came without a token): select it and
        // ignore any optimistic token, which belongs to another mechanism ([RFC 4178] 3.2 (b), 4.2.2).
        state = State.AWAIT_NTLM_NEGOTIATE;
        return AuthStep.continueWith(
                new NegTokenResp(NegState.ACCEPT_INCOMPLETE, ObjectId.NTLMSSP, null, null).encode());
    }

    /** The first of the client's mechanisms that this server supports, or {@code null}. */
    private ObjectId choose(List<ObjectId> offered) {
        for (ObjectId mech : offered) {
            if (mech.equals(ObjectId.NTLMSSP) || kerberos != null && KerberosLeg.isKerberos(mech)) {
                return mech;
            }
        }
        return null;
    }

    private AuthStep kerberosResult(AuthStep step) {
        if (step.outcome() == AuthStep.Outcome.CONTINUE) {
            state = State.AWAIT_KERBEROS_MIC;
        }
        return step;
    }

    private AuthStep kerberosApReqInResp(byte[] buffer) throws DerFormatException {
        NegTokenResp resp = expectResp(buffer);
        if (resp.negState() == NegState.REJECT) {
            return fail(NtStatus.STATUS_LOGON_FAILURE, "client rejected the negotiation");
        }
        if (resp.responseToken() == null) {
            return fail(NtStatus.STATUS_INVALID_PARAMETER, "NegTokenResp without the Kerberos AP-REQ");
        }
        return kerberosResult(kerberos.accept(resp.responseToken(), null, kerberosPreferred, clientMechTypes,
                resp.mechListMic()));
    }

    private AuthStep kerberosMicInResp(byte[] buffer) throws DerFormatException {
        NegTokenResp resp = expectResp(buffer);
        if (resp.negState() == NegState.REJECT) {
            return fail(NtStatus.STATUS_LOGON_FAILURE, "client rejected the negotiation");
        }
        return kerberos.acceptClientMic(resp.mechListMic(), clientMechTypes);
    }

    private AuthStep ntlmNegotiateInResp(byte[] buffer) throws DerFormatException, NtlmFormatException {
        NegTokenResp resp = expectResp(buffer);
        if (resp.negState() == NegState.REJECT) {
            return fail(NtStatus.STATUS_LOGON_FAILURE, "client rejected the negotiation");
        }
        if (resp.responseToken() == null) {
            return fail(NtStatus.STATUS_INVALID_PARAMETER, "NegTokenResp without the NTLM NEGOTIATE_MESSAGE");
        }
        byte[] challenge = ntlm.acceptNegotiate(resp.responseToken());
        state = State.AWAIT_NTLM_AUTHENTICATE;
        return AuthStep.continueWith(new NegTokenResp(NegState.ACCEPT_INCOMPLETE, null, challenge, null).encode());
    }

    private AuthStep rawAuthenticate(byte[] buffer) {
        if (!NtlmAcceptor.isNtlmssp(buffer)) {
            return fail(NtStatus.STATUS_INVALID_PARAMETER, "raw NTLMSSP exchange continued with another framing");
        }
        NtlmResult result = ntlm.acceptAuthenticate(buffer);
        if (result instanceof NtlmResult.Rejected rejected) {
            if (mapsToGuest(rejected)) {
                return AuthStep.success(null, guest(rejected), null);
            }
            return fail(rejected.status(), "NTLM: " + rejected.reason());
        }
        NtlmResult.Authenticated ok = (NtlmResult.Authenticated) result;
        return AuthStep.success(null, userOf(ok), ok.exportedSessionKey());
    }

    private AuthStep ntlmAuthenticateInResp(byte[] buffer) throws DerFormatException {
        NegTokenResp resp = expectResp(buffer);
        if (resp.negState() == NegState.REJECT) {
            return fail(NtStatus.STATUS_LOGON_FAILURE, "client rejected the negotiation");
        }
        if (resp.responseToken() == null) {
            return fail(NtStatus.STATUS_INVALID_PARAMETER, "NegTokenResp without the NTLM AUTHENTICATE_MESSAGE");
        }
        NtlmResult result = ntlm.acceptAuthenticate(resp.responseToken());
        if (result instanceof NtlmResult.Rejected rejected) {
            if (mapsToGuest(rejected)) {
                // No session key, as for anonymous: a client mechListMIC cannot be checked and none is sent.
                return AuthStep.success(new NegTokenResp(NegState.ACCEPT_COMPLETED, null, null, null).encode(),
                        guest(rejected), null);
            }
            return fail(rejected.status(), "NTLM: " + rejected.reason());
        }
        NtlmResult.Authenticated ok = (NtlmResult.Authenticated) result;
        if (ok.anonymous()) {
            // No session key, hence no integrity: a client mechListMIC cannot be checked and is ignored.
            return AuthStep.success(new NegTokenResp(NegState.ACCEPT_COMPLETED, null, null, null).encode(),
                    userOf(ok), null);
        }
        byte[] clientMic = resp.mechListMic();
        if (clientMic == null && !ObjectId.NTLMSSP.equals(clientFirstMech)) {
            return fail(NtStatus.STATUS_LOGON_FAILURE, "NTLM: no mechListMIC from user " + ok.credentials().name()
                    + ", although the client listed " + describe(clientFirstMech) + " first (a downgrade)");
        }
        boolean exchangeMics = clientMic != null || ok.micPresent();
        byte[] serverMic = null;
        if (exchangeMics) {
            if (!NtlmSessionSecurity.supports(ok.negotiatedFlags())) {
                if (clientMic != null) {
                    return fail(NtStatus.STATUS_LOGON_FAILURE,
                            "mechListMIC without NTLM extended session security is not supported");
                }
                LOG.debug("NTLM MIC present but no extended session security: no mechListMIC sent");
            } else {
                NtlmSessionSecurity security =
                        NtlmSessionSecurity.create(ok.negotiatedFlags(), ok.exportedSessionKey());
                if (clientMic != null && !security.isValidSignature(Direction.CLIENT_TO_SERVER,
                        NtlmSessionSecurity.MECH_LIST_MIC_SEQUENCE, clientMechTypes, clientMic)) {
                    return fail(NtStatus.STATUS_LOGON_FAILURE,
                            "bad SPNEGO mechListMIC from user " + ok.credentials().name());
                }
                serverMic = security.signature(Direction.SERVER_TO_CLIENT, NtlmSessionSecurity.MECH_LIST_MIC_SEQUENCE, clientMechTypes);
            }
        }
        return AuthStep.success(new NegTokenResp(NegState.ACCEPT_COMPLETED, null, null, serverMic).encode(),
                userOf(ok), ok.exportedSessionKey());
    }

    private static String describe(ObjectId mech) {
        return KerberosLeg.isKerberos(mech) ? "Kerberos (" + mech + ")" : mech.toString();
    }

    private static NegTokenResp expectResp(byte[] buffer) throws DerFormatException {
        if (buffer.length == 0) {
            throw new DerFormatException("empty security buffer in the middle of a SPNEGO exchange");
        }
        if (!(NegotiationToken.decode(buffer) instanceof NegTokenResp resp)) {
            throw new DerFormatException("expected a NegTokenResp");
        }
        return resp;
    }

    /** {@code map to guest = bad user}: the logon failed only because no account of that name exists. */
    private boolean mapsToGuest(NtlmResult.Rejected rejected) {
        return mapUnknownUsersToGuest && rejected.unknownUser() != null;
    }

    private AuthenticatedUser guest(NtlmResult.Rejected rejected) {
        LOG.info("NTLM logon of unknown user {} mapped to guest (map to guest = bad user)",
                AuthStep.printable(rejected.unknownUser()));
        return new AuthenticatedUser("Guest", identity.netbiosName(), UserKind.GUEST);
    }

    private AuthenticatedUser userOf(NtlmResult.Authenticated ok) {
        if (ok.anonymous()) {
            return new AuthenticatedUser("ANONYMOUS LOGON", "NT AUTHORITY", UserKind.ANONYMOUS);
        }
        // Accounts of the server's own directory belong to the server, as local accounts do on Windows.
        return new AuthenticatedUser(ok.credentials().name(), identity.netbiosName(), UserKind.USER);
    }

    private static AuthStep fail(NtStatus status, String reason) {
        return AuthStep.failure(status, reason, null);
    }
}
