package io.signet.interop.support;

import java.nio.file.Path;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/** A Kerberos logon through the JDK's login module, as a Java client (smbj) makes one, against a given realm. */
public final class JdkKerberosLogin {
    private JdkKerberosLogin() {
    }

    /**
     * Logs {@code principal} on and returns the subject that holds its ticket-granting ticket. Points the JDK at
     * {@code krb5Conf} first: the JDK reads that file through a system property, and {@code refreshKrb5Config} makes it
     * read it again for this realm's port.
     */
    public static Subject login(Path krb5Conf, String principal, String password) throws LoginException {
        System.setProperty("java.security.krb5.conf", krb5Conf.toString());
        Map<String, String> options = Map.of(
                "principal", principal,
                "isInitiator", "true",
                "refreshKrb5Config", "true",
                "useTicketCache", "false",
                "storeKey", "false",
                "doNotPrompt", "false");
        Configuration configuration = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String entry) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(
                        "com.sun.security.auth.module.Krb5LoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
            }
        };
        LoginContext login = new LoginContext("signet-interop", new Subject(), callbacks -> {
            for (Callback callback : callbacks) {
                if (callback instanceof NameCallback n) {
                    n.setName(principal);
                } else if (callback instanceof PasswordCallback p) {
                    p.setPassword(password.toCharArray());
                } else {
                    throw new UnsupportedCallbackException(callback);
                }
            }
        }, configuration);
        login.login();
        return login.getSubject();
    }

    /** Stops pointing the JDK at {@code krb5Conf}, so that a later test class does not look for a stopped KDC. */
    public static void forget(Path krb5Conf) {
        if (krb5Conf.toString().equals(System.getProperty("java.security.krb5.conf"))) {
            System.clearProperty("java.security.krb5.conf");
        }
    }
}
