package io.signet.auth.ntlm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.MD4Digest;
import org.bouncycastle.crypto.engines.RC4Engine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The client side of an NTLMv2 logon in raw NTLMSSP framing ([MS-NLMP] 3.1.5.1): a NEGOTIATE_MESSAGE, then an
 * AUTHENTICATE_MESSAGE computed from the server's CHALLENGE_MESSAGE, with extended session security, key exchange
 * (a random session key sent RC4-encrypted) and a MIC over the three messages.
 *
 * <p>Written from the specification alone, so that it checks the server's NTLM code rather than repeating it: MD4 and
 * RC4 come from Bouncy Castle, HMAC-MD5 from the JDK. One instance carries one logon.
 */
public final class NtlmInitiator {
    private static final byte[] SIGNATURE = "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII);
    private static final int NEGOTIATE_MESSAGE = 1;
    private static final int CHALLENGE_MESSAGE = 2;
    private static final int AUTHENTICATE_MESSAGE = 3;

    // What the client asks for ([MS-NLMP] 2.2.2.5 NEGOTIATE flags).
    private static final int CLIENT_FLAGS = NtlmFlags.NEGOTIATE_UNICODE | NtlmFlags.REQUEST_TARGET
            | NtlmFlags.NEGOTIATE_SIGN | NtlmFlags.NEGOTIATE_NTLM | NtlmFlags.NEGOTIATE_ALWAYS_SIGN
            | NtlmFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY | NtlmFlags.NEGOTIATE_TARGET_INFO | NtlmFlags.NEGOTIATE_128
            | NtlmFlags.NEGOTIATE_KEY_EXCH | NtlmFlags.NEGOTIATE_56;

    /** Fixed part of AUTHENTICATE_MESSAGE up to and including Version (8 bytes) and MIC (16 bytes). */
    private static final int AUTHENTICATE_FIXED = 88;
    /** FILETIME of 1970-01-01 and FILETIME ticks per millisecond. */
    private static final long FILETIME_EPOCH = 116_444_736_000_000_000L;
    private static final long TICKS_PER_MILLI = 10_000L;

    private final String user;
    private final String domain;
    private final String password;
    private final String workstation;
    private final SecureRandom random = new SecureRandom();
    private byte[] negotiate;
    private byte[] exportedSessionKey;
    private int negotiatedFlags;

    public NtlmInitiator(String user, String domain, String password, String workstation) {
        this.user = user;
        this.domain = domain;
        this.password = password;
        this.workstation = workstation;
    }

    /** [MS-NLMP] 2.2.1.1 NEGOTIATE_MESSAGE, with empty domain and workstation fields. */
    public byte[] negotiate() {
        ByteBuffer b = littleEndian(32);
        b.put(SIGNATURE);                              // Signature (8 bytes)
        b.putInt(NEGOTIATE_MESSAGE);                   // MessageType (4 bytes)
        b.putInt(CLIENT_FLAGS);                        // NegotiateFlags (4 bytes)
        putField(b, 0, 32);                            // DomainNameFields (8 bytes)
        putField(b, 0, 32);                            // WorkstationFields (8 bytes)
        negotiate = b.array();
        return negotiate.clone();
    }

