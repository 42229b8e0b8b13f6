package io.signet.auth;

import io.signet.protocol.crypto.Crypto;
import java.nio.charset.StandardCharsets;

/** The NT password hash. */
public final class NtHash {
    private NtHash() {
    }

    /** NTOWFv1 ([MS-NLMP] 3.3.1): MD4(UNICODE(password)), with UNICODE meaning UTF-16LE without a byte-order mark. */
    public static byte[] of(String password) {
        return Crypto.md4(password.getBytes(StandardCharsets.UTF_16LE));
    }
}
