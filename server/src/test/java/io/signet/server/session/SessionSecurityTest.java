package io.signet.server.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.auth.AuthenticatedUser;
import io.signet.auth.UserKind;
import io.signet.protocol.crypto.SigningAlgorithm;
import io.signet.protocol.crypto.transform.CipherId;
import io.signet.protocol.crypto.transform.MessageEncryptor;
import io.signet.protocol.smb2.Dialect;
import org.junit.jupiter.api.Test;

/** A session's security is published whole: nothing before, everything after, and re-authentication keeps the keys. */
class SessionSecurityTest {
    private static final AuthenticatedUser ALICE = new AuthenticatedUser("alice", "SIGNET", UserKind.USER);
    private static final AuthenticatedUser BOB = new AuthenticatedUser("bob", "SIGNET", UserKind.USER);
    private static final byte[] KEY = new byte[16];

    private static SessionSecurity alice() {
        return new SessionSecurity(ALICE, Dialect.SMB3_1_1, SigningAlgorithm.AES_CMAC, KEY, CipherId.AES_128_GCM,
                new MessageEncryptor(CipherId.AES_128_GCM, KEY), KEY, true, true);
    }

    @Test
    void aSessionInProgressHasNoIdentityNoKeysAndNoFlags() {
        Session s = new Session(1);
        assertNull(s.security());
        assertNull(s.user());
        assertNull(s.newSessionSigner());
        assertNull(s.newDecryptor());
        assertNull(s.encryptor());
        assertNull(s.signingAlgorithm());
        assertFalse(s.encryptData());
        assertFalse(s.signingRequired());
    }

    @Test
    void oneWritePublishesIdentityKeysAndFlagsTogether() {
        Session s = new Session(1);
        SessionSecurity security = alice();
        s.security(security);
        assertSame(ALICE, s.user());
        assertSame(security.encryptor(), s.encryptor());
        assertNotNull(s.newSessionSigner());
        assertNotNull(s.newDecryptor());
        assertEquals(SigningAlgorithm.AES_CMAC, s.signingAlgorithm());
        assertTrue(s.encryptData());
        assertTrue(s.signingRequired());
    }

    @Test
    void reauthenticationReplacesTheIdentityAndKeepsTheKeys() {
        SessionSecurity first = alice();
        SessionSecurity again = first.withUser(BOB);
        assertSame(BOB, again.user());
        assertArrayEquals(first.signingKey(), again.signingKey());
        assertSame(first.encryptor(), again.encryptor(), "the channels go on sharing one encryptor");
        assertEquals(first.encryptData(), again.encryptData());
        assertEquals(first.signingRequired(), again.signingRequired());
    }

    @Test
    void guestAndAnonymousSessionsHaveNoKeys() {
        SessionSecurity guest = SessionSecurity.keyless(new AuthenticatedUser("guest", "SIGNET", UserKind.GUEST),
                Dialect.SMB3_0);
        assertNull(guest.newSigner());
        assertNull(guest.newDecryptor());
        assertNull(guest.signingAlgorithm());
        assertFalse(guest.signingRequired());
        assertFalse(guest.encryptData());
    }
}
