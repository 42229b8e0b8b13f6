package io.signet.protocol.rpc.lsarpc;

import io.signet.protocol.dtyp.Sid;

import java.util.Objects;

/**
 * What lsarpc reports about the server ([MS-LSAD] 3.1.1.1, the policy object's domain information): a stand-alone
 * machine in a workgroup, whose account domain is the machine itself.
 */
public interface LsaIdentity {
    /** The server's NetBIOS name: the account domain name (PolicyAccountDomainInformation). */
    String netbiosName();

    /** The workgroup: the primary domain name (PolicyPrimaryDomainInformation, PolicyDnsDomainInformation). */
    String workgroup();

    /** The machine SID, S-1-5-21-x-y-z: the account domain SID. */
    Sid machineSid();

    /** A fixed identity. */
    static LsaIdentity of(String netbiosName, String workgroup, Sid machineSid) {
        Objects.requireNonNull(netbiosName, "netbiosName");
        Objects.requireNonNull(workgroup, "workgroup");
        Objects.requireNonNull(machineSid, "machineSid");
        return new LsaIdentity() {
            @Override
            public String netbiosName() {
                return netbiosName;
            }

            @Override
            public String workgroup() {
                return workgroup;
            }

            @Override
            public Sid machineSid() {
                return machineSid;
            }
        };
    }
}
