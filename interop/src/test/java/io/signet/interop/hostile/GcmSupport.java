package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.interop.raw.RawNegotiation;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.crypto.SigningAlgorithm;
import io.signet.protocol.crypto.transform.CipherId;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.ImpersonationLevel;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.NegotiateResponse;
import io.signet.protocol.smb2.message.WriteRequest;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the AES-GMAC and AES-GCM attacks share: 3.1.1 clients that negotiated AES-GMAC signing (and an AES-GCM cipher),
 * the WRITEs they attack with, and an AES-GMAC computed with the JDK alone, to forge signatures under a nonce of the
 * test's choosing ([MS-SMB2] 3.1.4.1).
 */
final class GcmSupport {
    static final int MIB = 1024 * 1024;
    /** A 1 MiB WRITE plus an odd tail: the frame's 256 KiB pieces and the message's 16-byte blocks do not line up. */
    static final int LARGE = MIB + 17;
    private static final int GENERIC_READ_WRITE = 0x0012019F;

    private GcmSupport() {
    }

    /**
     * A client at 3.1.1 that offered AES-GMAC signing alone and {@code ciphers}, logged on as {@code user}; the server
     * must have chosen AES-GMAC, and the first of {@code ciphers} if any.
     */
    static RawSmb2Client gmacLoggedOn(int port, String user, String password, CipherId... ciphers)
            throws IOException {
        RawSmb2Client client = RawSmb2Client.connect(port);
        NegotiateResponse negotiated = client.negotiate(RawNegotiation.gmac(ciphers));
        HostileSupport.assertSigningRequired(negotiated);
        assertEquals(SigningAlgorithm.AES_GMAC, client.signingAlgorithm(), "the server chose AES-GMAC signing");
        assertEquals(ciphers.length == 0 ? null : ciphers[0], client.cipher(), "the cipher the server chose");
        RawResponse done = client.sessionSetup(user, password);
        assertStatus(RawSmb2Client.STATUS_SUCCESS, done);
        assertTrue(done.signatureValid(), "the final SESSION_SETUP response is AES-GMAC signed with the new key");
        return client;
    }

    /** Creates {@code name} (read and write access), signed; its handle. */
    static FileId create(RawSmb2Client client, int tree, String name) throws IOException {
        RawResponse r = client.call(Smb2Command.CREATE.code(), tree, body -> new CreateRequest(OplockLevel.NONE.code(),
                ImpersonationLevel.IMPERSONATION, GENERIC_READ_WRITE, 0x80, 0x07, CreateDisposition.CREATE.code(),
                CreateOptions.NON_DIRECTORY_FILE, name, List.of()).encode(body));
        assertStatus(RawSmb2Client.STATUS_SUCCESS, r);
        return CreateResponse.decode(r.buf()).fileId();
    }

    /** An unsigned WRITE of {@code data} at {@code offset}, charged one credit per 64 KiB ([MS-SMB2] 3.3.5.2.5). */
    static ByteBuf write(RawSmb2Client client, int tree, FileId file, long offset, byte[] data) {
        ByteBuf m = client.newRequest(Smb2Command.WRITE.code(), tree, Math.max(1, (data.length + 65535) / 65536));
        new WriteRequest(offset, file, 0, 0, 0, Unpooled.EMPTY_BUFFER, Unpooled.wrappedBuffer(data)).encode(m);
        return m;
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /**
     * Signs {@code message} in place with AES-GMAC under {@code key} as [MS-SMB2] 3.1.4.1 describes, but with the
     * nonce's role bits given: bit 0 says "sent by the server", bit 1 "an SMB2 CANCEL request". Computed with the
     * JDK's AES-GCM (empty plaintext, the message with a zeroed Signature field as additional data), not with the
     * server's code. Sets SMB2_FLAGS_SIGNED first.
     */
    static ByteBuf signWithRoleBits(ByteBuf message, byte[] key, int roleBits) {
        int index = message.readerIndex();
        message.setIntLE(index + Smb2Header.OFFSET_FLAGS,
                message.getIntLE(index + Smb2Header.OFFSET_FLAGS) | Smb2Header.FLAG_SIGNED);
        message.setZero(index + Smb2Header.OFFSET_SIGNATURE, Smb2Header.SIGNATURE_SIZE);
        byte[] bytes = new byte[message.readableBytes()];
        message.getBytes(index, bytes);
        message.setBytes(index + Smb2Header.OFFSET_SIGNATURE, gmacTag(key, bytes, roleBits));
        return message;
    }

    /**
     * The AES-GMAC tag of {@code message} (a whole SMB2 message; its Signature field is taken as zero) under
     * {@code key} and the nonce of its MessageId with {@code roleBits}, computed with the JDK alone.
     */
    static byte[] gmacTag(byte[] key, byte[] message, int roleBits) {
        byte[] aad = message.clone();
        Arrays.fill(aad, Smb2Header.OFFSET_SIGNATURE, Smb2Header.OFFSET_SIGNATURE + Smb2Header.SIGNATURE_SIZE,
                (byte) 0);
        byte[] nonce = new byte[12];
        System.arraycopy(message, Smb2Header.OFFSET_MESSAGE_ID, nonce, 0, 8);  // MessageId, as on the wire
        nonce[8] = (byte) roleBits;                                             // then a little-endian uint32
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            gcm.updateAAD(aad);
            return gcm.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
