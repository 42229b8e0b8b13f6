package io.signet.auth.kerberos;

import io.netty.buffer.Unpooled;
import io.signet.protocol.dtyp.Sid;
import io.signet.protocol.rpc.RpcFault;
import io.signet.protocol.rpc.ndr.NdrPointer;
import io.signet.protocol.rpc.ndr.NdrReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of [MS-PAC] 2.5 KERB_VALIDATION_INFO that make an access token, from the PAC_LOGON_INFO buffer: an NDR
 * 2.0 type serialization (version 1, [MS-RPCE] 2.2.6) of a unique pointer to the structure.
 *
 * <pre>
 * Common header ([MS-RPCE] 2.2.6.1):  Version 01 | Endianness 10 | CommonHeaderLength 08 00 | Filler CC CC CC CC
 * Private header ([MS-RPCE] 2.2.6.2): ObjectBufferLength (4) | Filler (4)
 * ObjectBufferLength bytes of NDR: referent id, KERB_VALIDATION_INFO, then its deferred pointees in order
 * </pre>
 *
 * <p>The NDR is read by {@link NdrReader}, confined to ObjectBufferLength bytes, which checks every count against the
 * bytes left before allocating. NDR unique pointers carry no offsets: each pointee is read once, in stream order,
 * so a pointer can neither point backwards nor loop.
 *
 * @param effectiveName the account name
 * @param userFlags     UserFlags
 */
