package io.signet.auth;

import java.util.List;
import java.util.Optional;

/** Several directories consulted in order; the first that knows the user answers. */
public final class CompositeUserDirectory implements UserDirectory {
    private final List<UserDirectory> parts;

    public CompositeUserDirectory(List<UserDirectory> parts) {
        this.parts = List.copyOf(parts);
    }

    @Override
    public Optional<UserCredentials> find(String userName) {
        for (UserDirectory part : parts) {
            Optional<UserCredentials> found = part.find(userName);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
