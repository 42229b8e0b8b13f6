package io.signet.protocol.rpc.lsarpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.dtyp.Sid;
import io.signet.protocol.rpc.CallContext;
import io.signet.protocol.rpc.FaultStatus;
import io.signet.protocol.rpc.RpcFault;
import io.signet.protocol.rpc.RpcInterface;
import io.signet.protocol.rpc.SyntaxId;
import io.signet.protocol.rpc.Uuid;
import io.signet.protocol.rpc.ndr.NdrPointer;
import io.signet.protocol.rpc.ndr.NdrReader;
import io.signet.protocol.rpc.ndr.NdrWriter;
import io.signet.protocol.status.NtStatus;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

/**
 * The lsarpc interface ([MS-LSAD] 1.9, uuid 12345778-1234-abcd-ef00-0123456789ab version 0.0), limited to what a
 * client browsing the server needs to learn its identity: LsarClose (opnum 0, 3.1.4.9.4), LsarOpenPolicy (opnum 6,
 * 3.1.4.4.2), LsarQueryInformationPolicy (opnum 7, 3.1.4.4.4), LsarOpenPolicy2 (opnum 44, 3.1.4.4.1) and
 * LsarQueryInformationPolicy2 (opnum 46, 3.1.4.4.3) at the classes PolicyPrimaryDomainInformation,
 * PolicyAccountDomainInformation and PolicyDnsDomainInformation. Every other opnum ends in a nca_s_op_rng_error fault.
 *
 * <p>One instance serves one pipe open: the policy handles it hands out are valid on that open only, and
 * {@link io.signet.protocol.rpc.RpcPipe} serializes calls, so the instance is not thread-safe. Access masks are not
 * checked: every caller may read the three public classes served here.
 */
public final class LsarpcInterface implements RpcInterface {
    public static final SyntaxId SYNTAX = new SyntaxId(Uuid.parse("12345778-1234-abcd-ef00-0123456789ab"), 0, 0);

    public static final int LSAR_CLOSE = 0;
    public static final int LSAR_OPEN_POLICY = 6;
    public static final int LSAR_QUERY_INFORMATION_POLICY = 7;
    public static final int LSAR_OPEN_POLICY2 = 44;
    public static final int LSAR_QUERY_INFORMATION_POLICY2 = 46;

    /** POLICY_INFORMATION_CLASS ([MS-LSAD] 2.2.4.1) values served here. */
    public static final int POLICY_PRIMARY_DOMAIN_INFORMATION = 3;
    public static final int POLICY_ACCOUNT_DOMAIN_INFORMATION = 5;
    public static final int POLICY_DNS_DOMAIN_INFORMATION = 12;

    /** An LSAPR_HANDLE, an RPC context handle ([MS-LSAD] 2.2.2.1): 4 bytes of attributes and a 16-byte uuid. */
    public static final int HANDLE_SIZE = 20;
    /** Open policy handles one pipe may hold; further opens answer STATUS_INSUFFICIENT_RESOURCES. */
    static final int MAX_HANDLES = 256;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final LsaIdentity identity;
    private final Set<String> open = new HashSet<>();

    public LsarpcInterface(LsaIdentity identity) {
        this.identity = Objects.requireNonNull(identity, "identity");
    }

    @Override
    public SyntaxId syntax() {
        return SYNTAX;
    }

    /** Policy handles open on this pipe. */
    public int openHandles() {
        return open.size();
    }

    @Override
    public ByteBuf invoke(int opnum, NdrReader stub, CallContext caller) {
        return switch (opnum) {
            case LSAR_CLOSE -> close(stub);
            case LSAR_OPEN_POLICY -> openPolicy(stub, false);
            case LSAR_OPEN_POLICY2 -> openPolicy(stub, true);
            case LSAR_QUERY_INFORMATION_POLICY, LSAR_QUERY_INFORMATION_POLICY2 -> queryInformationPolicy(stub);
            default -> throw new RpcFault(FaultStatus.NCA_S_OP_RNG_ERROR, "lsarpc opnum " + opnum
                    + " is not implemented");
        };
    }

