package io.signet.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One disk share: a name clients connect to and the local directory it exposes.
 *
 * <p>The constructor checks everything that does not need the file system: the name rules below, and that the path is
 * present. The path is made absolute and normalised. Whether it exists and is a directory is checked by
 * {@link ServerConfigBuilder#build()}.
 *
 * @param name       1 to 80 characters, none of {@code \ / [ ] : | < > + = ; , * ? "} and no control characters,
 *                   no leading or trailing white space, and not the reserved {@code IPC$}; compared ignoring case
 * @param path       the directory shared
 * @param readOnly   whether clients may only read
 * @param comment    the remark shown by share enumeration; {@code null} becomes empty
 * @param browseable whether share enumeration lists it
 * @param guestOk    whether guest sessions may connect, which needs {@link SigningPolicy#AUTO} and encryption
 *                   not required
 * @param encryption this share's {@code smb encrypt} setting, or {@code null} to follow the server's
 *                   ({@link ServerConfig#encryption()})
 * @param validUsers the users who may connect ({@code valid users}), compared ignoring case; empty lets every user
 *                   connect, {@code null} becomes empty. Names must not be empty, contain ':' or control characters,
 *                   or start with '@' or '+' (Samba's group syntax, not supported). Held as an unmodifiable copy.
 * @param ntAclSupport whether files carry Windows security descriptors ({@code nt acl support}): stored with each
 *                   file, enforced at CREATE and rename, queried and set by clients. The share's file system must
 *                   then hold user extended attributes, which the server checks at startup. Without it only the
 *                   POSIX permissions of the server's account apply.
 * @param continuousAvailability whether the share is continuously available ({@code continuous availability}):
 *                   durable v2 opens asking for persistence are made persistent and survive a restart of the server
 *                   ([MS-SMB2] 3.3.1.6 Share.IsCA); needs a state directory, which {@link ServerConfigBuilder#build()}
 *                   checks
 */
public record ShareConfig(String name, Path path, boolean readOnly, String comment, boolean browseable,
                          boolean guestOk, EncryptionPolicy encryption, List<String> validUsers,
                          boolean ntAclSupport, boolean continuousAvailability) {

    /** Longest share name Windows accepts (NNLEN in the Windows SDK's lmcons.h). */
    public static final int MAX_NAME_LENGTH = 80;

    private static final String FORBIDDEN_NAME_CHARS = "\\/[]:|<>+=;,*?\"";

    public ShareConfig {
        Objects.requireNonNull(name, "share name");
        Objects.requireNonNull(path, "path of share " + name);
        checkName(name);
        path = path.toAbsolutePath().normalize();
        comment = comment == null ? "" : comment;
        validUsers = checkValidUsers(name, validUsers);
    }

    /** A share that is not continuously available. */
    public ShareConfig(String name, Path path, boolean readOnly, String comment, boolean browseable,
                       boolean guestOk, EncryptionPolicy encryption, List<String> validUsers, boolean ntAclSupport) {
        this(name, path, readOnly, comment, browseable, guestOk, encryption, validUsers, ntAclSupport, false);
    }

    /** A share whose files carry Windows security descriptors. */
    public ShareConfig(String name, Path path, boolean readOnly, String comment, boolean browseable,
                       boolean guestOk, EncryptionPolicy encryption, List<String> validUsers) {
        this(name, path, readOnly, comment, browseable, guestOk, encryption, validUsers, true);
    }

    /** A share that every user may connect to. */
    public ShareConfig(String name, Path path, boolean readOnly, String comment, boolean browseable,
                       boolean guestOk, EncryptionPolicy encryption) {
        this(name, path, readOnly, comment, browseable, guestOk, encryption, List.of());
    }

    /** A share that follows the server's encryption setting and that every user may connect to. */
    public ShareConfig(String name, Path path, boolean readOnly, String comment, boolean browseable,
                       boolean guestOk) {
        this(name, path, readOnly, comment, browseable, guestOk, null, List.of());
    }

    /**
     * A read-write, browseable share that does not admit guests, follows the server's encryption setting and that
     * every user may connect to.
     */
    public static ShareConfig of(String name, Path path) {
        return new ShareConfig(name, path, false, "", true, false, null, List.of());
    }

    /** This share with its own encryption setting; {@code null} follows the server's. */
    public ShareConfig withEncryption(EncryptionPolicy encryption) {
        return new ShareConfig(name, path, readOnly, comment, browseable, guestOk, encryption, validUsers,
                ntAclSupport, continuousAvailability);
    }

    /** This share restricted to {@code validUsers}; an empty list or {@code null} lets every user connect. */
    public ShareConfig withValidUsers(List<String> validUsers) {
        return new ShareConfig(name, path, readOnly, comment, browseable, guestOk, encryption, validUsers,
                ntAclSupport, continuousAvailability);
    }

    /** This share with ({@code nt acl support = yes}) or without Windows security descriptors. */
    public ShareConfig withNtAclSupport(boolean ntAclSupport) {
        return new ShareConfig(name, path, readOnly, comment, browseable, guestOk, encryption, validUsers,
                ntAclSupport, continuousAvailability);
    }

    /** This share with ({@code continuous availability = yes}) or without persistent handles. */
    public ShareConfig withContinuousAvailability(boolean continuousAvailability) {
        return new ShareConfig(name, path, readOnly, comment, browseable, guestOk, encryption, validUsers,
                ntAclSupport, continuousAvailability);
    }

    /**
     * Whether {@code userName} may connect: always when {@link #validUsers()} is empty, otherwise when it lists the
     * name ignoring case. A {@code null} or empty name is refused by a restricted share.
     */
    public boolean allows(String userName) {
        if (validUsers.isEmpty()) {
            return true;
        }
        if (userName == null || userName.isEmpty()) {
            return false;
        }
        String folded = foldCase(userName);
        for (String valid : validUsers) {
            if (foldCase(valid).equals(folded)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code other} names this share, ignoring case as SMB clients expect. */
    public boolean hasName(String other) {
        return foldCase(name).equals(foldCase(other));
    }

    /** Checks the names of a {@code valid users} list and returns an unmodifiable copy. */
    static List<String> checkValidUsers(String shareName, List<String> validUsers) {
        if (validUsers == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>(validUsers.size());
        for (String user : validUsers) {
            checkValidUser(shareName, user);
            names.add(user);
        }
        return List.copyOf(names);
    }

    /** Checks one name of a {@code valid users} list. */
    static void checkValidUser(String shareName, String user) {
        String where = "share '" + shareName + "': valid users ";
        if (user == null || user.isEmpty()) {
            throw new ConfigException(where + "names must not be empty");
        }
        if (user.charAt(0) == '@' || user.charAt(0) == '+') {
            throw new ConfigException(where + "lists '" + user + "', but groups are not supported: list each user"
                    + " by name");
        }
        if (user.indexOf(':') >= 0) {
            throw new ConfigException(where + "name '" + user + "' must not contain ':'");
        }
        if (user.chars().anyMatch(Character::isISOControl)) {
            throw new ConfigException(where + "name '" + user + "' must not contain control characters");
        }
    }

    static void checkName(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new ConfigException("share name '" + name + "' must be 1 to " + MAX_NAME_LENGTH
                    + " characters long");
        }
        if (!name.equals(name.strip())) {
            throw new ConfigException("share name '" + name + "' must not start or end with white space");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (FORBIDDEN_NAME_CHARS.indexOf(c) >= 0) {
                throw new ConfigException("share name '" + name + "' must not contain '" + c + "'");
            }
            if (Character.isISOControl(c)) {
                throw new ConfigException("share name '" + name + "' must not contain control characters");
            }
        }
        if (foldCase(name).equals("IPC$")) {
            throw new ConfigException("share name '" + name
                    + "' is reserved: the server provides IPC$ itself for named pipes");
        }
    }

    /**
     * Upper-cases one UTF-16 unit at a time, so names compare the way Windows compares them (no "ß" to "SS"
     * expansion, no locale).
     */
    static String foldCase(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toUpperCase(chars[i]);
        }
        return new String(chars);
    }
}