record KerbValidationInfo(String effectiveName, int userFlags, Sid logonDomainId, int userId, int primaryGroupId,
                          List<RidAndAttributes> groupIds, List<SidAndAttributes> extraSids,
                          Sid resourceGroupDomainSid, List<RidAndAttributes> resourceGroupIds) {
    /** [MS-PAC] 2.5 UserFlags D (LOGON_EXTRA_SIDS) and H (LOGON_RESOURCE_GROUPS). */
    static final int EXTRA_SIDS = 0x20;
    static final int RESOURCE_GROUPS = 0x200;
    /** [MS-PAC] 2.2.1 group attributes C (SE_GROUP_ENABLED); 0x10 is SE_GROUP_USE_FOR_DENY_ONLY ([SIDATT]). */
    static final int SE_GROUP_ENABLED = 0x4;
    static final int SE_GROUP_USE_FOR_DENY_ONLY = 0x10;

    private static final int HEADERS = 16;
    private static final long COMMON_HEADER = 0xCCCCCCCC_00081001L; // the 8 bytes, read little-endian

    /** [MS-PAC] 2.2.2 GROUP_MEMBERSHIP. */
    record RidAndAttributes(int rid, int attributes) {
    }

    /** [MS-PAC] 2.2.1 KERB_SID_AND_ATTRIBUTES. */
    record SidAndAttributes(Sid sid, int attributes) {
    }

    static KerbValidationInfo read(byte[] pac, Pac.Buffer buffer) throws KerberosException {
        if (buffer.size() < HEADERS) {
            throw Pac.malformed("PAC_LOGON_INFO of " + buffer.size() + " bytes");
        }
        int at = buffer.offset();
        if (Pac.Le.u64(pac, at) != COMMON_HEADER) {
            throw Pac.malformed("PAC_LOGON_INFO without the little-endian type serialization header v1");
        }
        long objectLength = Pac.Le.u32(pac, at + 8);
        if (objectLength > buffer.size() - HEADERS) {
            throw Pac.malformed("PAC_LOGON_INFO ObjectBufferLength " + objectLength + " in a buffer of "
                    + buffer.size() + " bytes");
        }
        try {
            NdrReader in = new NdrReader(Unpooled.wrappedBuffer(pac, at + HEADERS, (int) objectLength));
            NdrPointer<Wire> top = in.readUnique(KerbValidationInfo::readStructure);
            if (top.isNull()) {
                throw RpcFault.badStub("null KERB_VALIDATION_INFO pointer");
            }
            in.readDeferred();
            return top.get().resolve();
        } catch (RpcFault | IllegalArgumentException e) {
            throw Pac.malformed("PAC_LOGON_INFO: " + e.getMessage());
        }
    }

    /** The structure as read in place: its embedded pointers, whose pointees follow it ([C706] 14.3.12). */
    private record Wire(NdrPointer<String> effectiveName, int userFlags, NdrPointer<Sid> logonDomainId, int userId,
                        int primaryGroupId, NdrPointer<List<RidAndAttributes>> groupIds,
                        NdrPointer<List<PendingSid>> extraSids, NdrPointer<Sid> resourceGroupDomainSid,
                        NdrPointer<List<RidAndAttributes>> resourceGroupIds) {

        /** After the deferred pointees have been read. */
        KerbValidationInfo resolve() {
            if (logonDomainId.isNull()) {
                throw RpcFault.badStub("null LogonDomainId");
            }
            List<SidAndAttributes> extra = new ArrayList<>();
            for (PendingSid p : orEmpty(extraSids)) {
                extra.add(new SidAndAttributes(p.sid().get(), p.attributes()));
            }
            return new KerbValidationInfo(effectiveName.isNull() ? "" : effectiveName.get(), userFlags,
                    logonDomainId.get(), userId, primaryGroupId, orEmpty(groupIds), extra,
                    resourceGroupDomainSid.get(), orEmpty(resourceGroupIds));
        }

        private static <T> List<T> orEmpty(NdrPointer<List<T>> pointer) {
            return pointer.isNull() ? List.of() : pointer.get();
        }
    }

    /** A KERB_SID_AND_ATTRIBUTES whose SID is a pointee still to be read. */
    private record PendingSid(NdrPointer<Sid> sid, int attributes) {
    }

    /** The structure in field order ([MS-PAC] 2.5); its pointees are queued for the caller's readDeferred. */
    private static Wire readStructure(NdrReader in) {
        skipFileTimes(in, 6);                               // LogonTime .. PasswordMustChange
        NdrPointer<String> effectiveName = unicodeString(in);
        for (int i = 0; i < 5; i++) {
            unicodeString(in);                              // FullName .. HomeDirectoryDrive
        }
        in.readU16();                                       // LogonCount
        in.readU16();                                       // BadPasswordCount
        int userId = in.readU32();                          // UserId
        int primaryGroupId = in.readU32();                  // PrimaryGroupId
        int groupCount = in.readU32();                      // GroupCount
        NdrPointer<List<RidAndAttributes>> groupIds = in.readUnique(r -> groups(r, groupCount));
        int userFlags = in.readU32();                       // UserFlags
        for (int i = 0; i < 16; i++) {
            in.readU8();                                    // UserSessionKey (16 bytes, unused by Kerberos)
        }
        unicodeString(in);                                  // LogonServer
        unicodeString(in);                                  // LogonDomainName
        NdrPointer<Sid> logonDomainId = in.readUnique(KerbValidationInfo::sid);
        in.readU32();                                       // Reserved1[0]
        in.readU32();                                       // Reserved1[1]
        in.readU32();                                       // UserAccountControl
        in.readU32();                                       // SubAuthStatus
        skipFileTimes(in, 2);                               // LastSuccessfulILogon, LastFailedILogon
        in.readU32();                                       // FailedILogonCount
        in.readU32();                                       // Reserved3
        int sidCount = in.readU32();                        // SidCount
        NdrPointer<List<PendingSid>> extraSids = in.readUnique(r -> sidsAndAttributes(r, sidCount));
        NdrPointer<Sid> resourceDomain = in.readUnique(KerbValidationInfo::sid);
        int resourceCount = in.readU32();                   // ResourceGroupCount
        NdrPointer<List<RidAndAttributes>> resourceIds = in.readUnique(r -> groups(r, resourceCount));
        requirePointee(groupIds, groupCount, "GroupIds");
        requirePointee(extraSids, sidCount, "ExtraSids");
        requirePointee(resourceIds, resourceCount, "ResourceGroupIds");
        return new Wire(effectiveName, userFlags, logonDomainId, userId, primaryGroupId, groupIds, extraSids,
                resourceDomain, resourceIds);
    }

    /** FILETIME is two DWORDs ([MS-DTYP] 2.3.3), so 4-byte aligned, not 8. */
    private static void skipFileTimes(NdrReader in, int count) {
        for (int i = 0; i < 2 * count; i++) {
            in.readU32();
        }
    }

    private static void requirePointee(NdrPointer<?> pointer, int count, String what) {
        if (pointer.isNull() && count != 0) {
            throw RpcFault.badStub(what + " is null but its count is " + Integer.toUnsignedString(count));
        }
    }

    /**
     * [MS-DTYP] 2.3.10 RPC_UNICODE_STRING: Length (2), MaximumLength (2), then a pointer to a conformant varying
     * array of Length/2 of MaximumLength/2 UTF-16 code units, not NUL-terminated.
     */
    private static NdrPointer<String> unicodeString(NdrReader in) {
        int length = in.readU16();
        int maximumLength = in.readU16();
        if (length % 2 != 0 || length > maximumLength) {
            throw RpcFault.badStub("RPC_UNICODE_STRING of Length " + length + " and MaximumLength " + maximumLength);
        }
        return in.readUnique(r -> units(r, length / 2, maximumLength / 2));
    }

    private static String units(NdrReader in, int actual, int maximum) {
        int maxCount = in.readU32();
        int offset = in.readU32();
        int actualCount = in.readU32();
        if (maxCount != maximum || offset != 0 || actualCount != actual) {
            throw RpcFault.badStub("string array of max " + Integer.toUnsignedString(maxCount) + ", offset "
                    + Integer.toUnsignedString(offset) + ", actual " + Integer.toUnsignedString(actualCount)
                    + " for Length/2 " + actual + " and MaximumLength/2 " + maximum);
        }
        if (2L * actual > in.remaining()) {
            throw RpcFault.badStub("string of " + actual + " code units but " + in.remaining() + " bytes left");
        }
        char[] chars = new char[actual];
        for (int i = 0; i < actual; i++) {
            chars[i] = (char) in.readU16();
        }
        return new String(chars);
    }

    /** A conformant array of GROUP_MEMBERSHIP whose size_is is {@code count}. */
    private static List<RidAndAttributes> groups(NdrReader in, int count) {
        int conformance = in.readConformance(8);
        requireConformance(conformance, count);
        List<RidAndAttributes> out = new ArrayList<>(conformance);
        for (int i = 0; i < conformance; i++) {
            out.add(new RidAndAttributes(in.readU32(), in.readU32()));
        }
        return out;
    }

    /** A conformant array of KERB_SID_AND_ATTRIBUTES; the SIDs follow the whole array as deferred pointees. */
    private static List<PendingSid> sidsAndAttributes(NdrReader in, int count) {
        int conformance = in.readConformance(8);
        requireConformance(conformance, count);
        List<PendingSid> out = new ArrayList<>(conformance);
        for (int i = 0; i < conformance; i++) {
            NdrPointer<Sid> sid = in.readUnique(KerbValidationInfo::sid);
            if (sid.isNull()) {
                throw RpcFault.badStub("null SID in ExtraSids");
            }
            out.add(new PendingSid(sid, in.readU32()));
        }
        return out;
    }

    private static void requireConformance(int conformance, int count) {
        if (conformance != count) {
            throw RpcFault.badStub("array of " + Integer.toUnsignedString(conformance) + " elements for a count of "
                    + Integer.toUnsignedString(count));
        }
    }

    /**
     * [MS-DTYP] 2.4.2.3 RPC_SID: the conformance (SubAuthorityCount again), Revision (1), SubAuthorityCount (1),
     * IdentifierAuthority (6, big-endian), SubAuthority (4 each).
     */
    private static Sid sid(NdrReader in) {
        int conformance = in.readU32();
        int revision = in.readU8();
        int count = in.readU8();
        if (conformance != count || count > Sid.MAX_SUB_AUTHORITIES) {
            throw RpcFault.badStub("RPC_SID of " + count + " sub-authorities with conformance "
                    + Integer.toUnsignedString(conformance));
        }
        long authority = 0;
        for (int i = 0; i < 6; i++) {
            authority = authority << 8 | in.readU8();
        }
        int[] subs = new int[count];
        for (int i = 0; i < count; i++) {
            subs[i] = in.readU32();
        }
        return new Sid(revision, authority, subs);
    }
}
