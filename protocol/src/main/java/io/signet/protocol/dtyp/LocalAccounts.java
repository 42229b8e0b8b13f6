package io.signet.protocol.dtyp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Windows-style SIDs for Signet's local accounts, and the descriptor a newly created file gets.
 *
 * <p>The server acts as its own machine domain, like a stand-alone Windows host: its machine SID is
 * {@code S-1-5-21-X-Y-Z} ([MS-DTYP] 2.4.2.4, SECURITY_NT_NON_UNIQUE). Like Windows, which draws X, Y and Z at
 * installation, Signet draws them once ({@link #randomMachineSid}) and the server keeps them
 * ({@code io.signet.server.MachineSid}); stored descriptors name users by it, so it must never change.
 * {@link #machineSidOfServerGuid} is the derivation earlier versions used, kept for state directories made by them.
 *
 * <p>A user's SID is the machine SID plus a RID derived from the lower-cased user name: 1000 plus the SHA-256 of the
 * name, taken as a 31-bit number, modulo 2^30. It needs no stored account database, so a user given with
 * {@code --user} is the same principal at every start, but it is not collision-proof:
 * two names share a RID with probability about 2^-30 per pair, so for tens of thousands of accounts a clash becomes
 * plausible. RIDs below 1000 are never produced; Windows reserves them for built-in accounts.
 */
public final class LocalAccounts {
    /** DOMAIN_USER_RID_GUEST ([MS-DTYP] 2.4.2.4). */
    static final int GUEST_RID = 501;
    private static final int FIRST_USER_RID = 1000;
    private static final int RID_SPAN = 1 << 30;

    private final Sid machineSid;

    /** @param machineSid the server's machine SID, {@code S-1-5-21-X-Y-Z} */
    public LocalAccounts(Sid machineSid) {
        Objects.requireNonNull(machineSid, "machineSid");
        if (!isMachineSid(machineSid)) {
            throw new IllegalArgumentException("not a machine SID (S-1-5-21-X-Y-Z): " + machineSid);
        }
        this.machineSid = machineSid;
    }

    /** Whether {@code sid} has the form of a machine SID: S-1-5-21 and three more sub-authorities. */
    public static boolean isMachineSid(Sid sid) {
        return sid.identifierAuthority() == Sid.NT_AUTHORITY && sid.subAuthorityCount() == 4
                && sid.subAuthority(0) == Sid.NT_NON_UNIQUE;
    }

    /** A new machine SID with three random sub-authorities, as Windows makes one at installation. */
    public static Sid randomMachineSid(SecureRandom random) {
        return Sid.of(Sid.NT_AUTHORITY, Sid.NT_NON_UNIQUE, random.nextInt(), random.nextInt(), random.nextInt());
    }

    /**
     * The machine SID earlier versions derived from the 16-byte server GUID: the first 12 bytes of its SHA-256 read
     * as three little-endian 32-bit values. Only for a state directory those versions made, whose descriptors name
     * users by it.
     */
    public static Sid machineSidOfServerGuid(byte[] serverGuid16) {
        Objects.requireNonNull(serverGuid16, "serverGuid16");
        if (serverGuid16.length != 16) {
            throw new IllegalArgumentException("server GUID must be 16 bytes: " + serverGuid16.length);
        }
        ByteBuffer digest = ByteBuffer.wrap(sha256(serverGuid16)).order(ByteOrder.LITTLE_ENDIAN);
        return Sid.of(Sid.NT_AUTHORITY, Sid.NT_NON_UNIQUE, digest.getInt(), digest.getInt(), digest.getInt());
    }

    public Sid machineSid() {
        return machineSid;
    }

    /**
     * The SID of local user {@code userName}, compared without case; {@link Sid#ANONYMOUS} for the anonymous user,
     * whose name is null (or empty, as NTLM carries it).
     */
    public Sid userSid(String userName) {
        if (userName == null || userName.isEmpty()) {
            return Sid.ANONYMOUS;
        }
        byte[] name = userName.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        int hash31 = ByteBuffer.wrap(sha256(name)).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0x7FFF_FFFF;
        return machineSid.withRid(FIRST_USER_RID + hash31 % RID_SPAN);
    }

    /**
     * The local Guest account, {@code S-1-5-21-X-Y-Z-501} (DOMAIN_USER_RID_GUEST, [MS-DTYP] 2.4.2.4): what a guest
     * session ({@code map to guest = bad user}) appears as in descriptors.
     */
    public Sid guestSid() {
        return machineSid.withRid(GUEST_RID);
    }

    public Sid usersGroupSid() {
        return Sid.BUILTIN_USERS;
    }

    /**
     * The descriptor of a file or directory created by {@code owner}: owner {@code owner}, group BUILTIN\Users, and a
     * DACL granting full control to the owner, SYSTEM and BUILTIN\Administrators and read-and-execute to
     * Authenticated Users. Read, not modify, for everyone else, because on a multi-user server a file should not be
     * writable by every account unless its owner says so. A directory's ACEs also carry OBJECT_INHERIT and
     * CONTAINER_INHERIT so that what is created inside gets the same grants. When the owner is SYSTEM or
     * Administrators its ACE is not repeated.
     */
    public SecurityDescriptor defaultFileSecurity(Sid owner, boolean directory) {
        Objects.requireNonNull(owner, "owner");
        int flags = directory ? Ace.OBJECT_INHERIT_ACE | Ace.CONTAINER_INHERIT_ACE : 0;
        List<Ace> aces = new ArrayList<>(4);
        aces.add(Ace.allow(owner, Ace.FULL_CONTROL, flags));
        if (!owner.equals(Sid.LOCAL_SYSTEM)) {
            aces.add(Ace.allow(Sid.LOCAL_SYSTEM, Ace.FULL_CONTROL, flags));
        }
        if (!owner.equals(Sid.BUILTIN_ADMINISTRATORS)) {
            aces.add(Ace.allow(Sid.BUILTIN_ADMINISTRATORS, Ace.FULL_CONTROL, flags));
        }
        aces.add(Ace.allow(Sid.AUTHENTICATED_USERS, Ace.READ_AND_EXECUTE, flags));
        return new SecurityDescriptor(SecurityDescriptor.SE_DACL_PRESENT, owner, usersGroupSid(), null,
                new Acl(Acl.ACL_REVISION, aces));
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
