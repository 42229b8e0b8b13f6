/**
 * The Kerberos V5 acceptor: the GSS-API Kerberos mechanism ([RFC 4121]) on the server side of SMB2 SESSION_SETUP.
 *
 * <p>{@link io.signet.auth.kerberos.KerberosAcceptor} checks an AP-REQ ([RFC 4120] 3.2) against the service keys
 * of a keytab and answers with an AP-REP when the client asks for mutual authentication;
 * {@link io.signet.auth.kerberos.GssMic} makes and checks the MIC tokens that SPNEGO's mechListMIC needs. Kerberos
 * ASN.1 types and the RFC 3961 enctypes come from Apache Kerby; every byte a client sends is first checked by the
 * project's own bounded DER reader, since Kerby's decoder recurses without a depth limit.
 * {@code PacVerifier} checks the PAC an Active Directory KDC puts in a ticket ([MS-PAC]) and
 * gives its SIDs as {@link io.signet.auth.kerberos.PacLogonInfo}.
 */
package io.signet.auth.kerberos;
