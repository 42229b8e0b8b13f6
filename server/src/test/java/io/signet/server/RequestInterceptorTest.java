package io.signet.server;

import static io.signet.server.testclient.Smb2TestClient.echo;
import static io.signet.server.testclient.Smb2TestClient.negotiate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.status.NtStatus;
import io.signet.server.conn.InterceptedRequest;
import io.signet.server.conn.RequestInterceptor;
import io.signet.server.testclient.Smb2Response;
import io.signet.server.testclient.Smb2TestClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request interceptor hook: it sees admitted requests only, may answer one with an ERROR response of its status
 * instead of the handler, or drop the connection after it; set and removed while the server runs.
 */
class RequestInterceptorTest {
    private static final int SMB2_1 = 0x0210;

    @TempDir
    Path share;

    private SignetServer server;
    private Smb2TestClient client;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = SignetServer.builder().share("data", share).user("alice", "secret").port(0)
                .bindAddress("127.0.0.1").start();
        client = Smb2TestClient.connect("127.0.0.1", server.port());
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.close();
    }

    private RequestInterceptor interceptor(Function<InterceptedRequest, NtStatus> before,
                                           RequestInterceptor.AfterAction after) {
        return new RequestInterceptor() {
            @Override
            public NtStatus before(InterceptedRequest request) {
                seen.add("before " + request.command());
                return before.apply(request);
            }

            @Override
            public AfterAction after(InterceptedRequest request) {
                seen.add("after " + request.command() + " 0x" + Integer.toHexString(request.status()));
                return after;
            }
        };
    }

    @Test
    void injectedStatusAnswersWithAnErrorResponseAndTheHandlerDoesNotRun() throws IOException {
        assertEquals(NtStatus.STATUS_SUCCESS,
                client.call(client.request(Smb2Command.NEGOTIATE), negotiate(SMB2_1)).status());
        server.interceptor(interceptor(r -> r.command() == Smb2Command.ECHO ? NtStatus.STATUS_DISK_FULL : null,
                RequestInterceptor.AfterAction.SEND));
        Smb2Response r = client.call(client.request(Smb2Command.ECHO), echo());
        assertEquals(NtStatus.STATUS_DISK_FULL, r.status());
        assertEquals(9, r.structureSize(), "an SMB2 ERROR response ([MS-SMB2] 2.2.2), not ECHO's 4-byte body");
        assertEquals(List.of("before ECHO", "after ECHO 0xc000007f"), seen);

        server.interceptor(null);
        Smb2Response plain = client.call(client.request(Smb2Command.ECHO), echo());
        assertEquals(NtStatus.STATUS_SUCCESS, plain.status());
        assertEquals(4, plain.structureSize());
        assertEquals(2, seen.size(), "a removed interceptor sees nothing more");
    }

    @Test
    void requestsTheGateRefusesNeverReachTheInterceptor() throws IOException {
        server.interceptor(interceptor(r -> null, RequestInterceptor.AfterAction.SEND));
        // ECHO before NEGOTIATE breaks the protocol: the gate closes the connection before any handler.
        client.send(client.request(Smb2Command.ECHO), echo());
        assertTrue(client.awaitClosedByServer());
        assertEquals(List.of(), seen);
    }

    @Test
    void dropConnectionClosesInsteadOfAnswering() throws IOException {
        server.interceptor(interceptor(r -> null, RequestInterceptor.AfterAction.DROP_CONNECTION));
        client.send(client.request(Smb2Command.NEGOTIATE), negotiate(SMB2_1));
        assertTrue(client.awaitClosedByServer(), "the NEGOTIATE ran but its answer never came");
        assertEquals(List.of("before NEGOTIATE", "after NEGOTIATE 0x0"), seen);
        server.interceptor(null);
        try (Smb2TestClient other = Smb2TestClient.connect("127.0.0.1", server.port())) {
            assertEquals(NtStatus.STATUS_SUCCESS,
                    other.call(other.request(Smb2Command.NEGOTIATE), negotiate(SMB2_1)).status(),
                    "the server goes on serving other connections");
        }
    }

    @Test
    void builderInterceptorSeesTheFirstRequest() throws IOException {
        try (SignetServer withHook = SignetServer.builder().share("data", share).user("alice", "secret").port(0)
                .bindAddress("127.0.0.1")
                .interceptor(interceptor(r -> null, RequestInterceptor.AfterAction.SEND)).start();
             Smb2TestClient c = Smb2TestClient.connect("127.0.0.1", withHook.port())) {
            assertEquals(NtStatus.STATUS_SUCCESS, c.call(c.request(Smb2Command.NEGOTIATE), negotiate(SMB2_1)).status());
            assertEquals(List.of("before NEGOTIATE", "after NEGOTIATE 0x0"), seen);
        }
    }
}
