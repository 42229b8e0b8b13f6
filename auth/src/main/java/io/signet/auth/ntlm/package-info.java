/**
 * The server side of NTLM ([MS-NLMP]): the three messages (2.2.1), AV pairs (2.2.2.1), the NTLMv2 response check
 * and key derivation (3.2.5.1, 3.3.2, 3.4.5), and message signatures for the SPNEGO mechListMIC (3.4.4.2).
 * Only NTLMv2 is accepted.
 */
package io.signet.auth.ntlm;
