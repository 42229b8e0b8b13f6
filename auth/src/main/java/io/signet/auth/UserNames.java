package io.signet.auth;

import java.util.Locale;

/** The case-insensitive key under which directories index account names. */
final class UserNames {
    private UserNames() {
    }

    static String key(String userName) {
        return userName.toUpperCase(Locale.ROOT);
    }
}
