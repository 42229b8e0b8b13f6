package io.signet.server.session;

import io.signet.protocol.crypto.MessageSigner;
import io.signet.protocol.crypto.transform.MessageEncryptor;
import java.util.function.Supplier;

/**
 * [MS-SMB2] 3.3.1.14 Per Channel: one connection a session is bound to. Channel.SigningKey signs and verifies what
 * the session sends and receives on this connection ([MS-SMB2] 3.3.4.1.1, 3.3.5.2.4); for the first channel it is
 * Session.SigningKey, for a bound one the key its binding derived ([MS-SMB2] 3.3.5.5.3). An immutable value made
 * once when the channel joins the session; its two engines are not thread-safe and are used only by the thread of
 * its own connection, which is why each channel has its own (docs/ARCHITECTURE.md, Threads).
 *
 * @param connection Channel.Connection
 * @param signer     keyed with Channel.SigningKey; null for guest and anonymous sessions, which have no key
 * @param decryptor  decrypts with Session.DecryptionKey; null when the connection negotiated no cipher
 * @param signers    makes more signers keyed with Channel.SigningKey, for threads other than the connection's (the
 *                   I/O threads sign READ and WRITE responses, each with a signer of its own); null without a key
 */
public record SessionChannel(ChannelLink connection, MessageSigner signer, MessageEncryptor decryptor,
                             Supplier<MessageSigner> signers) {
    /** A channel that makes no further signers: its READ and WRITE responses are signed on its own thread. */
    public SessionChannel(ChannelLink connection, MessageSigner signer, MessageEncryptor decryptor) {
        this(connection, signer, decryptor, null);
    }
}
