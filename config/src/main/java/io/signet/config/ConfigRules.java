package io.signet.config;

import static io.signet.config.ServerConfig.MAX_FRAME_SIZE;
import static io.signet.config.ServerConfig.MAX_KERBEROS_CLOCK_SKEW_SECONDS;
import static io.signet.config.ServerConfig.MIN_FRAME_SIZE;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules a {@link ServerConfig} must satisfy, each a static check that throws {@link ConfigException} with the
 * reason. The record's constructor, {@link ServerConfigBuilder#build()} and {@link SmbConfParser} share them, so a
 * setting is refused with the same words wherever it comes from; the builder and parser add the file and line.
 */
final class ConfigRules {
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    /** Digits and dots only: meant as an IPv4 address, never a host name. */
    static final Pattern DOTTED_DIGITS = Pattern.compile("[0-9.]+");
    private static final Pattern HOST_NAME = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");

    private ConfigRules() {
    }

    static void checkKerberos(String realm, Path keytab, Duration skew) {
        if (realm != null && keytab == null) {
            throw new ConfigException("realm " + realm + " is set but no kerberos keytab: Kerberos needs both");
        }
        if (keytab != null && realm == null) {
            throw new ConfigException("kerberos keytab " + keytab + " is set but no realm: Kerberos needs both");
        }
        if (realm != null) {
            checkRealm(realm);
        }
        checkClockSkew(skew);
    }

    /** A realm is a non-empty name without spaces, '@', '/' or control characters ([RFC 4120] 6.1). */
    static void checkRealm(String realm) {
        if (realm.isEmpty() || realm.chars().anyMatch(c -> c <= ' ' || c == '@' || c == '/' || c == 0x7F)) {
            throw new ConfigException("realm '" + realm + "' must be a non-empty name without spaces, '@' or '/'");
        }
    }

    static void checkClockSkew(Duration skew) {
        if (skew == null) {
            throw new ConfigException("kerberos clock skew must be set");
        }
        if (skew.isNegative() || skew.isZero() || skew.getSeconds() > MAX_KERBEROS_CLOCK_SKEW_SECONDS) {
            throw new ConfigException("kerberos clock skew must be between 1 and " + MAX_KERBEROS_CLOCK_SKEW_SECONDS
                    + " seconds, got " + skew.getSeconds());
        }
    }

