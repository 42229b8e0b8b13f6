package io.signet.config;

import static io.signet.config.ServerConfig.FALLBACK_SERVER_NAME;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/** The NetBIOS names of the configuration (server name, workgroup), and the server name a host name gives. */
final class NetbiosNames {
    private static final Pattern NETBIOS_NAME = Pattern.compile("[A-Za-z0-9_-]{1,15}");

    private NetbiosNames() {
    }

    /** Checks a NetBIOS name and returns it upper-cased. */
    static String checkNetbiosName(String what, String name) {
        if (name == null) {
            throw new ConfigException(what + " must be set");
        }
        if (!NETBIOS_NAME.matcher(name).matches()) {
            throw new ConfigException(what + " '" + name
                    + "' must be 1 to 15 characters, each a letter, a digit, '-' or '_'");
        }
        return name.toUpperCase(Locale.ROOT);
    }

    /** The local host name as a NetBIOS name, or {@value ServerConfig#FALLBACK_SERVER_NAME}. */
    static String defaultServerName() {
        try {
            return netbiosNameFromHostName(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException | SecurityException e) {
            return FALLBACK_SERVER_NAME;
        }
    }

    /**
     * The first label of a host name, upper-cased and cut to 15 characters; {@value ServerConfig#FALLBACK_SERVER_NAME}
     * when that is not a valid NetBIOS name or the "host name" is an IP address.
     */
    static String netbiosNameFromHostName(String host) {
        if (host == null || host.indexOf(':') >= 0 || ConfigRules.DOTTED_DIGITS.matcher(host).matches()) {
            return FALLBACK_SERVER_NAME;
        }
        int dot = host.indexOf('.');
        String label = dot >= 0 ? host.substring(0, dot) : host;
        if (label.length() > 15) {
            label = label.substring(0, 15);
        }
        return NETBIOS_NAME.matcher(label).matches() ? label.toUpperCase(Locale.ROOT) : FALLBACK_SERVER_NAME;
    }
}
