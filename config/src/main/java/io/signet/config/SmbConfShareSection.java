package io.signet.config;

import static io.signet.config.SmbConfValues.abbreviate;

import io.signet.config.SmbConfLineReader.Line;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code smb.conf} share section being read: collects its keys and becomes a {@link ShareConfig} at the next
 * section or the end of the file.
 */
final class SmbConfShareSection {

    final String name;
    private final int line;
    private final SmbConfValues values;
    private Path path;
    private int pathLine;
    private boolean readOnly = true; // Samba's default
    private String comment = "";
    private boolean browseable = true;
    private boolean guestOk;
    private int guestOkLine;
    /** {@code null}: the share follows the server's setting. */
    private EncryptionPolicy encryption;
    private int encryptionLine;
    /** Empty: every user may connect. */
    private List<String> validUsers = List.of();
    private int validUsersLine;
    private boolean ntAclSupport = true;
    private boolean continuousAvailability;

    /** A share named {@code name} whose header is on {@code line}; the caller checked the name. */
    SmbConfShareSection(String name, int line, SmbConfValues values) {
        this.name = name;
        this.line = line;
        this.values = values;
    }

    /** Sets what {@code key}, spelled {@code keyText} on {@code line}, says; the caller checked it is a share key. */
    void apply(Line line, SmbConfKey key, String keyText, String value) {
        switch (key) {
            case PATH -> {
                path = values.path(line, value);
                pathLine = line.number();
            }
            case READ_ONLY -> {
                boolean flag = values.bool(line, keyText, value);
                readOnly = SmbConfKey.normalise(keyText).equals("readonly") ? flag : !flag;
            }
            case COMMENT -> comment = value;
            case BROWSEABLE -> browseable = values.bool(line, keyText, value);
            case GUEST_OK -> {
                guestOk = values.bool(line, keyText, value);
                guestOkLine = line.number();
            }
            case ENCRYPTION -> {
                encryption = values.at(line, () -> EncryptionPolicy.fromName(value));
                encryptionLine = line.number();
            }
            case VALID_USERS -> {
                validUsers = validUsers(line, keyText, value);
                validUsersLine = line.number();
            }
            case NT_ACL_SUPPORT -> ntAclSupport = values.bool(line, keyText, value);
            case CONTINUOUS_AVAILABILITY -> continuousAvailability = values.bool(line, keyText, value);
            default -> throw new IllegalStateException("[global] key in a share: " + key);
        }
    }

    /**
     * Samba's syntax: user names separated by commas or white space. Two commas with nothing between them, or
     * a comma at either end, leave an empty name.
     */
    private List<String> validUsers(Line line, String keyText, String value) {
        List<String> names = new ArrayList<>();
        for (String piece : value.split(",", -1)) {
            String stripped = piece.strip();
            if (stripped.isEmpty()) {
                throw values.error(line, "'" + keyText + "' has an empty name in '" + abbreviate(value) + "'");
            }
            for (String user : stripped.split("\\s+")) {
                values.check(line, () -> ShareConfig.checkValidUser(name, user));
                names.add(user);
            }
        }
        return names;
    }

    /** Adds the finished share to {@code builder}, with the lines its whole-configuration checks report. */
    void addTo(ServerConfigBuilder builder) {
        if (path == null) {
            throw new ConfigException(values.file(), line, "share [" + name + "] has no 'path'");
        }
        ShareConfig config = new ShareConfig(name, path, readOnly, comment, browseable, guestOk, encryption,
                validUsers, ntAclSupport, continuousAvailability);
        builder.share(config, new ServerConfigBuilder.ShareSource(values.file(), line, pathLine,
                guestOkLine > 0 ? guestOkLine : line,
                encryptionLine > 0 ? encryptionLine : line,
                validUsersLine > 0 ? validUsersLine : line));
    }
}
