package io.signet.auth.ntlm;

import java.util.Arrays;
import java.util.List;

/**
 * The AV pairs of an NTLMv2 client challenge ([MS-NLMP] 2.2.2.7, 3.3.2), checked against the TargetInfo the server
 * sent in its CHALLENGE_MESSAGE. The client builds its list from the server's, so:
 *
 * <ul>
 *   <li>every pair the server sent (the names and MsvAvTimestamp) must come back with the same value: a client that
 *       drops the timestamp or changes a name answers some other challenge;</li>
 *   <li>MsvAvFlags, when present, is the 32-bit value of [MS-NLMP] 2.2.2.1 and MsvAvTimestamp a 64-bit FILETIME:
 *       a pair of another length is malformed. Ignoring a malformed MsvAvFlags would let a client that strips the
 *       MIC hide that it announced one.</li>
 * </ul>
 *
 * <p>These are the rules Samba's NTLMSSP server applies (each failure is STATUS_INVALID_PARAMETER there too), with one
 * difference: Samba reads the first four bytes of an MsvAvFlags longer than four, where this server refuses it. No
 * client sends one. Where a pair occurs twice, the first counts, as in Samba.
 *
 * @param flags the MsvAvFlags value, 0 when the client sent none
 */
public record ClientTargetInfo(int flags) {

    /**
     * @param sent   the TargetInfo of the CHALLENGE_MESSAGE this server sent
     * @param client the AV pairs of the client's NTLMv2_CLIENT_CHALLENGE
     * @throws NtlmFormatException when a pair of the server is missing or changed, or a fixed-size pair has the
     *                             wrong length
     */
    public static ClientTargetInfo check(List<AvPair> sent, List<AvPair> client) throws NtlmFormatException {
        AvPair flags = first(client, AvPair.MSV_AV_FLAGS);
        if (flags != null && flags.value().length != 4) {
            throw new NtlmFormatException("MsvAvFlags of " + flags.value().length + " bytes, not 4");
        }
        AvPair timestamp = first(client, AvPair.MSV_AV_TIMESTAMP);
        if (timestamp != null && timestamp.value().length != 8) {
            throw new NtlmFormatException("MsvAvTimestamp of " + timestamp.value().length + " bytes, not 8");
        }
        for (AvPair server : sent) {
            AvPair echoed = first(client, server.id());
            if (echoed == null) {
                throw new NtlmFormatException(name(server.id()) + " of the CHALLENGE_MESSAGE is missing from the"
                        + " NTLMv2 response");
            }
            if (!Arrays.equals(echoed.value(), server.value())) {
                throw new NtlmFormatException(name(server.id()) + " of the NTLMv2 response differs from the one"
                        + " the server sent");
            }
        }
        return new ClientTargetInfo(flags == null ? 0 : NtlmWire.i32(flags.value(), 0));
    }

    /** Whether the client announced a MIC in its AUTHENTICATE_MESSAGE ([MS-NLMP] 2.2.2.1). */
    public boolean micPresent() {
        return (flags & AvPair.AV_FLAG_MIC_PRESENT) != 0;
    }

    private static AvPair first(List<AvPair> pairs, int id) {
        for (AvPair p : pairs) {
            if (p.id() == id) {
                return p;
            }
        }
        return null;
    }

    private static String name(int id) {
        return switch (id) {
            case AvPair.MSV_AV_NB_COMPUTER_NAME -> "MsvAvNbComputerName";
            case AvPair.MSV_AV_NB_DOMAIN_NAME -> "MsvAvNbDomainName";
            case AvPair.MSV_AV_DNS_COMPUTER_NAME -> "MsvAvDnsComputerName";
            case AvPair.MSV_AV_DNS_DOMAIN_NAME -> "MsvAvDnsDomainName";
            case AvPair.MSV_AV_DNS_TREE_NAME -> "MsvAvDnsTreeName";
            case AvPair.MSV_AV_TIMESTAMP -> "MsvAvTimestamp";
            default -> "AV_PAIR " + id;
        };
    }
}
