package io.signet.server.security;

import io.netty.buffer.ByteBuf;
import io.signet.auth.AuthenticatedUser;
import io.signet.auth.UserKind;
import io.signet.config.ShareConfig;
import io.signet.protocol.dtyp.AccessToken;
import io.signet.protocol.dtyp.GenericMapping;
import io.signet.protocol.dtyp.Inheritance;
import io.signet.protocol.dtyp.LocalAccounts;
import io.signet.protocol.dtyp.SecurityDescriptor;
import io.signet.protocol.dtyp.SecurityInformation;
import io.signet.protocol.dtyp.Sid;
import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.tree.Open;
import io.signet.storage.create.FileAccessCheck;
import io.signet.storage.metadata.SecurityDescriptorStore;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Security descriptors of files ([MS-SMB2] 3.3.5.20.3 / 3.3.5.21.3): read, replaced part by part, and kept with the
 * file. A file created through Signet gets a descriptor owned by its creator, whose DACL is inherited from the parent
 * directory's descriptor ([MS-DTYP] 2.5.3.4, {@link Inheritance}) or, when that has nothing to inherit, the default
 * one; a file without a stored descriptor reports the default one, owned by BUILTIN\Administrators.
 *
 * <p>Stored descriptors are enforced at CREATE and rename ({@link #accessCheck}, [MS-FSA] 2.1.5.1.2.1 and
 * 2.1.5.14.11); one that cannot be read denies, and a file without one is governed by the share's POSIX permissions
 * alone. A share with {@code nt acl support = no} keeps none.
 */
public final class FileSecurity {

    /** SECURITY_AUTHENTICATION_AUTHORITY, S-1-18 ([MS-DTYP] 2.4.2.4): how the identity was asserted. */
    private static final long AUTHENTICATION_AUTHORITY = 18;

    private final LocalAccounts accounts;

    public FileSecurity(LocalAccounts accounts) {
        this.accounts = accounts;
    }

    /** The SID a session's user appears as in descriptors: its account, the Guest account, or ANONYMOUS LOGON. */
    Sid sidOf(AuthenticatedUser user) {
        UserKind kind = user == null ? UserKind.ANONYMOUS : user.kind();
        return switch (kind) {
            case USER -> accounts.userSid(user.name());
            case GUEST -> accounts.guestSid();
            case ANONYMOUS -> Sid.ANONYMOUS;
        };
    }

    /**
     * The token CREATE checks descriptors against: the user's SID with NETWORK (every session is a network logon)
     * and, for a user proven by password or ticket, Everyone, Authenticated Users and BUILTIN\Users, then the domain
     * SIDs of a verified Kerberos PAC (the domain user and its groups), so ACEs that Windows clients set for domain
     * accounts apply. The user's own SID stays the local one: it owns what the user creates. A guest has Everyone but
     * is not authenticated; the anonymous logon has neither, as on Windows by default.
     */
    AccessToken tokenOf(AuthenticatedUser user) {
        UserKind kind = user == null ? UserKind.ANONYMOUS : user.kind();
        List<Sid> groups = switch (kind) {
            case USER -> withDomainSids(user.domainSids());
            case GUEST -> List.of(Sid.EVERYONE, Sid.NETWORK);
            case ANONYMOUS -> List.of(Sid.NETWORK);
        };
        return new AccessToken(sidOf(user), groups);
    }

    private List<Sid> withDomainSids(List<Sid> domainSids) {
        Set<Sid> groups = new LinkedHashSet<>(List.of(Sid.EVERYONE, Sid.NETWORK, Sid.AUTHENTICATED_USERS,
                accounts.usersGroupSid()));
        for (Sid sid : domainSids) {
            if (isDomainSid(sid)) {
                groups.add(sid);
            }
        }
        return List.copyOf(groups);
    }

    /**
     * Whether a PAC's SID is one a domain may vouch for: an account or group of a Windows domain (S-1-5-21-...) other
     * than this server's own machine domain, or an authentication-authority SID (S-1-18-...). Built-in groups
     * (S-1-5-32-...), NT AUTHORITY's logon SIDs and this server's accounts are the server's to give, not the
     * domain's; a PAC naming them is not believed for them.
     */
    private boolean isDomainSid(Sid sid) {
        if (sid.identifierAuthority() == AUTHENTICATION_AUTHORITY) {
            return sid.subAuthorityCount() >= 1;
        }
        if (sid.identifierAuthority() != Sid.NT_AUTHORITY || sid.subAuthorityCount() < 2
                || sid.subAuthority(0) != Sid.NT_NON_UNIQUE) {
            return false;
        }
        Sid machine = accounts.machineSid();
        if (sid.subAuthorityCount() <= machine.subAuthorityCount()) {
            return true;
        }
        for (int i = 0; i < machine.subAuthorityCount(); i++) {
            if (sid.subAuthority(i) != machine.subAuthority(i)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The descriptor checks of a request by {@code user} on {@code share} ({@link FileAccessCheck}); files it
     * creates get {@link #newDescriptor}. A share with {@code nt acl support = no} has neither: its POSIX
     * permissions alone decide.
     *
     * @param creator the descriptor the creator gave (SMB2_CREATE_SD_BUFFER), or null
     */
    public FileAccessCheck accessCheck(AuthenticatedUser user, ShareConfig share, SecurityDescriptor creator) {
        if (!share.ntAclSupport()) {
            return FileAccessCheck.unrestricted();
        }
        AccessToken token = tokenOf(user);
        return FileAccessCheck.forToken(token, (parent, directory) ->
                newDescriptor(token, parent.orElse(null), creator, directory));
    }

    /**
     * [MS-DTYP] 2.5.3.4.1 CreateSecurityDescriptor for a file the CREATE makes: owned by its creator (or by the
     * owner the creator's descriptor names, which must be the creator or one of its groups: STATUS_INVALID_OWNER
     * otherwise, as [MS-FSA] 2.1.5.1.1 has the object store check it), its group the creator's or the one named. Its
     * DACL is the creator's, with what it inherits from {@code parent} after it unless protected
     * ({@link Inheritance#withCreatorDacl}); without one, what it inherits from {@code parent}, or else the default
     * DACL of {@link LocalAccounts#defaultFileSecurity}.
     */
    SecurityDescriptor newDescriptor(AccessToken token, SecurityDescriptor parent, SecurityDescriptor creator,
                                     boolean directory) {
        Sid owner = token.user();
        Sid group = accounts.usersGroupSid();
        if (creator != null) {
            if (creator.isSaclPresent()) {
                // A SACL needs SeSecurityPrivilege, which no Signet user holds (as SET_INFO needs
                // ACCESS_SYSTEM_SECURITY, never granted).
                throw new SmbException(NtStatus.STATUS_PRIVILEGE_NOT_HELD, "a SACL needs SeSecurityPrivilege");
            }
            if (creator.owner() != null) {
                checkOwner(token, creator.owner());
                owner = creator.owner();
            }
            if (creator.group() != null) {
                group = creator.group();
            }
            if (creator.isDaclPresent()) {
                return Inheritance.withCreatorDacl(creator, parent, owner, group, directory, GenericMapping.FILES);
            }
        }
        if (parent != null) {
            Optional<SecurityDescriptor> inherited = Inheritance.forNewObject(parent, owner, group, directory,
                    GenericMapping.FILES);
            if (inherited.isPresent()) {
                return inherited.get();
            }
        }
        SecurityDescriptor standard = accounts.defaultFileSecurity(owner, directory);
        return new SecurityDescriptor(standard.control(), owner, group, null, standard.dacl());
    }

    /**
     * The owner a descriptor may be given: the user's own SID or a group of its token. Windows and Samba answer
     * STATUS_INVALID_OWNER for any other SID unless the caller holds SeRestorePrivilege, which no Signet user does.
     */
    private static void checkOwner(AccessToken token, Sid owner) {
        if (!token.contains(owner)) {
            throw new SmbException(NtStatus.STATUS_INVALID_OWNER, owner + " is neither the user nor one of its groups");
        }
    }

    /**
     * QUERY_INFO SECURITY: the parts named by {@code securityInformation}. READ_CONTROL is needed; the SACL needs
     * ACCESS_SYSTEM_SECURITY. A buffer too small for the descriptor gets STATUS_BUFFER_TOO_SMALL with the needed
     * size as ErrorData (4 bytes).
     */
    public void query(Open open, int securityInformation, ByteBuf out, int maxBytes) {
        int granted = open.handle().grantedAccess();
        if ((securityInformation & SecurityInformation.SACL_SECURITY_INFORMATION) != 0
                && (granted & AccessMask.ACCESS_SYSTEM_SECURITY) == 0) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "SACL needs ACCESS_SYSTEM_SECURITY");
        }
        if ((securityInformation & (SecurityInformation.OWNER_SECURITY_INFORMATION
                | SecurityInformation.GROUP_SECURITY_INFORMATION | SecurityInformation.DACL_SECURITY_INFORMATION)) != 0
                && (granted & AccessMask.READ_CONTROL) == 0) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "reading a descriptor needs READ_CONTROL");
        }
        SecurityDescriptor sd = current(open).select(securityInformation);
        int size = sd.encodedSize();
        if (size > maxBytes) {
            byte[] needed = {(byte) size, (byte) (size >>> 8), (byte) (size >>> 16), (byte) (size >>> 24)};
            throw new SmbException(NtStatus.STATUS_BUFFER_TOO_SMALL, "descriptor needs " + size + " bytes", needed);
        }
        sd.encode(out);
    }

    /**
     * SET_INFO SECURITY: replaces the parts named by {@code securityInformation}; WRITE_DAC / WRITE_OWNER needed. A
     * new owner must be the user or one of its groups (STATUS_INVALID_OWNER); a new DACL is stored with its generic
     * rights mapped ({@link Inheritance#mapEffective}). A share with {@code nt acl support = no} keeps no
     * descriptors: STATUS_NOT_SUPPORTED.
     */
    public void set(Open open, AuthenticatedUser user, int securityInformation, ByteBuf in) {
        int granted = open.handle().grantedAccess();
        if ((securityInformation & SecurityInformation.SACL_SECURITY_INFORMATION) != 0
                && (granted & AccessMask.ACCESS_SYSTEM_SECURITY) == 0) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "SACL needs ACCESS_SYSTEM_SECURITY");
        }
        if ((securityInformation & SecurityInformation.DACL_SECURITY_INFORMATION) != 0
                && (granted & AccessMask.WRITE_DAC) == 0) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "setting the DACL needs WRITE_DAC");
        }
        if ((securityInformation & (SecurityInformation.OWNER_SECURITY_INFORMATION
                | SecurityInformation.GROUP_SECURITY_INFORMATION)) != 0 && (granted & AccessMask.WRITE_OWNER) == 0) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "setting owner or group needs WRITE_OWNER");
        }
        if (open.tree().share().readOnly()) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "read-only share");
        }
        if (!open.tree().share().ntAclSupport()) {
            throw new SmbException(NtStatus.STATUS_NOT_SUPPORTED, "share " + open.tree().shareName()
                    + " keeps no security descriptors (nt acl support = no)");
        }
        SecurityDescriptor update = SecurityDescriptor.decode(in);
        if ((securityInformation & SecurityInformation.OWNER_SECURITY_INFORMATION) != 0 && update.owner() != null) {
            checkOwner(tokenOf(user), update.owner());
        }
        if ((securityInformation & SecurityInformation.DACL_SECURITY_INFORMATION) != 0 && update.dacl() != null) {
            update = new SecurityDescriptor(update.control(), update.owner(), update.group(), update.sacl(),
                    Inheritance.mapEffective(update.dacl(), GenericMapping.FILES));
        }
        SecurityDescriptor merged = current(open).merge(update, securityInformation);
        SecurityDescriptorStore.store(open.handle().path(), merged);
    }

    /**
     * The file's descriptor: the stored one (a share without NT ACLs has none), else the default one, owned by
     * BUILTIN\\Administrators.
     *
     * @throws SmbException STATUS_ACCESS_DENIED when the stored one cannot be read
     */
    private SecurityDescriptor current(Open open) {
        Optional<SecurityDescriptor> stored = open.tree().share().ntAclSupport()
                ? SecurityDescriptorStore.read(open.handle().path()) : Optional.empty();
        return stored.orElseGet(() -> accounts.defaultFileSecurity(Sid.BUILTIN_ADMINISTRATORS,
                open.handle().isDirectory()));
    }
}
