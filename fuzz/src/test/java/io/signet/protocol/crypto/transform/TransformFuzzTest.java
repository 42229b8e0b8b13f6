package io.signet.protocol.crypto.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.fuzz.Bytes;
import io.signet.fuzz.LeakCheck;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.status.SmbException;
import java.util.Arrays;

/**
 * [MS-SMB2] 2.2.41 TRANSFORM_HEADER and the 3.3.5.2.1.1 decryption path, with fixed keys for each cipher.
 *
 * <p>The first byte picks the cipher and the mode. Raw mode hands the rest to the decryptor as a transformed message:
 * it may return or throw {@link SmbException}. Sealed mode encrypts the rest as a plaintext, lets the input flip one
 * byte of the result, and decrypts: an unchanged message must come back as it was, a changed one must be refused
 * with {@link SmbException}, and what decrypts is then read as an SMB2 header.
 */
class TransformFuzzTest {
    static {
        LeakCheck.install();
    }

    private static final CipherId[] CIPHERS = CipherId.values();

    @FuzzTest
    void transform(FuzzedDataProvider data) {
        int choice = data.consumeInt(0, 2 * CIPHERS.length - 1);
        CipherId cipher = CIPHERS[choice % CIPHERS.length];
        byte[] key = new byte[cipher.keyLength()];
        Arrays.fill(key, (byte) 0x5A);
        MessageEncryptor decryptor = new MessageEncryptor(cipher, key);
        if (choice < CIPHERS.length) {
            raw(decryptor, data.consumeRemainingAsBytes());
        } else {
            sealed(new MessageEncryptor(cipher, key), decryptor, data);
        }
        LeakCheck.assertNoLeaks();
    }

    private static void raw(MessageEncryptor decryptor, byte[] message) {
        ByteBuf buf = Unpooled.buffer(message.length).writeBytes(message);
        int length;
        try {
            if (message.length >= TransformHeader.SIZE) {
                TransformHeader.decode(buf, 0);
            }
            length = decryptor.decrypt(buf, 0, buf.readableBytes());
        } catch (SmbException expected) {
            return;
        }
        readHeader(buf.slice(TransformHeader.SIZE, length));
    }

    private static void sealed(MessageEncryptor encryptor, MessageEncryptor decryptor, FuzzedDataProvider data) {
        int flipAt = data.consumeInt(-1, 4096);
        byte flip = data.consumeByte();
        long sessionId = data.consumeLong();
        byte[] plain = data.consumeRemainingAsBytes();
        ByteBuf buf = Unpooled.buffer(TransformHeader.SIZE + plain.length);
        buf.writeZero(TransformHeader.SIZE).writeBytes(plain);
        encryptor.encrypt(buf, 0, plain.length, sessionId);
        boolean changed = flipAt >= 0 && flipAt < buf.writerIndex() && flip != 0;
        if (changed) {
            buf.setByte(flipAt, buf.getByte(flipAt) ^ flip);
        }
        int length;
        try {
            length = decryptor.decrypt(buf, 0, buf.writerIndex());
        } catch (SmbException refused) {
            if (!changed) {
                throw new AssertionError("an untouched message did not decrypt", refused);
            }
            return;
        }
        if (changed) {
            throw new AssertionError("a message changed at byte " + flipAt + " decrypted");
        }
        assertEquals(plain.length, length);
        assertArrayEquals(plain, Bytes.of(buf.slice(TransformHeader.SIZE, length)));
        readHeader(buf.slice(TransformHeader.SIZE, length));
    }

    private static void readHeader(ByteBuf plain) {
        if (plain.readableBytes() >= Smb2Header.SIZE) {
            Smb2Header.read(plain, plain.readerIndex());
        }
    }
}
