/**
 * Authentication for SMB2 SESSION_SETUP: {@link io.signet.auth.Authenticator} turns security buffers into an
 * {@link io.signet.auth.AuthenticatedUser} and the ExportedSessionKey that SMB2 signing derives its keys from
 * ([MS-SMB2] 3.3.5.5.3), using SPNEGO ([RFC 4178], [MS-SPNG]) around NTLMv2 ([MS-NLMP]). User credentials come
 * from a {@link io.signet.auth.UserDirectory}, which holds NT hashes only.
 */
package io.signet.auth;
