package io.signet.auth.testing;

import io.signet.protocol.dtyp.Sid;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.crypto.CheckSumHandler;
import org.apache.kerby.kerberos.kerb.crypto.EncryptionHandler;
import org.apache.kerby.kerberos.kerb.type.base.CheckSumType;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionType;

/**
 * Makes PACs as an Active Directory KDC does ([MS-PAC] 2.3 to 2.8): logon information as an NDR type serialization,
 * client information, and the server and KDC signatures, the server one with a real key. Written independently of
 * the server's reader, field by field from [MS-PAC] 2.5; every field is public so tests can make it wrong.
 */
public final class PacBuilder {
    public static final int LOGON_INFO = 1;
    public static final int SERVER_CHECKSUM = 6;
    public static final int PRIVSVR_CHECKSUM = 7;
    public static final int CLIENT_INFO = 10;
    public static final int SE_GROUP_DEFAULT = 7; // mandatory, enabled by default, enabled

    public Sid domain = Sid.parse("S-1-5-21-1111-2222-3333");
    public int userRid = 1104;
    public int primaryGroupRid = 513;
    /** RID and attributes of each group. */
    public List<int[]> groups = new ArrayList<>(List.of(new int[] {513, SE_GROUP_DEFAULT},
            new int[] {1108, SE_GROUP_DEFAULT}));
    /** SID and attributes of each extra SID; UserFlags gets 0x20 when there are any. */
    public List<Object[]> extraSids = new ArrayList<>();
    public Sid resourceDomain;
    public List<int[]> resourceGroups = new ArrayList<>();
    public Integer userFlags; // null: computed
    public String effectiveName = "alice";
    public String clientName = "alice";
    public long authTimeMillis = 1_700_000_000_000L;
    public long clientIdOffset; // added to ClientId, to make it wrong

    public Integer groupCountOnWire; // GroupCount and the array's conformance, when not groups.size()
    public boolean sameReferentIds; // every pointer with referent id 0x00020000
    public boolean nullLogonDomainId;

    public boolean withLogonInfo = true;
    public boolean withClientInfo = true;
    public boolean withServerSignature = true;
    public boolean withKdcSignature = true;
    /** Raw PAC_LOGON_INFO bytes to send instead of {@link #logonInfo()}. */
    public byte[] rawLogonInfo;
    /** Buffers placed after the client information, as {type, contents}: what a KDC adds that this server skips. */
    public List<byte[][]> otherBuffers = new ArrayList<>();
    public int kdcSignatureType = 16;

    public final EncryptionKey kdcKey;

    public PacBuilder() throws KrbException {
        kdcKey = EncryptionHandler.random2Key(EncryptionType.AES256_CTS_HMAC_SHA1_96);
    }

    /** The whole PAC, signed with {@code serverKey} (usage 17) and the builder's own krbtgt key. */
    public byte[] build(EncryptionKey serverKey) throws KrbException {
        List<byte[][]> buffers = new ArrayList<>();
        if (withLogonInfo) {
            buffers.add(new byte[][] {le32(LOGON_INFO), rawLogonInfo != null ? rawLogonInfo : logonInfo()});
        }
        if (withClientInfo) {
            buffers.add(new byte[][] {le32(CLIENT_INFO), clientInfo()});
        }
        for (byte[][] other : otherBuffers) {
            buffers.add(other);
        }
        int serverType = checksumType(serverKey);
        if (withServerSignature) {
            buffers.add(new byte[][] {le32(SERVER_CHECKSUM), signatureData(serverType)});
        }
        if (withKdcSignature) {
            buffers.add(new byte[][] {le32(PRIVSVR_CHECKSUM), signatureData(kdcSignatureType)});
        }
        byte[] pac = assemble(buffers);
        sign(pac, serverKey, kdcKey);
        return pac;
    }

    /** Lays out PACTYPE, the PAC_INFO_BUFFERs and the buffers, each on an 8-byte boundary ([MS-PAC] 2.3). */
    public static byte[] assemble(List<byte[][]> buffers) {
        int offset = 8 + 16 * buffers.size();
        Le header = new Le();
        header.u32(buffers.size()).u32(0);
        Le body = new Le();
        for (byte[][] b : buffers) {
            header.bytes(b[0]).u32(b[1].length).u32(offset + body.size()).u32(0);
            body.bytes(b[1]).pad(8);
        }
        header.bytes(body.toByteArray());
        return header.toByteArray();
    }