    /**
     * LsarOpenPolicy2 ([MS-LSAD] 3.1.4.4.1): [in,unique,string] wchar_t* SystemName; [in] PLSAPR_OBJECT_ATTRIBUTES
     * ObjectAttributes; [in] ACCESS_MASK DesiredAccess; [out] LSAPR_HANDLE* PolicyHandle. LsarOpenPolicy (3.1.4.4.2)
     * differs only in SystemName, a [unique] pointer to a single wchar_t.
     */
    private ByteBuf openPolicy(NdrReader r, boolean v2) {
        if (v2) {
            r.readUnique(NdrReader::readString); // SystemName: ignored on receipt
        } else {
            r.readUnique(NdrReader::readU16);
        }
        r.readDeferred();
        int status = readObjectAttributes(r);
        byte[] handle = new byte[HANDLE_SIZE];
        if (status == NtStatus.STATUS_SUCCESS.code() && open.size() >= MAX_HANDLES) {
            status = NtStatus.STATUS_INSUFFICIENT_RESOURCES.code();
        }
        if (status == NtStatus.STATUS_SUCCESS.code()) {
            String key;
            do {
                RANDOM.nextBytes(handle);
                handle[0] = handle[1] = handle[2] = handle[3] = 0; // context handle attributes
                key = HEX.formatHex(handle);
            } while (open.contains(key) || isNullHandle(handle));
            open.add(key);
        }
        ByteBuf out = Unpooled.buffer(HANDLE_SIZE + 4);
        NdrWriter w = new NdrWriter(out);
        writeHandle(w, handle); // PolicyHandle: zeroed on failure
        w.writeU32(status);
        return out;
    }

    /**
     * LSAPR_OBJECT_ATTRIBUTES ([MS-LSAD] 2.2), the pointee of a top-level [ref] pointer, then DesiredAccess. Every
     * field is ignored except RootDirectory, which MUST be NULL; a non-null one answers STATUS_INVALID_PARAMETER.
     * The fields are still read, so that a stub that is not valid NDR ends in nca_s_fault_ndr. A security descriptor,
     * which no client sends and which would be ignored, ends the reading: what follows it is ignored too.
     */
    private static int readObjectAttributes(NdrReader r) {
        r.readU32(); // Length
        NdrPointer<Integer> rootDirectory = r.readUnique(NdrReader::readU8);
        r.readUnique(LsarpcInterface::readAnsiString); // ObjectName: PSTRING
        r.readU32(); // Attributes
        NdrPointer<Object> securityDescriptor = r.readUnique(x -> null);
        r.readUnique(LsarpcInterface::readQualityOfService); // SecurityQualityOfService
        int status = rootDirectory.isNull() ? NtStatus.STATUS_SUCCESS.code() : NtStatus.STATUS_INVALID_PARAMETER.code();
        if (securityDescriptor.isNull()) {
            r.readDeferred();
            r.readU32(); // DesiredAccess: granted as asked; the classes served here need no right a caller lacks
        }
        return status;
    }

    /** STRING ([MS-LSAD] 2.2): Length, MaximumLength, [size_is(MaximumLength), length_is(Length)] char* Buffer. */
    private static Object readAnsiString(NdrReader r) {
        r.readU16(); // Length
        r.readU16(); // MaximumLength
        r.readUnique(x -> {
            int max = x.readConformance(1);
            int offset = x.readU32();
            int actual = x.readU32();
            if (Integer.toUnsignedLong(offset) + Integer.toUnsignedLong(actual) > Integer.toUnsignedLong(max)) {
                throw RpcFault.badStub("STRING offset + length exceeds its maximum length");
            }
            if (Integer.toUnsignedLong(actual) > x.remaining()) {
                throw RpcFault.badStub("STRING claims " + Integer.toUnsignedString(actual) + " bytes but only "
                        + x.remaining() + " are left");
            }
            for (int i = 0; i < actual; i++) {
                x.readU8();
            }
            return null;
        });
        return null;
    }

