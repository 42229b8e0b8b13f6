package io.signet.auth;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A fixed set of users given with clear-text passwords (for embedding and tests); only NT hashes are kept. */
public final class InMemoryUserDirectory implements UserDirectory {
    private final Map<String, UserCredentials> users;

    /**
     * @throws IllegalArgumentException when two names differ only in case
     */
    public InMemoryUserDirectory(Map<String, String> namesToPasswords) {
        Map<String, UserCredentials> byKey = new HashMap<>();
        namesToPasswords.forEach((name, password) -> {
            if (name == null || name.isEmpty() || password == null) {
                throw new IllegalArgumentException("user names must be non-empty and passwords non-null");
            }
            if (byKey.putIfAbsent(UserNames.key(name), new UserCredentials(name, NtHash.of(password))) != null) {
                throw new IllegalArgumentException("user " + name + " is listed twice (names ignore case)");
            }
        });
        this.users = Map.copyOf(byKey);
    }

    @Override
    public Optional<UserCredentials> find(String userName) {
        return Optional.ofNullable(users.get(UserNames.key(userName)));
    }

    @Override
    public String toString() {
        return "InMemoryUserDirectory[" + users.size() + " users]";
    }
}