    static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new ConfigException("port must be between 0 and 65535, got " + port);
        }
    }

    static void checkMaxFrameSize(int size) {
        if (size < MIN_FRAME_SIZE || size > MAX_FRAME_SIZE) {
            throw new ConfigException("max frame size must be between " + MIN_FRAME_SIZE + " and " + MAX_FRAME_SIZE
                    + " bytes, got " + size);
        }
    }

    /** Checks a cipher list and returns an unmodifiable copy. */
    static List<EncryptionCipher> checkEncryptionCiphers(List<EncryptionCipher> ciphers) {
        if (ciphers == null) {
            throw new ConfigException("encryption ciphers must be set");
        }
        if (ciphers.isEmpty()) {
            throw new ConfigException("server smb encrypt algorithms must list at least one cipher");
        }
        List<EncryptionCipher> seen = new ArrayList<>();
        for (EncryptionCipher cipher : ciphers) {
            if (cipher == null) {
                throw new ConfigException("encryption ciphers must not contain null");
            }
            if (seen.contains(cipher)) {
                throw new ConfigException("server smb encrypt algorithms lists " + cipher.configName() + " twice");
            }
            seen.add(cipher);
        }
        return List.copyOf(seen);
    }

    static void checkBindAddress(String address) {
        boolean valid;
        if (address.indexOf(':') >= 0) {
            valid = isIpv6Literal(address);
        } else if (DOTTED_DIGITS.matcher(address).matches()) {
            valid = IPV4.matcher(address).matches();
        } else {
            valid = address.length() <= 253 && HOST_NAME.matcher(address).matches();
        }
        if (!valid) {
            throw new ConfigException("bind address '" + address + "' is neither an IP address nor a host name");
        }
    }

    /** Whether {@code s} is one IPv4 or IPv6 address written out, never a name to look up. */
    static boolean isIpLiteral(String s) {
        return IPV4.matcher(s).matches() || s.indexOf(':') >= 0 && isIpv6Literal(s);
    }

    private static boolean isIpv6Literal(String s) {
        // InetAddress parses anything containing ':' as a literal and never looks it up.
        String bare = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        if (bare.indexOf(':') < 0 || bare.chars().anyMatch(Character::isWhitespace)) {
            return false;
        }
        try {
            InetAddress.getByName(bare);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static void checkUserNames(List<String> names) {
        Map<String, String> seen = new HashMap<>();
        for (String name : names) {
            if (name == null || name.isEmpty()) {
                throw new ConfigException("user names must not be empty");
            }
            if (name.indexOf(':') >= 0) {
                throw new ConfigException("user name '" + name + "' must not contain ':'");
            }
            if (name.chars().anyMatch(Character::isISOControl)) {
                throw new ConfigException("user name '" + name + "' must not contain control characters");
            }
            String earlier = seen.putIfAbsent(ShareConfig.foldCase(name), name);
            if (earlier != null) {
                throw new ConfigException(earlier.equals(name)
                        ? "user '" + name + "' is defined twice"
                        : "users '" + earlier + "' and '" + name + "' differ only in case; user names ignore case");
            }
        }
    }

    static void checkPassword(String user, String password) {
        if (password == null || password.isEmpty()) {
            throw new ConfigException("user '" + user + "' has no password");
        }
    }

    static ConfigException duplicateShare(String name, String earlierName) {
        return new ConfigException(name.equals(earlierName)
                ? "share '" + name + "' is defined twice"
                : "shares '" + earlierName + "' and '" + name + "' differ only in case; share names ignore case");
    }

    static String guestNeedsAutoSigningReason(String shareName) {
        return "share '" + shareName + "' allows guests but signing is mandatory; guest sessions have no session key"
                + " and so cannot sign ([MS-SMB2] 3.3.5.5.3): set server signing = auto"
                + " (SigningPolicy.AUTO) or stop allowing guests on this share";
    }

    static ConfigException guestNeedsAutoSigning(String shareName) {
        return new ConfigException(guestNeedsAutoSigningReason(shareName));
    }

    /**
     * Refuses a share that guests cannot use because encryption is required, or that requires encryption the server
     * has turned off.
     */
    static void checkShareEncryption(ShareConfig share, EncryptionPolicy serverEncryption) {
        String reason = guestCannotEncryptReason(share, serverEncryption);
        if (reason == null) {
            reason = encryptionTurnedOffReason(share, serverEncryption);
        }
        if (reason != null) {
            throw new ConfigException(reason);
        }
    }

    /**
     * Why {@code share} admits guests that could not use it, or {@code null}: a guest session has no session key,
     * so it can encrypt nothing, and a share that requires encryption, or a server that requires it of every
     * session, refuses it.
     */
    static String guestCannotEncryptReason(ShareConfig share, EncryptionPolicy serverEncryption) {
        if (!share.guestOk()) {
            return null;
        }
        String what;
        String fix;
        if (share.encryption() == EncryptionPolicy.REQUIRED) {
            what = "requires encryption (smb encrypt = required)";
            fix = "set smb encrypt on this share to if_required or desired";
        } else if (serverEncryption == EncryptionPolicy.REQUIRED) {
            what = "the server requires encryption (server smb encrypt = required)";
            fix = "set server smb encrypt to if_required or desired";
        } else {
            return null;
        }
        return "share '" + share.name() + "' allows guests but " + what + "; guest sessions have no session key"
                + " and so cannot encrypt ([MS-SMB2] 3.3.5.5.3): " + fix + " or stop allowing guests on this share";
    }

    /** Why {@code share} cannot have its encryption setting under {@code serverEncryption}, or {@code null}. */
    static String encryptionTurnedOffReason(ShareConfig share, EncryptionPolicy serverEncryption) {
        if (share.encryption() != EncryptionPolicy.REQUIRED || serverEncryption != EncryptionPolicy.OFF) {
            return null;
        }
        return "share '" + share.name() + "' has smb encrypt = required but the server has server smb encrypt = off;"
                + " a share cannot require encryption the server has turned off";
    }

    /**
     * Why {@code share} lists a user that does not exist, or {@code null}. Without a users file the inline users are
     * all the users there are; with one, names are checked when the server reads that file.
     */
    static String unknownValidUserReason(ShareConfig share, Map<String, String> users, Path usersFile) {
        if (usersFile != null || share.validUsers().isEmpty()) {
            return null;
        }
        List<String> known = new ArrayList<>();
        for (String user : users.keySet()) {
            known.add(ShareConfig.foldCase(user));
        }
        for (String name : share.validUsers()) {
            if (!known.contains(ShareConfig.foldCase(name))) {
                return "share '" + share.name() + "': valid users names '" + name + "', who is not a configured"
                        + " user; add the user or set a users file";
            }
        }
        return null;
    }

    /** Whether the keytab can be read now, so a typo fails at startup rather than at the first logon. */
    static void checkKeytabFile(Path keytab) {
        if (!Files.isRegularFile(keytab)) {
            throw new ConfigException("kerberos keytab " + keytab + " does not exist or is not a file");
        }
        if (!Files.isReadable(keytab)) {
            throw new ConfigException("kerberos keytab " + keytab + " is not readable");
        }
    }
}
