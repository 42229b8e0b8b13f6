package io.signet.server.session;

import io.signet.auth.UserKind;

/**
 * Decides {@code Session.SigningRequired} once, when authentication completes ([MS-SMB2] 3.3.5.5.3).
 *
 * <p>Signing is required when the server's configuration requires it (RequireSecuritySignature), when the
 * negotiation required it (the client's NEGOTIATE SecurityMode had SIGNING_REQUIRED: Connection.ShouldSign,
 * [MS-SMB2] 3.3.5.4), or when the client's SESSION_SETUP asked for it (SecurityMode SIGNING_REQUIRED). Guest and anonymous sessions have no session key to sign with, so
 * they can never require signing; the server refuses them outright while signing is mandatory.
 */
public final class SigningRequirement {
    private SigningRequirement() {
    }

    public static boolean isRequired(boolean serverRequires, boolean negotiatedRequired, boolean clientRequires,
                                     UserKind kind) {
        if (kind != UserKind.USER) {
            return false;
        }
        return serverRequires || negotiatedRequired || clientRequires;
    }
}
