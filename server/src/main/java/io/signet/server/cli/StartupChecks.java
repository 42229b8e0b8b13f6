package io.signet.server.cli;

import io.signet.auth.kerberos.KerberosAcceptor;
import io.signet.config.ServerConfig;
import io.signet.config.ShareConfig;
import io.signet.server.context.ServerContext;
import java.io.IOException;

/**
 * What the server checks when it starts, after {@link io.signet.config.ServerConfigBuilder#build()}, for
 * {@code config check}: that the users file and the keytab can be read, and that each share with
 * {@code nt acl support} can hold security descriptors. It reads the same files the server reads and, like the
 * server, writes and removes a probe attribute on a writable share's directory; it binds nothing and does not
 * create the state directory or its machine SID and server GUID.
 */
final class StartupChecks {
    private StartupChecks() {
    }

    /** @throws IOException with the reason the server would give for refusing to start */
    static void run(ServerConfig config) throws IOException {
        if (config.usersFile() != null) {
            ServerContext.loadUsersFile(config.usersFile());
        }
        if (config.kerberosEnabled()) {
            KerberosAcceptor.fromKeytab(config.kerberosKeytab(), config.realm(), config.kerberosClockSkew(),
                    config.kerberosAllowRc4());
        }
        for (ShareConfig share : config.shares()) {
            ServerContext.checkDescriptorsFit(share);
        }
    }
}
