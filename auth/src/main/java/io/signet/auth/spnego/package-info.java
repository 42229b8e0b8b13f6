/**
 * SPNEGO tokens ([RFC 4178] 4.2, [MS-SPNG] 2.2) over a minimal, bounds-checked DER reader and encoder
 * (X.690). Only the structures SPNEGO needs are understood; anything else is refused, never guessed at.
 */
package io.signet.auth.spnego;
