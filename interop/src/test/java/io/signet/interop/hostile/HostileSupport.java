package io.signet.interop.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.interop.raw.RawMessages;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.ImpersonationLevel;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.EchoRequest;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.NegotiateResponse;
import io.signet.protocol.smb2.message.ReadRequest;
import io.signet.protocol.smb2.message.TreeConnectRequest;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * What the hostile-client tests share: logging on raw clients, and the requests they send as victim and attacker.
 * Every attack is judged the same way: the attacker's request is refused (or its connection closed), nothing it asked
 * for happened on disk, and the victim's session goes on working.
 */
final class HostileSupport {
    /** The victim's account and an attacker's own, both real users of the server. */
    static final String VICTIM = "alice";
    static final String VICTIM_PASSWORD = "secret";
    static final String ATTACKER = "mallory";
    static final String ATTACKER_PASSWORD = "mallory-pw";

    /** [MS-SMB2] 2.2.3 SMB2_GLOBAL_CAP_ENCRYPTION: with it a 3.0.2 connection encrypts with AES-128-CCM. */
    static final int CAP_ENCRYPTION = 0x00000040;
    /** [MS-ERREF] 2.3.1 statuses the attacks are answered with. */
    static final int STATUS_USER_SESSION_DELETED = 0xC0000203;
    static final int STATUS_CANCELLED = 0xC0000120;
    static final int STATUS_NETWORK_NAME_DELETED = 0xC00000C9;

    private HostileSupport() {
    }

    /** A client at 3.0.2 that can encrypt, logged on as {@code user}. */
    static RawSmb2Client loggedOn(int port, String user, String password) throws IOException {
        RawSmb2Client client = RawSmb2Client.connect(port);
        client.negotiate(Dialect.SMB3_0_2, CAP_ENCRYPTION);
        RawResponse done = client.sessionSetup(user, password);
        assertStatus(RawSmb2Client.STATUS_SUCCESS, done);
        assertTrue(done.signatureValid(), "the final SESSION_SETUP response must be signed with the new key");
        return client;
    }

    /** A client at 3.0.2 that can encrypt, negotiating with {@code clientGuid} and logged on as {@code user}. */
    static RawSmb2Client loggedOnAs(int port, byte[] clientGuid, String user, String password) throws IOException {
        RawSmb2Client client = RawSmb2Client.connect(port);
        client.clientGuid(clientGuid);
        client.negotiate(Dialect.SMB3_0_2, CAP_ENCRYPTION);
        assertStatus(RawSmb2Client.STATUS_SUCCESS, client.sessionSetup(user, password));
        return client;
    }

    /** A second session on {@code client}'s connection, logged on as {@code user}; the client goes on using it. */
    static RawSmb2Client.RawSession secondSession(RawSmb2Client client, String user, String password)
            throws IOException {
        client.newSession();
        assertStatus(RawSmb2Client.STATUS_SUCCESS, client.sessionSetup(user, password));
        return client.session();
    }

    static int treeConnect(RawSmb2Client client, String share) throws IOException {
        RawResponse tree = client.treeConnect(share);
        assertStatus(RawSmb2Client.STATUS_SUCCESS, tree);
        return tree.header().treeId();
    }

    /** An unsigned TREE_CONNECT request on the client's current session, to sign or send as it is. */
    static ByteBuf treeConnectMessage(RawSmb2Client client, String share) {
        ByteBuf m = client.newRequest(Smb2Command.TREE_CONNECT.code(), 0);
        new TreeConnectRequest(0, "\\\\127.0.0.1\\" + share).encode(m);
        return m;
    }

    /** An unsigned CREATE of the new file {@code name} in tree {@code treeId}. */
    static ByteBuf createMessage(RawSmb2Client client, int treeId, String name) {
        ByteBuf m = client.newRequest(Smb2Command.CREATE.code(), treeId);
        RawMessages.createNewFile(name).accept(m);
        return m;
    }

    /** The share's root directory opened for listing and change notification, signed. */
    /** A READ of {@code length} bytes at {@code offset}, charged one credit per 64 KiB ([MS-SMB2] 3.3.5.2.5). */
    static ByteBuf readMessage(RawSmb2Client client, int treeId, FileId file, long offset, int length) {
        ByteBuf m = client.newRequest(Smb2Command.READ.code(), treeId, Math.max(1, (length + 65535) / 65536));
        new ReadRequest(0, 0, length, offset, file, 0, 0, 0, Unpooled.EMPTY_BUFFER).encode(m);
        return m;
    }

    static FileId openRoot(RawSmb2Client client, int treeId) throws IOException {
        RawResponse r = client.call(Smb2Command.CREATE.code(), treeId,
                body -> new CreateRequest(OplockLevel.NONE.code(), ImpersonationLevel.IMPERSONATION,
                        0x00100081, // FILE_LIST_DIRECTORY | FILE_READ_ATTRIBUTES | SYNCHRONIZE
                        0, ShareAccess.FILE_SHARE_READ | ShareAccess.FILE_SHARE_WRITE
                        | ShareAccess.FILE_SHARE_DELETE,
                        CreateDisposition.OPEN.code(), CreateOptions.DIRECTORY_FILE, "", List.of()).encode(body));
        assertStatus(RawSmb2Client.STATUS_SUCCESS, r);
        return CreateResponse.decode(r.buf()).fileId();
    }

    /** A signed ECHO on the client's current session answers STATUS_SUCCESS: the session is alive and keyed. */
    static void assertSessionWorks(RawSmb2Client client) throws IOException {
        RawResponse echo = client.call(Smb2Command.ECHO.code(), 0, body -> new EchoRequest().encode(body));
        assertStatus(RawSmb2Client.STATUS_SUCCESS, echo);
        assertTrue(echo.signatureValid(), "the ECHO response must be signed with the session's key: " + echo);
    }

    /** The server closed the connection instead of answering. */
    static void assertClosed(RawSmb2Client client) throws IOException {
        Optional<RawResponse> answer = client.receiveUnlessClosed();
        assertTrue(answer.isEmpty(), "expected the server to close the connection, got " + answer.orElse(null));
    }

    static void assertStatus(int expected, RawResponse response) {
        assertEquals(String.format("0x%08x", expected), String.format("0x%08x", response.status()),
                "status of " + response);
    }

    /** The server requires signing: the premise of every attack here. */
    static void assertSigningRequired(NegotiateResponse negotiated) {
        assertTrue((negotiated.securityMode() & NegotiateResponse.SIGNING_REQUIRED) != 0, "signing required");
    }

    static final int STATUS_FILE_CLOSED = 0xC0000128;

    /**
     * A connection at 3.0.2 to bind a session to: it announces SMB2_GLOBAL_CAP_MULTI_CHANNEL, as a client that binds
     * does, and encryption, so that its cipher (AES-128-CCM) is that of the connections {@link #loggedOn} makes
     * ([MS-SMB2] 3.3.5.5: a channel's Connection.CipherId must be the session's).
     */
    static RawSmb2Client channel(int port) throws IOException {
        RawSmb2Client client = RawSmb2Client.connect(port);
        assertMultiChannel(client.negotiate(Dialect.SMB3_0_2, CAP_ENCRYPTION | RawSmb2Client.CAP_MULTI_CHANNEL));
        return client;
    }

    /** The server offers multichannel ([MS-SMB2] 3.3.5.4): the premise of every binding attack. */
    static void assertMultiChannel(NegotiateResponse negotiated) {
        assertTrue((negotiated.capabilities() & RawSmb2Client.CAP_MULTI_CHANNEL) != 0, "multichannel offered");
    }
}
