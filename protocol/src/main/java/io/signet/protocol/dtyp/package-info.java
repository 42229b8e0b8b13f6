/**
 * [MS-DTYP] Windows Data Types: security identifiers (section 2.4.2), access control entries and lists (sections
 * 2.4.4 and 2.4.5) and self-relative security descriptors (section 2.4.6), as carried by SMB2 QUERY_INFO and
 * SET_INFO with InfoType SMB2_0_INFO_SECURITY ([MS-SMB2] 2.2.37, 2.2.39).
 *
 * <p>Every type is an immutable value. Decoders read at absolute indices of a borrowed buffer and fail with
 * {@link io.signet.protocol.status.SmbException} carrying STATUS_INVALID_PARAMETER on any malformed input, never
 * with another exception; constructors reject impossible values with {@link IllegalArgumentException}, since those
 * are programming errors rather than bad input from a client.
 */
package io.signet.protocol.dtyp;
