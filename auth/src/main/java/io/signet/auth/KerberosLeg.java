package io.signet.auth;

import io.signet.auth.kerberos.KerberosAcceptor;
import io.signet.auth.kerberos.KerberosContext;
import io.signet.auth.kerberos.KerberosException;
import io.signet.auth.spnego.NegState;
import io.signet.auth.spnego.NegTokenResp;
import io.signet.auth.spnego.ObjectId;
import io.signet.protocol.status.NtStatus;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kerberos part of one SPNEGO conversation ([RFC 4178], [MS-SPNG]): the AP-REQ, the user it maps to, and the
 * mechListMIC exchange ([RFC 4178] 5, [MS-SPNG] 3.1.5.1).
 *
 * <ul>
 *   <li>A client mechListMIC is always verified over the client's mechTypes (bad: STATUS_LOGON_FAILURE) and answered
 *       with the server's.</li>
 *   <li>When Kerberos was the client's first choice and the client sent no MIC, the exchange completes in one leg
 *       without MICs ([RFC 4178] 5: the MIC exchange protects a negotiation that chose a less preferred
 *       mechanism), as Windows does.</li>
 *   <li>When Kerberos was not the client's first choice, the MICs must be exchanged: if the client has not sent its
 *       MIC, the server answers accept-incomplete with the AP-REP and its own MIC, and the client's MIC must follow
 *       in the next NegTokenResp.</li>
 *   <li>A Kerberos token that fails is STATUS_LOGON_FAILURE: as on Windows, there is no fall back to NTLM within
 *       the same exchange.</li>
 * </ul>
 */
final class KerberosLeg {
    private static final Logger LOG = LoggerFactory.getLogger(KerberosLeg.class);

    private final KerberosAcceptor acceptor;
    private final KerberosUsers users;
    private KerberosContext pendingContext;
    private AuthenticatedUser pendingUser;

    KerberosLeg(KerberosAcceptor acceptor, UserDirectory directory, ServerIdentity identity) {
        this.acceptor = acceptor;
        this.users = new KerberosUsers(directory, acceptor.realm(), identity);
    }

    static boolean isKerberos(ObjectId mech) {
        return ObjectId.KERBEROS.equals(mech) || ObjectId.KERBEROS_MICROSOFT.equals(mech);
    }

    /**
     * Accepts the client's AP-REQ context token.
     *
     * @param supportedMech   the OID to name in the answer, or {@code null} when an earlier answer named it
     * @param preferred       whether Kerberos was the client's first mechanism
     * @param clientMechTypes the client's MechTypeList as received, the input of the mechListMIC
     * @param clientMic       the client's mechListMIC, or {@code null}
     * @return SUCCESS, CONTINUE (the server's MIC sent, the client's awaited) or FAILURE
     */
    AuthStep accept(byte[] apReqToken, ObjectId supportedMech, boolean preferred, byte[] clientMechTypes,
                    byte[] clientMic) {
        KerberosContext context;
        try {
            context = acceptor.accept(apReqToken);
        } catch (KerberosException e) {
            String what = e.service().map(s -> "Kerberos ticket for " + s).orElse("Kerberos AP-REQ");
            return fail(what + " refused: " + e.getMessage());
        }
        Optional<AuthenticatedUser> user = users.user(context.identity());
        if (user.isEmpty()) {
            return fail("Kerberos: principal " + context.identity() + " is not a user of realm " + acceptor.realm()
                    + " known to this server");
        }
        try {
            if (clientMic != null) {
                if (!context.isValidInitiatorMic(clientMic, clientMechTypes)) {
                    return fail("Kerberos: bad SPNEGO mechListMIC from " + context.identity());
                }
                return success(supportedMech, context, user.get(), context.acceptorMic(clientMechTypes));
            }
            if (preferred) {
                return success(supportedMech, context, user.get(), null);
            }
            pendingContext = context;
            pendingUser = user.get();
            return AuthStep.continueWith(new NegTokenResp(NegState.ACCEPT_INCOMPLETE, supportedMech,
                    context.responseToken(), context.acceptorMic(clientMechTypes)).encode());
        } catch (KerberosException e) {
            return fail("Kerberos: mechListMIC of " + context.identity() + ": " + e.getMessage());
        }
    }

    /** The leg after an accept-incomplete that carried the server's MIC: the client's MIC must be valid. */
    AuthStep acceptClientMic(byte[] clientMic, byte[] clientMechTypes) {
        KerberosContext context = pendingContext;
        pendingContext = null;
        if (context == null) {
            return fail("Kerberos: no context awaits a mechListMIC");
        }
        if (clientMic == null) {
            return fail("Kerberos: " + context.identity() + " sent no mechListMIC although Kerberos was not its"
                    + " first choice (a downgrade)");
        }
        try {
            if (!context.isValidInitiatorMic(clientMic, clientMechTypes)) {
                return fail("Kerberos: bad SPNEGO mechListMIC from " + context.identity());
            }
        } catch (KerberosException e) {
            return fail("Kerberos: mechListMIC of " + context.identity() + ": " + e.getMessage());
        }
        logon(context, pendingUser);
        return AuthStep.success(new NegTokenResp(NegState.ACCEPT_COMPLETED, null, null, null).encode(),
                pendingUser, context.sessionKey());
    }

    private static AuthStep success(ObjectId supportedMech, KerberosContext context, AuthenticatedUser user,
                                    byte[] serverMic) {
        logon(context, user);
        return AuthStep.success(new NegTokenResp(NegState.ACCEPT_COMPLETED, supportedMech, context.responseToken(),
                serverMic).encode(), user, context.sessionKey());
    }

    /** Which principal became which local user is what an administrator reads the log for: one line per logon. */
    private static void logon(KerberosContext context, AuthenticatedUser user) {
        LOG.info("Kerberos logon of {} as {}", context.identity(), user.name());
    }

    private static AuthStep fail(String reason) {
        return AuthStep.failure(NtStatus.STATUS_LOGON_FAILURE, reason, null);
    }
}
