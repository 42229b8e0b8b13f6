package io.signet.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.signet.protocol.crypto.transform.CipherId;
import io.signet.protocol.crypto.transform.MessageEncryptor;
import io.signet.protocol.crypto.transform.TransformHeader;
import io.signet.protocol.smb2.Smb2Header;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scratch arrays belong to the thread, not to each signer or encryptor: a thousand sessions' signers and
 * encryptors, each used once for a large message, cost a few chunks in all, not a few chunks each.
 */
class ScratchTest {
    private static final int SESSIONS = 1000;

    @Test
    void aThousandSignersAndEncryptorsShareOneThreadsScratch() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int length = 3 * AbstractMessageSigner.CHUNK + 100;
        ByteBuf buf = new UnpooledByteBufAllocator(true, true).directBuffer(TransformHeader.SIZE + length)
                .writeZero(TransformHeader.SIZE + length);
        try {
            List<MessageSigner> signers = new ArrayList<>();
            List<MessageEncryptor> encryptors = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                signers.add(SigningAlgorithm.values()[i % 3].newSigner(new byte[16]));
                encryptors.add(new MessageEncryptor(CipherId.values()[i % 4], new byte[CipherId.values()[i % 4]
                        .keyLength()]));
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < SESSIONS; i++) {
                buf.setLongLE(Smb2Header.OFFSET_MESSAGE_ID, i);
                signers.get(i).sign(buf, 0, length);
                encryptors.get(i).encrypt(buf, 0, length, 1);
                encryptors.get(i).decrypt(buf, 0, TransformHeader.SIZE + length);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            // Scratch arrays per instance would be three or more chunks per session (96 KiB and up); what remains is
            // the JDK's own state of each new cipher (key schedules, GHASH tables), some KiB per session.
            assertTrue(allocated < SESSIONS * (long) AbstractMessageSigner.CHUNK / 2,
                    SESSIONS + " sessions' first large messages allocated " + allocated + " bytes");
        } finally {
            buf.release();
        }
    }
}
