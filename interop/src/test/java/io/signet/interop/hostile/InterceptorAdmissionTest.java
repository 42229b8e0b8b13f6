package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertSessionWorks;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.createMessage;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static io.signet.interop.hostile.HostileSupport.treeConnectMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.signet.interop.raw.RawMessages;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.status.NtStatus;
import io.signet.server.conn.InterceptedRequest;
import io.signet.server.conn.RequestInterceptor;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The request interceptor sees only admitted requests and can only narrow what they do: a fault it injects is
 * answered like any error of the session (signed, as a client that requires signing demands), and in a compound the
 * related requests after a faulted one inherit no tree or open it did not make ([MS-SMB2] 3.3.4.1.1, 3.3.5.2.7.2).
 */
class InterceptorAdmissionTest extends HostileServer {

    /** Fails every request of {@code command} with {@code status}, and records what it saw. */
    private static final class Fault implements RequestInterceptor {
        final Smb2Command command;
        final NtStatus status;
        final List<Smb2Command> seen = new CopyOnWriteArrayList<>();

        Fault(Smb2Command command, NtStatus status) {
            this.command = command;
            this.status = status;
        }

        @Override
        public NtStatus before(InterceptedRequest request) {
            seen.add(request.command());
            return request.command() == command ? status : null;
        }

        @Override
        public AfterAction after(InterceptedRequest request) {
            return AfterAction.SEND;
        }
    }

    @Test
    void anInjectedFaultIsSignedAndTheRelatedReadInheritsNoOpen() throws IOException {
        Fault fault = new Fault(Smb2Command.CREATE, NtStatus.STATUS_ACCESS_DENIED);
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(client, "data");
            server.interceptor(fault);
            ByteBuf create = createMessage(client, tree, "faulted.txt");
            ByteBuf read = client.newRequest(Smb2Command.READ.code(), tree);
            ReloadAdmissionTest.read(FileId.ANY).accept(read);
            client.sendCompound(List.of(create, RawMessages.related(read)));

            List<RawResponse> answers = client.receiveCompound();
            assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED, answers.get(0));
            assertTrue(answers.get(0).signatureValid(), "the injected fault must be signed: " + answers.get(0));
            assertNotEquals(String.format("0x%08x", RawSmb2Client.STATUS_SUCCESS),
                    String.format("0x%08x", answers.get(1).status()), "no open to read: " + answers.get(1));
            assertTrue(answers.get(1).signatureValid(), "the related answer must be signed: " + answers.get(1));
            assertFalse(Files.exists(share.resolve("faulted.txt")), "the faulted CREATE must not have run");
            server.interceptor(null);
            assertSessionWorks(client);
        }
    }

    /**
     * A faulted TREE_CONNECT leaves the related CREATE after it no tree: it must not run in whatever tree the
     * request's header names.
     */
    @Test
    void aFaultedTreeConnectLeavesTheRelatedCreateNoTree() throws IOException {
        Fault fault = new Fault(Smb2Command.TREE_CONNECT, NtStatus.STATUS_ACCESS_DENIED);
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int existing = treeConnect(client, "data");
            server.interceptor(fault);
            ByteBuf connect = treeConnectMessage(client, "data");
            ByteBuf create = RawMessages.related(createMessage(client, existing, "orphan.txt"));
            client.sendCompound(List.of(connect, create));

            List<RawResponse> answers = client.receiveCompound();
            assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED, answers.get(0));
            assertTrue(answers.get(0).signatureValid(), "the injected fault must be signed: " + answers.get(0));
            assertNotEquals(String.format("0x%08x", RawSmb2Client.STATUS_SUCCESS),
                    String.format("0x%08x", answers.get(1).status()), "no tree to create in: " + answers.get(1));
            assertFalse(Files.exists(share.resolve("orphan.txt")), "no file created by the related CREATE");
        }
    }

    /** Requests the gate refuses never reach the interceptor: an unsigned request of a signing-required session. */
    @Test
    void aRefusedRequestIsNeverSeen() throws IOException {
        Fault fault = new Fault(Smb2Command.CREATE, NtStatus.STATUS_SUCCESS);
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(client, "data");
            server.interceptor(fault);
            client.send(createMessage(client, tree, "unsigned.txt"));
            assertStatus(RawSmb2Client.STATUS_ACCESS_DENIED, client.receive());
            assertEquals(new ArrayList<>(), new ArrayList<>(fault.seen), "the interceptor saw a refused request");
            assertFalse(Files.exists(share.resolve("unsigned.txt")));
        }
    }
}
