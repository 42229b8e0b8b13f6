package io.signet.auth;

import java.util.Arrays;
import java.util.Objects;

/**
 * A user's name and NT password hash (the NTOWFv1 of [MS-NLMP] 3.3.1): what the server needs to check an NTLMv2
 * response, and all that it ever stores. The hash is copied in and out and never appears in {@link #toString()}.
 *
 * @param name   the account name as the directory spells it
 * @param ntHash MD4(UTF-16LE(password)), 16 bytes
 */
public record UserCredentials(String name, byte[] ntHash) {

    public UserCredentials {
        Objects.requireNonNull(name, "name");
        if (ntHash == null || ntHash.length != 16) {
            throw new IllegalArgumentException("an NT hash is 16 bytes");
        }
        ntHash = ntHash.clone();
    }

    /** A copy of the 16-byte NT hash. */
    @Override
    public byte[] ntHash() {
        return ntHash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserCredentials other && name.equals(other.name) && Arrays.equals(ntHash, other.ntHash);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "UserCredentials[name=" + name + ", ntHash=<redacted>]";
    }
}
