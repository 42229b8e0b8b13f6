package io.signet.auth.testing;

import java.util.function.Consumer;
import org.apache.kerby.kerberos.kerb.KrbCodec;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.identity.backend.MemoryIdentityBackend;
import org.apache.kerby.kerberos.kerb.request.KdcClientRequest;
import org.apache.kerby.kerberos.kerb.type.ad.AuthorizationData;
import org.apache.kerby.kerberos.kerb.type.ad.AuthorizationDataEntry;
import org.apache.kerby.kerberos.kerb.type.ad.AuthorizationType;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.base.KrbMessageType;
import org.apache.kerby.kerberos.kerb.type.ticket.EncTicketPart;

/**
 * Kerby's in-memory identity backend, plus a PAC in every service ticket, as an Active Directory KDC puts it: an
 * AD-WIN2K-PAC inside AD-IF-RELEVANT, signed with the key the ticket is encrypted in. Kerby's KDC asks its backend
 * for a ticket's authorization-data ({@code IdentityService.getIdentityAuthorizationData}) when it builds the ticket.
 * Kerby makes the backend by class name, so what the PAC says is set through {@link #adjust}.
 */
public final class PacIssuingBackend extends MemoryIdentityBackend {
    /** Changes each PAC before it is signed; the default leaves it as {@link PacBuilder} makes it. */
    public static volatile Consumer<PacBuilder> adjust = pac -> { };
    /** Flips a byte of the logon information after signing, as a forger without the service key would. */
    public static volatile boolean tamper;

    @Override
    protected AuthorizationData doGetIdentityAuthorizationData(KdcClientRequest request, EncTicketPart ticket)
            throws KrbException {
        if (request.getMsgType() != KrbMessageType.TGS_REQ) {
            return null; // the TGT carries none; this KDC has no krbtgt PAC to copy
        }
        EncryptionKey serviceKey = request.getServerEntry().getKey(request.getEncryptionType());
        PacBuilder pac = new PacBuilder();
        // The ticket's authtime goes on the wire in whole seconds (KerberosTime, [RFC 4120] 5.2.3); Kerby's in-memory
        // one still has its milliseconds.
        pac.authTimeMillis = ticket.getAuthTime().getTime() / 1000 * 1000;
        pac.clientName = String.join("/", ticket.getCname().getNameStrings());
        pac.effectiveName = pac.clientName;
        adjust.accept(pac);
        byte[] signed = pac.build(serviceKey);
        if (tamper) {
            signed[8 + 4 * 16 + 16 + 104] ^= 1; // the first buffer's UserId
        }
        AuthorizationData inner = new AuthorizationData();
        inner.addElement(new AuthorizationDataEntry(AuthorizationType.AD_WIN2K_PAC, signed));
        AuthorizationData outer = new AuthorizationData();
        outer.addElement(new AuthorizationDataEntry(AuthorizationType.AD_IF_RELEVANT, KrbCodec.encode(inner)));
        return outer;
    }
}
