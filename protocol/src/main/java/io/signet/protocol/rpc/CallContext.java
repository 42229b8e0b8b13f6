package io.signet.protocol.rpc;

import java.util.Objects;

/**
 * What an interface knows about the caller of a pipe: the user the SMB2 session authenticated.
 *
 * @param userName the account name of the session ("" for an anonymous or guest session)
 * @param domainName the domain or workgroup the account belongs to
 * @param admin whether the caller is an administrator; srvsvc levels 2 and 502 ([MS-SRVS] 3.1.4.8, 3.1.4.10) need it
 */
public record CallContext(String userName, String domainName, boolean admin) {
    public CallContext {
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(domainName, "domainName");
    }
}
