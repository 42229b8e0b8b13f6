package io.signet.server.probe;

/**
 * Who the probe logs on as. The password never comes from the command line, where other local users could read it.
 *
 * @param domain the NTLM domain, empty for the server's own accounts
 */
public record Credentials(String user, String domain, String password) {
    @Override
    public String toString() {
        return "Credentials[user=" + user + ", domain=" + domain + "]";
    }
}
