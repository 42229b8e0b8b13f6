package io.signet.auth;

import java.util.Objects;

/**
 * The names the server announces in its NTLM CHALLENGE ([MS-NLMP] 2.2.1.2 TargetName, 2.2.2.1 AV pairs).
 *
 * @param netbiosName     the NetBIOS computer name (MsvAvNbComputerName, and the TargetName)
 * @param netbiosDomain   the NetBIOS domain or workgroup name (MsvAvNbDomainName)
 * @param dnsComputerName the computer's DNS name (MsvAvDnsComputerName), or {@code ""} to leave it out
 * @param dnsDomainName   the DNS domain name (MsvAvDnsDomainName), or {@code ""} to leave it out
 */
public record ServerIdentity(String netbiosName, String netbiosDomain, String dnsComputerName, String dnsDomainName) {

    public ServerIdentity {
        Objects.requireNonNull(netbiosName, "netbiosName");
        Objects.requireNonNull(netbiosDomain, "netbiosDomain");
        Objects.requireNonNull(dnsComputerName, "dnsComputerName");
        Objects.requireNonNull(dnsDomainName, "dnsDomainName");
        if (netbiosName.isEmpty() || netbiosDomain.isEmpty()) {
            // [MS-NLMP] 3.2.5.1.1: MsvAvNbComputerName and MsvAvNbDomainName are always sent.
            throw new IllegalArgumentException("the NetBIOS computer and domain names must not be empty");
        }
    }
}
