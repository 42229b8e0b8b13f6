package io.signet.auth.kerberos;

import io.signet.protocol.dtyp.Sid;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;

/**
 * Checks a ticket's PAC as an application server does ([MS-KILE] 3.4.5.3, [MS-PAC] 2.8.1, 2.7) and returns the SIDs
 * of its logon information, when it has some:
 *
 * <ol>
 *   <li>the PACTYPE and its buffers lie inside the PAC ([MS-PAC] 2.3, 2.4);</li>
 *   <li>client information, server and KDC signatures are all present;</li>
 *   <li>the server signature verifies with the key that decrypted the ticket, over the whole PAC with both
 *       signatures' Signature fields zeroed (key usage 17);</li>
 *   <li>PAC_CLIENT_INFO names the ticket's client and carries its authtime;</li>
 *   <li>KERB_VALIDATION_INFO, when there is a PAC_LOGON_INFO buffer, decodes.</li>
 * </ol>
 *
 * <p>PAC_LOGON_INFO is optional: [MS-PAC] 2.4 makes no buffer mandatory, and MIT KDCs since 1.20 put a PAC in every
 * ticket that has only the client information and the signatures (plus ticket and full-PAC signatures, which only a
 * KDC can check). Such a PAC says nothing about groups; the client is then mapped by name, as without a PAC. The
 * signatures and the client information are checked all the same: a PAC that fails them refuses the ticket.
 *
 * <p>The KDC signature is checked for form only: verifying it needs the krbtgt key, which only the KDC has; a
 * server may ask a domain controller to check it ([MS-KILE] 3.4.5.3, [MS-APDS] 3.2.5.1), which Signet does not.
 * Since the ticket is encrypted in the service key, a PAC with a good server signature was made by the KDC or by
 * someone holding the service key, who could make any ticket anyway.
 */
final class PacVerifier {
    private PacVerifier() {
    }

    /** @return the PAC's logon information, or empty when the PAC has no PAC_LOGON_INFO buffer */
    static Optional<PacLogonInfo> verify(byte[] bytes, EncryptionKey serviceKey, KerberosTime authTime,
                                         PrincipalName client) throws KerberosException {
        Pac pac = Pac.parse(bytes);
        Optional<Pac.Buffer> logon = pac.first(Pac.LOGON_INFO);
        Pac.Buffer clientInfo = required(pac, Pac.CLIENT_INFO, "PAC_CLIENT_INFO");
        PacSignature server = PacSignature.read(bytes, required(pac, Pac.SERVER_CHECKSUM, "server signature"),
                "server signature");
        PacSignature kdc = PacSignature.read(bytes, required(pac, Pac.PRIVSVR_CHECKSUM, "KDC signature"),
                "KDC signature");

        byte[] zeroed = pac.copy();
        server.zero(zeroed);
        kdc.zero(zeroed);
        if (!server.isValidServerSignature(bytes, zeroed, serviceKey)) {
            throw new KerberosException("PAC server signature (type " + server.type() + ") does not verify with the "
                    + serviceKey.getKeyType() + " service key");
        }

        checkClientInfo(PacClientInfo.read(bytes, clientInfo), authTime, client);
        if (logon.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(logonInfo(KerbValidationInfo.read(bytes, logon.get())));
    }

    private static Pac.Buffer required(Pac pac, int type, String what) throws KerberosException {
        return pac.first(type).orElseThrow(() -> Pac.malformed("no " + what));
    }

    /**
     * [MS-PAC] 2.7: ClientId is the ticket's authtime and Name the client's name. The name is compared without
     * regard to case: Active Directory account names are case-insensitive, and the KDC may echo the name as the
     * client typed it.
     */
    private static void checkClientInfo(PacClientInfo info, KerberosTime authTime, PrincipalName client)
            throws KerberosException {
        long expected = PacClientInfo.fileTime(authTime.getTime());
        if (info.clientId() != expected) {
            throw new KerberosException("PAC_CLIENT_INFO ClientId " + info.clientId() + " is not the ticket's authtime "
                    + expected);
        }
        String name = String.join("/", client.getNameStrings());
        if (!info.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
            throw new KerberosException("PAC_CLIENT_INFO names " + info.name() + ", the ticket " + name);
        }
    }

    private static PacLogonInfo logonInfo(KerbValidationInfo info) throws KerberosException {
        try {
            Sid domain = info.logonDomainId();
            List<Sid> groups = new ArrayList<>();
            for (KerbValidationInfo.RidAndAttributes g : info.groupIds()) {
                if (isEnabled(g.attributes())) {
                    groups.add(domain.withRid(g.rid()));
                }
            }
            Sid resourceDomain = info.resourceGroupDomainSid();
            if ((info.userFlags() & KerbValidationInfo.RESOURCE_GROUPS) != 0 && resourceDomain != null) {
                for (KerbValidationInfo.RidAndAttributes g : info.resourceGroupIds()) {
                    if (isEnabled(g.attributes())) {
                        groups.add(resourceDomain.withRid(g.rid()));
                    }
                }
            }
            List<Sid> extra = new ArrayList<>();
            if ((info.userFlags() & KerbValidationInfo.EXTRA_SIDS) != 0) {
                for (KerbValidationInfo.SidAndAttributes s : info.extraSids()) {
                    if (isEnabled(s.attributes())) {
                        extra.add(s.sid());
                    }
                }
            }
            return new PacLogonInfo(domain.withRid(info.userId()), domain.withRid(info.primaryGroupId()), groups,
                    extra);
        } catch (IllegalArgumentException e) {
            // A domain SID of 15 sub-authorities has no room for a RID.
            throw Pac.malformed("PAC_LOGON_INFO: " + e.getMessage());
        }
    }

    private static boolean isEnabled(int attributes) {
        return (attributes & KerbValidationInfo.SE_GROUP_ENABLED) != 0
                && (attributes & KerbValidationInfo.SE_GROUP_USE_FOR_DENY_ONLY) == 0;
    }
}