    /**
     * [MS-NLMP] 2.2.1.3 AUTHENTICATE_MESSAGE answering {@code challenge} (2.2.1.2), with the NTLMv2 response of
     * 3.3.2 and the MIC of 3.1.5.1.2.
     */
    public byte[] authenticate(byte[] challenge) {
        if (negotiate == null) {
            throw new IllegalStateException("negotiate() first");
        }
        ByteBuffer c = ByteBuffer.wrap(challenge).order(ByteOrder.LITTLE_ENDIAN);
        if (challenge.length < 48 || !Arrays.equals(Arrays.copyOf(challenge, 8), SIGNATURE)
                || c.getInt(8) != CHALLENGE_MESSAGE) {
            throw new IllegalArgumentException("not an NTLM CHALLENGE_MESSAGE");
        }
        int flags = c.getInt(20) & CLIENT_FLAGS;       // NegotiateFlags: what both sides agree on
        negotiatedFlags = flags;
        byte[] serverChallenge = Arrays.copyOfRange(challenge, 24, 32);
        int targetInfoLength = c.getShort(40) & 0xFFFF;
        int targetInfoOffset = c.getInt(44);
        if (targetInfoOffset < 0 || targetInfoOffset + targetInfoLength > challenge.length) {
            throw new IllegalArgumentException("TargetInfo outside the CHALLENGE_MESSAGE");
        }
        byte[] targetInfo = Arrays.copyOfRange(challenge, targetInfoOffset, targetInfoOffset + targetInfoLength);

        byte[] responseKeyNt = hmacMd5(md4(utf16(password)), utf16(user.toUpperCase(Locale.ROOT) + domain));
        byte[] clientChallenge = new byte[8];
        random.nextBytes(clientChallenge);
        byte[] temp = clientBlob(timestamp(targetInfo), clientChallenge, withMicFlag(targetInfo));
        byte[] ntProofStr = hmacMd5(responseKeyNt, concat(serverChallenge, temp));
        byte[] ntResponse = concat(ntProofStr, temp);
        byte[] keyExchangeKey = hmacMd5(responseKeyNt, ntProofStr); // SessionBaseKey; KXKEY for NTLMv2

        byte[] encryptedSessionKey = new byte[0];
        if ((flags & NtlmFlags.NEGOTIATE_KEY_EXCH) != 0) {
            exportedSessionKey = new byte[16];
            random.nextBytes(exportedSessionKey);
            encryptedSessionKey = rc4(keyExchangeKey, exportedSessionKey);
        } else {
            exportedSessionKey = keyExchangeKey;
        }

        // With a MsvAvTimestamp the LMv2 response is Z(24) ([MS-NLMP] 3.1.5.1.2).
        byte[] lmResponse = new byte[24];
        byte[] domainBytes = utf16(domain);
        byte[] userBytes = utf16(user);
        byte[] workstationBytes = utf16(workstation);
        int total = AUTHENTICATE_FIXED + lmResponse.length + ntResponse.length + domainBytes.length
                + userBytes.length + workstationBytes.length + encryptedSessionKey.length;
        ByteBuffer b = littleEndian(total);
        int offset = AUTHENTICATE_FIXED;
        b.put(SIGNATURE);                              // Signature (8 bytes)
        b.putInt(AUTHENTICATE_MESSAGE);                // MessageType (4 bytes)
        offset = putField(b, lmResponse.length, offset);          // LmChallengeResponseFields (8 bytes)
        offset = putField(b, ntResponse.length, offset);          // NtChallengeResponseFields (8 bytes)
        offset = putField(b, domainBytes.length, offset);         // DomainNameFields (8 bytes)
        offset = putField(b, userBytes.length, offset);           // UserNameFields (8 bytes)
        offset = putField(b, workstationBytes.length, offset);    // WorkstationFields (8 bytes)
        putField(b, encryptedSessionKey.length, offset);          // EncryptedRandomSessionKeyFields (8 bytes)
        b.putInt(flags);                               // NegotiateFlags (4 bytes)
        b.put(new byte[8]);                            // Version (8 bytes): not negotiated, zero
        b.put(new byte[16]);                           // MIC (16 bytes): filled in below
        b.put(lmResponse).put(ntResponse).put(domainBytes).put(userBytes).put(workstationBytes)
                .put(encryptedSessionKey);             // Payload, in the order of the fields
        byte[] authenticate = b.array();
        byte[] mic = hmacMd5(exportedSessionKey, concat(concat(negotiate, challenge), authenticate));
        System.arraycopy(mic, 0, authenticate, AuthenticateMessage.MIC_OFFSET, 16);
        return authenticate;
    }

    /** The ExportedSessionKey: the GSS session key the SMB2 keys are derived from. */
    public byte[] sessionKey() {
        if (exportedSessionKey == null) {
            throw new IllegalStateException("authenticate() first");
        }
        return exportedSessionKey.clone();
    }

    /**
     * The NegotiateFlags both sides agreed on, as sent in the AUTHENTICATE_MESSAGE: what the SPNEGO mechListMIC's
     * session security is keyed for ([MS-NLMP] 3.4.4.2).
     */
    public int negotiatedFlags() {
        if (exportedSessionKey == null) {
            throw new IllegalStateException("authenticate() first");
        }
        return negotiatedFlags;
    }

