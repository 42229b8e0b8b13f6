package io.signet.auth;

import java.util.Optional;

/** Where the server finds a user's credentials. Implementations must be safe for concurrent use. */
public interface UserDirectory {

    /**
     * The credentials of {@code userName}, matched without regard to case as Windows account names are.
     * The returned name is the directory's spelling, which may differ in case from the one asked for.
     */
    Optional<UserCredentials> find(String userName);
}