    /** SECURITY_QUALITY_OF_SERVICE ([MS-LSAD] 2.2): Length, ImpersonationLevel (a 16-bit enum), two bytes. */
    private static Object readQualityOfService(NdrReader r) {
        r.readU32(); // Length
        r.readU16(); // ImpersonationLevel
        r.readU8(); // ContextTrackingMode
        r.readU8(); // EffectiveOnly
        return null;
    }

    /**
     * LsarClose ([MS-LSAD] 3.1.4.9.4): [in,out] LSAPR_HANDLE* ObjectHandle. A closed handle comes back zeroed; one this
     * pipe did not open comes back as sent, with STATUS_INVALID_HANDLE.
     */
    private ByteBuf close(NdrReader r) {
        byte[] handle = readHandle(r);
        boolean known = open.remove(HEX.formatHex(handle));
        ByteBuf out = Unpooled.buffer(HANDLE_SIZE + 4);
        NdrWriter w = new NdrWriter(out);
        writeHandle(w, known ? new byte[HANDLE_SIZE] : handle);
        w.writeU32(known ? NtStatus.STATUS_SUCCESS.code() : NtStatus.STATUS_INVALID_HANDLE.code());
        return out;
    }

    /**
     * LsarQueryInformationPolicy2 ([MS-LSAD] 3.1.4.4.3) and LsarQueryInformationPolicy (3.1.4.4.4): [in] LSAPR_HANDLE
     * PolicyHandle; [in] POLICY_INFORMATION_CLASS InformationClass (an enum: 16 bits in NDR); [out,
     * switch_is(InformationClass)] PLSAPR_POLICY_INFORMATION* PolicyInformation: a [ref] pointer to a [unique] pointer
     * to the union (2.2.4.2), whose discriminant is the class again. A class not served here answers
     * STATUS_INVALID_PARAMETER, as 3.1.4.4.3 has for a class out of range, with a null PolicyInformation.
     */
    private ByteBuf queryInformationPolicy(NdrReader r) {
        byte[] handle = readHandle(r);
        int infoClass = r.readU16();
        int status;
        if (!open.contains(HEX.formatHex(handle))) {
            status = NtStatus.STATUS_INVALID_HANDLE.code();
        } else if (infoClass == POLICY_PRIMARY_DOMAIN_INFORMATION || infoClass == POLICY_ACCOUNT_DOMAIN_INFORMATION
                || infoClass == POLICY_DNS_DOMAIN_INFORMATION) {
            status = NtStatus.STATUS_SUCCESS.code();
        } else {
            status = NtStatus.STATUS_INVALID_PARAMETER.code();
        }
        ByteBuf out = Unpooled.buffer();
        NdrWriter w = new NdrWriter(out);
        if (status == NtStatus.STATUS_SUCCESS.code()) {
            w.writeUnique(infoClass, this::writePolicyInformation);
            w.writeDeferred();
        } else {
            w.writeU32(0); // null PolicyInformation
        }
        w.writeU32(status);
        return out;
    }

