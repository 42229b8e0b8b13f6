package io.signet.auth;

/** What kind of principal an authentication produced. */
public enum UserKind {
    /** A user proven by its password; the exchange yields a session key. */
    USER,
    /** A guest mapping made by the server layer (this module never produces it). */
    GUEST,
    /** The anonymous logon ([MS-NLMP] 3.2.5.1.2); no session key. */
    ANONYMOUS
}