    /**
     * Computes the server signature over the PAC with both Signature fields zeroed ([MS-PAC] 2.8.1), then the KDC
     * signature over the server signature's Signature field ([MS-PAC] 2.8.2).
     */
    public static void sign(byte[] pac, EncryptionKey serverKey, EncryptionKey kdcKey) throws KrbException {
        int[] server = signatureField(pac, SERVER_CHECKSUM);
        int[] kdc = signatureField(pac, PRIVSVR_CHECKSUM);
        for (int[] f : new int[][] {server, kdc}) {
            if (f != null) {
                java.util.Arrays.fill(pac, f[0], f[0] + f[1], (byte) 0);
            }
        }
        if (server != null) {
            byte[] sig = checksum(serverKey, pac);
            System.arraycopy(sig, 0, pac, server[0], Math.min(sig.length, server[1]));
            if (kdc != null) {
                byte[] over = java.util.Arrays.copyOfRange(pac, server[0], server[0] + server[1]);
                byte[] kdcSig = checksum(kdcKey, over);
                System.arraycopy(kdcSig, 0, pac, kdc[0], Math.min(kdcSig.length, kdc[1]));
            }
        }
    }

    private static byte[] checksum(EncryptionKey key, byte[] data) throws KrbException {
        return CheckSumHandler.getCheckSumHandler(CheckSumType.fromValue(checksumType(key)))
                .checksumWithKey(data, key.getKeyData(), 17);
    }

    /** [MS-PAC] 2.8.1: the checksum type that goes with a key's enctype. */
    public static int checksumType(EncryptionKey key) {
        return switch (key.getKeyType().getValue()) {
            case 17 -> 15;
            case 18 -> 16;
            case 23 -> -138;
            default -> throw new IllegalArgumentException("no PAC checksum for " + key.getKeyType());
        };
    }

    /** Offset and length of the Signature field of the first buffer of {@code type}, or null. */
    private static int[] signatureField(byte[] pac, int type) {
        int count = (int) u32(pac, 0);
        for (int i = 0; i < count; i++) {
            int at = 8 + 16 * i;
            if (u32(pac, at) == type) {
                int offset = (int) u32(pac, at + 8);
                int sigType = (int) u32(pac, offset);
                return new int[] {offset + 4, sigType == -138 ? 16 : 12};
            }
        }
        return null;
    }

    private static byte[] signatureData(int type) {
        return new Le().u32(type).bytes(new byte[type == -138 ? 16 : 12]).toByteArray();
    }

    /** [MS-PAC] 2.7 PAC_CLIENT_INFO. */
    public byte[] clientInfo() {
        byte[] name = clientName.getBytes(StandardCharsets.UTF_16LE);
        long fileTime = authTimeMillis * 10_000 + 116_444_736_000_000_000L + clientIdOffset;
        return new Le().u32((int) fileTime).u32((int) (fileTime >>> 32)).u16(name.length).bytes(name).toByteArray();
    }