    /**
     * LSAPR_POLICY_INFORMATION: the 16-bit discriminant, then the arm. Each arm served here is a structure holding
     * pointers, so it starts on a 4-byte boundary ([C706] 14.3.2: a structure is aligned to its largest member).
     */
    private void writePolicyInformation(NdrWriter w, int infoClass) {
        w.writeU16(infoClass);
        w.align(4);
        switch (infoClass) {
            case POLICY_PRIMARY_DOMAIN_INFORMATION -> {
                // LSAPR_POLICY_PRIMARY_DOM_INFO (2.2.4.5): a workgroup member has no domain SID
                writeUnicodeString(w, identity.workgroup()); // Name
                w.writeUnique(null, LsarpcInterface::writeSid); // Sid
            }
            case POLICY_ACCOUNT_DOMAIN_INFORMATION -> {
                // LSAPR_POLICY_ACCOUNT_DOM_INFO (2.2.4.6): the machine is its own account domain
                writeUnicodeString(w, identity.netbiosName()); // DomainName
                w.writeUnique(identity.machineSid(), LsarpcInterface::writeSid); // DomainSid
            }
            case POLICY_DNS_DOMAIN_INFORMATION -> {
                // LSAPR_POLICY_DNS_DOMAIN_INFO (2.2.4.14): a machine not joined to a domain has no DNS names, GUID
                // or SID
                writeUnicodeString(w, identity.workgroup()); // Name
                writeUnicodeString(w, ""); // DnsDomainName
                writeUnicodeString(w, ""); // DnsForestName
                w.writeU32(0); // DomainGuid: Data1
                w.writeU16(0); // Data2
                w.writeU16(0); // Data3
                for (int i = 0; i < 8; i++) {
                    w.writeU8(0); // Data4
                }
                w.writeUnique(null, LsarpcInterface::writeSid); // Sid
            }
            default -> throw new IllegalStateException("class " + infoClass);
        }
    }

    /**
     * RPC_UNICODE_STRING ([MS-DTYP] 2.3.10): Length and MaximumLength in bytes, then a [unique] pointer to a
     * conformant varying array of MaximumLength/2 units of which Length/2 are sent, without a NUL. A non-empty name
     * leaves room for a NUL in MaximumLength; the empty string is a null Buffer with both lengths 0.
     */
    static void writeUnicodeString(NdrWriter w, String s) {
        int length = 2 * s.length();
        int maximumLength = s.isEmpty() ? 0 : length + 2;
        w.writeU16(length);
        w.writeU16(maximumLength);
        w.writeUnique(s.isEmpty() ? null : s, (x, v) -> {
            x.writeU32(v.length() + 1); // max_count
            x.writeU32(0); // offset
            x.writeU32(v.length()); // actual_count
            for (int i = 0; i < v.length(); i++) {
                x.writeU16(v.charAt(i));
            }
        });
    }

    /**
     * RPC_SID ([MS-DTYP] 2.4.2.3): a conformant structure, so its conformance (SubAuthorityCount) leads it
     * on the wire, then Revision, SubAuthorityCount, the 6-byte big-endian IdentifierAuthority and the
     * sub-authorities.
     */
    static void writeSid(NdrWriter w, Sid sid) {
        w.writeU32(sid.subAuthorityCount()); // max_count of SubAuthority[]
        w.writeU8(sid.revision());
        w.writeU8(sid.subAuthorityCount());
        long authority = sid.identifierAuthority();
        for (int shift = 40; shift >= 0; shift -= 8) {
            w.writeU8((int) (authority >>> shift) & 0xFF);
        }
        for (int sub : sid.subAuthorities()) {
            w.writeU32(sub);
        }
    }

    private static byte[] readHandle(NdrReader r) {
        byte[] handle = new byte[HANDLE_SIZE];
        int attributes = r.readU32();
        handle[0] = (byte) attributes;
        handle[1] = (byte) (attributes >>> 8);
        handle[2] = (byte) (attributes >>> 16);
        handle[3] = (byte) (attributes >>> 24);
        for (int i = 4; i < HANDLE_SIZE; i++) {
            handle[i] = (byte) r.readU8();
        }
        return handle;
    }

    private static void writeHandle(NdrWriter w, byte[] handle) {
        w.writeU32((handle[0] & 0xFF) | (handle[1] & 0xFF) << 8 | (handle[2] & 0xFF) << 16 | (handle[3] & 0xFF) << 24);
        for (int i = 4; i < HANDLE_SIZE; i++) {
            w.writeU8(handle[i]);
        }
    }

    private static boolean isNullHandle(byte[] handle) {
        for (byte b : handle) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