    /** [MS-NLMP] 2.2.2.7 NTLMv2_CLIENT_CHALLENGE, followed by the 4 reserved bytes of 3.3.2's temp. */
    private static byte[] clientBlob(long time, byte[] clientChallenge, byte[] avPairs) {
        ByteBuffer b = littleEndian(28 + avPairs.length + 4);
        b.put((byte) 1);                               // RespType (1 byte)
        b.put((byte) 1);                               // HiRespType (1 byte)
        b.put(new byte[6]);                            // Reserved1 (2 bytes), Reserved2 (4 bytes)
        b.putLong(time);                               // TimeStamp (8 bytes)
        b.put(clientChallenge);                        // ChallengeFromClient (8 bytes)
        b.putInt(0);                                   // Reserved3 (4 bytes)
        b.put(avPairs);                                // AvPairs (variable)
        b.putInt(0);                                   // Z(4) of NTLMv2's temp
        return b.array();
    }

    /** The server's AV pairs with MsvAvFlags saying a MIC is present, ending in MsvAvEOL. */
    private static byte[] withMicFlag(byte[] targetInfo) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer in = ByteBuffer.wrap(targetInfo).order(ByteOrder.LITTLE_ENDIAN);
        int flags = AvPair.AV_FLAG_MIC_PRESENT;
        while (in.remaining() >= 4) {
            int id = in.getShort() & 0xFFFF;
            int length = in.getShort() & 0xFFFF;
            if (id == AvPair.MSV_AV_EOL || length > in.remaining()) {
                break;
            }
            byte[] value = new byte[length];
            in.get(value);
            if (id == AvPair.MSV_AV_FLAGS && length == 4) {
                flags |= ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getInt();
            } else {
                writeAvPair(out, id, value);
            }
        }
        writeAvPair(out, AvPair.MSV_AV_FLAGS, littleEndian(4).putInt(flags).array());
        writeAvPair(out, AvPair.MSV_AV_EOL, new byte[0]);
        return out.toByteArray();
    }

    /** The server's MsvAvTimestamp if it sent one ([MS-NLMP] 3.1.5.1.2), else the current time as a FILETIME. */
    private static long timestamp(byte[] targetInfo) {
        ByteBuffer in = ByteBuffer.wrap(targetInfo).order(ByteOrder.LITTLE_ENDIAN);
        while (in.remaining() >= 4) {
            int id = in.getShort() & 0xFFFF;
            int length = in.getShort() & 0xFFFF;
            if (id == AvPair.MSV_AV_EOL || length > in.remaining()) {
                break;
            }
            if (id == AvPair.MSV_AV_TIMESTAMP && length == 8) {
                return in.getLong();
            }
            in.position(in.position() + length);
        }
        return FILETIME_EPOCH + System.currentTimeMillis() * TICKS_PER_MILLI;
    }

    private static void writeAvPair(ByteArrayOutputStream out, int id, byte[] value) {
        out.writeBytes(littleEndian(4).putShort((short) id).putShort((short) value.length).array());
        out.writeBytes(value);
    }

    /** Writes Len, MaxLen and BufferOffset of a payload field; returns the offset of the next payload item. */
    private static int putField(ByteBuffer b, int length, int offset) {
        b.putShort((short) length);                    // Len (2 bytes)
        b.putShort((short) length);                    // MaxLen (2 bytes)
        b.putInt(offset);                              // BufferOffset (4 bytes)
        return offset + length;
    }

    private static ByteBuffer littleEndian(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] utf16(String s) {
        return s.getBytes(StandardCharsets.UTF_16LE);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] md4(byte[] data) {
        MD4Digest md4 = new MD4Digest();
        md4.update(data, 0, data.length);
        byte[] out = new byte[md4.getDigestSize()];
        md4.doFinal(out, 0);
        return out;
    }

    private static byte[] hmacMd5(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(key, "HmacMD5"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-MD5 unavailable", e);
        }
    }

    private static byte[] rc4(byte[] key, byte[] data) {
        RC4Engine rc4 = new RC4Engine();
        rc4.init(true, new KeyParameter(key));
        byte[] out = new byte[data.length];
        rc4.processBytes(data, 0, data.length, out, 0);
        return out;
    }
}