    /** [MS-PAC] 2.5 KERB_VALIDATION_INFO behind a unique pointer, with the [MS-RPCE] 2.2.6 headers. */
    public byte[] logonInfo() {
        Ndr n = new Ndr(sameReferentIds);
        boolean extra = !extraSids.isEmpty();
        boolean resource = resourceDomain != null;
        int flags = userFlags != null ? userFlags : (extra ? 0x20 : 0) | (resource ? 0x200 : 0);
        int groupCount = groupCountOnWire != null ? groupCountOnWire : groups.size();

        n.pointer(true);                                     // the top-level pointer
        long logon = authTimeMillis * 10_000 + 116_444_736_000_000_000L;
        n.fileTime(logon).fileTime(Long.MAX_VALUE).fileTime(Long.MAX_VALUE).fileTime(logon).fileTime(logon)
                .fileTime(Long.MAX_VALUE);
        String[] strings = {effectiveName, "Alice Example", "", null, "", ""};
        for (String s : strings) {
            n.unicodeHeader(s);
        }
        n.u16(7).u16(0);                                     // LogonCount, BadPasswordCount
        n.u32(userRid).u32(primaryGroupRid).u32(groupCount).pointer(true);
        n.u32(flags);
        n.raw(new byte[16]);                                 // UserSessionKey
        n.unicodeHeader("DC1").unicodeHeader("EXAMPLE");
        n.pointer(!nullLogonDomainId);
        n.u32(0).u32(0).u32(0x10).u32(0);                    // Reserved1, UserAccountControl, SubAuthStatus
        n.fileTime(0).fileTime(0).u32(0).u32(0);             // LastSuccessful/FailedILogon, count, Reserved3
        n.u32(extraSids.size()).pointer(extra);
        n.pointer(resource).u32(resourceGroups.size()).pointer(resource);

        for (String s : strings) {
            n.unicodeBody(s);
        }
        n.u32(groupCount);
        for (int[] g : groups) {
            n.u32(g[0]).u32(g[1]);
        }
        n.unicodeBody("DC1").unicodeBody("EXAMPLE");
        if (!nullLogonDomainId) {
            n.sid(domain);
        }
        if (extra) {
            n.u32(extraSids.size());
            for (Object[] e : extraSids) {
                n.pointer(true).u32((Integer) e[1]);
            }
            for (Object[] e : extraSids) {
                n.sid((Sid) e[0]);
            }
        }
        if (resource) {
            n.sid(resourceDomain);
            n.u32(resourceGroups.size());
            for (int[] g : resourceGroups) {
                n.u32(g[0]).u32(g[1]);
            }
        }
        byte[] stub = n.pad(8).toByteArray();
        return new Le().bytes(new byte[] {1, 0x10, 8, 0, (byte) 0xCC, (byte) 0xCC, (byte) 0xCC, (byte) 0xCC})
                .u32(stub.length).u32(0).bytes(stub).toByteArray();
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    private static byte[] le32(int v) {
        return new Le().u32(v).toByteArray();
    }

    /** Little-endian bytes. */
    static class Le {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Le u16(int v) {
            out.write(v);
            out.write(v >>> 8);
            return this;
        }

        Le u32(int v) {
            return u16(v).u16(v >>> 16);
        }

        Le bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        Le pad(int boundary) {
            while (out.size() % boundary != 0) {
                out.write(0);
            }
            return this;
        }

        int size() {
            return out.size();
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    /** NDR 2.0 little-endian ([C706] 14): primitives aligned to their size from the start of the stream. */
    static final class Ndr extends Le {
        private final boolean sameIds;
        private int nextId = 0x00020000;

        Ndr(boolean sameIds) {
            this.sameIds = sameIds;
        }

        @Override
        Ndr u16(int v) {
            pad(2);
            out.write(v);
            out.write(v >>> 8);
            return this;
        }

        @Override
        Ndr u32(int v) {
            pad(4);
            super.u16(v).u16(v >>> 16);
            return this;
        }

        Ndr raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        Ndr pointer(boolean present) {
            if (!present) {
                return u32(0);
            }
            int id = nextId;
            if (!sameIds) {
                nextId += 4;
            }
            return u32(id);
        }

        Ndr fileTime(long t) {
            return u32((int) t).u32((int) (t >>> 32));
        }

        /** RPC_UNICODE_STRING: Length, MaximumLength, Buffer pointer (null for a null string). */
        Ndr unicodeHeader(String s) {
            int bytes = s == null ? 0 : 2 * s.length();
            return u16(bytes).u16(bytes).pointer(s != null);
        }

        /** The conformant varying array behind a RPC_UNICODE_STRING's pointer. */
        Ndr unicodeBody(String s) {
            if (s == null) {
                return this;
            }
            u32(s.length()).u32(0).u32(s.length());
            for (char c : s.toCharArray()) {
                u16(c);
            }
            return this;
        }

        /** RPC_SID, with its conformance first. */
        Ndr sid(Sid sid) {
            u32(sid.subAuthorityCount());
            out.write(sid.revision());
            out.write(sid.subAuthorityCount());
            for (int i = 5; i >= 0; i--) {
                out.write((int) (sid.identifierAuthority() >>> (8 * i)));
            }
            for (int sub : sid.subAuthorities()) {
                u32(sub);
            }
            return this;
        }
    }
}
