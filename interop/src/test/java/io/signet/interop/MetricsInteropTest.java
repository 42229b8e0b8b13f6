package io.signet.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.mserref.NtStatus;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2Dialect;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.File;
import io.netty.buffer.ByteBuf;
import io.signet.config.MetricsEndpoint;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.interop.support.ListeningPorts;
import io.signet.interop.support.PrometheusText;
import io.signet.protocol.crypto.SigningAlgorithm;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.TreeConnectRequest;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus endpoint ({@code metrics port}) scraped over HTTP while real clients use the server: smbj logs on
 * with a wrong password, then logs on, writes and reads a file; a raw client sends a badly signed and an unsigned
 * request. Each scrape is read by a strict parser of the text format, and every counter must have moved by exactly
 * what the clients did. Without {@code metrics port} the server opens no port but its SMB one.
 */
class MetricsInteropTest {
    private static final int FILE_SIZE = 40_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path share;
    @TempDir
    Path state;

    private SignetServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private SignetServer start(MetricsEndpoint metrics) throws IOException {
        server = SignetServer.builder().share("data", share).user("alice", "secret")
                .port(0).bindAddress("127.0.0.1").stateDir(state)
                .limits(l -> l.withAuthFailureDelay(Duration.ofMillis(50)))
                .metrics(metrics).start();
        return server;
    }

    @Test
    void countersMoveByExactlyWhatTheClientsDid() throws Exception {
        start(MetricsEndpoint.loopback(0));
        PrometheusText fresh = scrape();
        // A labelled metric none of whose series exists yet (errors, logon failures, latency) is not listed at all.
        for (String type : List.of("signet_requests", "signet_signature_failures", "signet_read_bytes",
                "signet_written_bytes")) {
            assertEquals("counter", fresh.type(type + "_total"), type);
        }
        assertEquals("gauge", fresh.type("signet_sessions"));
        assertTrue(fresh.series("signet_requests_total").values().stream().allMatch(v -> v == 0),
                fresh.series("signet_requests_total").toString());
        assertEquals(Map.of(), fresh.series("signet_request_errors_total"));
        assertEquals(Map.of(), fresh.series("signet_logon_failures_total"));
        assertEquals(0, fresh.value("signet_sessions"));

        // A wrong password: NEGOTIATE, then the two NTLM legs of SESSION_SETUP, the second refused.
        try (SMBClient client = new SMBClient(smbj());
             Connection connection = client.connect("127.0.0.1", server.port())) {
            SMBApiException e = assertThrows(SMBApiException.class, () -> connection.authenticate(
                    new AuthenticationContext("alice", "wrong".toCharArray(), "")));
            assertEquals(NtStatus.STATUS_LOGON_FAILURE, e.getStatus());
        }
        PrometheusText failed = scrape();
        assertEquals("counter", failed.type("signet_request_errors_total"));
        assertEquals("counter", failed.type("signet_logon_failures_total"));
        assertEquals("histogram", failed.type("signet_request_duration_seconds"));
        assertEquals(1, failed.value("signet_requests_total", "command", "NEGOTIATE"));
        assertEquals(2, failed.value("signet_requests_total", "command", "SESSION_SETUP"));
        assertEquals(Map.of("[status=STATUS_LOGON_FAILURE]", 1.0), failed.series("signet_logon_failures_total"));
        assertEquals(Map.of("[command=SESSION_SETUP, status=STATUS_LOGON_FAILURE]", 1.0),
                failed.series("signet_request_errors_total"), "the first leg's MORE_PROCESSING_REQUIRED is no error");
        assertEquals(0, failed.value("signet_sessions"), "the failed logon's session is gone");
        assertEquals(3, failed.value("signet_request_duration_seconds_count",
                "command", "SESSION_SETUP", "signing", "none") + failed.value("signet_request_duration_seconds_count",
                "command", "NEGOTIATE", "signing", "none"), "no session key yet: signing none");

        // A session that writes a file and reads it back, one WRITE and one READ, the file left open.
        byte[] content = new byte[FILE_SIZE];
        new SecureRandom().nextBytes(content);
        try (SMBClient client = new SMBClient(smbj());
             Connection connection = client.connect("127.0.0.1", server.port())) {
            Session session = connection.authenticate(new AuthenticationContext("alice", "secret".toCharArray(), ""));
            try (DiskShare disk = (DiskShare) session.connectShare("data")) {
                PrometheusText before = scrape();
                File file = disk.openFile("metrics.bin", EnumSet.of(AccessMask.GENERIC_READ, AccessMask.GENERIC_WRITE),
                        null, SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_CREATE, null);
                assertEquals(FILE_SIZE, file.write(content, 0));
                byte[] back = new byte[FILE_SIZE];
                assertEquals(FILE_SIZE, file.read(back, 0));
                assertArrayEquals(content, back);

                PrometheusText open = scrape();
                assertEquals(1, delta(before, open, "signet_requests_total", "command", "CREATE"));
                assertEquals(1, delta(before, open, "signet_requests_total", "command", "WRITE"));
                assertEquals(1, delta(before, open, "signet_requests_total", "command", "READ"));
                assertEquals(FILE_SIZE, open.value("signet_written_bytes_total"));
                assertEquals(FILE_SIZE, open.value("signet_read_bytes_total"));
                assertEquals(1, open.value("signet_connections"));
                assertEquals(1, open.value("signet_sessions"));
                assertEquals(1, open.value("signet_tree_connects"));
                assertEquals(1, open.value("signet_opens"));
                assertEquals(failed.series("signet_request_errors_total"), open.series("signet_request_errors_total"),
                        "the session's requests all succeeded");
                String signing = signingOf(open, "READ");
                assertNotEquals("none", signing, "smbj's session signs");
                assertEquals(1, open.value("signet_request_duration_seconds_bucket",
                        "command", "READ", "signing", signing, "le", "+Inf"));

                file.close();
                assertEquals(0, scrape().value("signet_opens"), "CLOSE took the open out of the table");
            }
            session.logoff();
        }

        // A raw client's badly signed TREE_CONNECT, then an unsigned one: both refused at the gate.
        try (RawSmb2Client raw = RawSmb2Client.connect(server.port())) {
            raw.negotiate(Dialect.SMB3_1_1);
            assertEquals(RawSmb2Client.STATUS_SUCCESS, raw.sessionSetup("alice", "secret").status());
            assertEquals(SigningAlgorithm.AES_CMAC, raw.signingAlgorithm());
            PrometheusText before = scrape();

            ByteBuf tampered = raw.sign(treeConnect(raw));
            tampered.setByte(Smb2Header.OFFSET_SIGNATURE + 3, tampered.getByte(Smb2Header.OFFSET_SIGNATURE + 3) ^ 1);
            raw.send(tampered);
            assertEquals(RawSmb2Client.STATUS_ACCESS_DENIED, raw.receive().status());
            raw.send(treeConnect(raw));
            assertEquals(RawSmb2Client.STATUS_ACCESS_DENIED, raw.receive().status());

            PrometheusText after = scrape();
            assertEquals(1, after.value("signet_signature_failures_total", "signing", "AES-CMAC", "reason", "invalid"));
            assertEquals(1, after.value("signet_signature_failures_total", "signing", "AES-CMAC", "reason", "missing"));
            for (String other : List.of("HMAC-SHA256", "AES-GMAC", "none")) {
                for (String reason : List.of("invalid", "missing")) {
                    assertEquals(0, after.value("signet_signature_failures_total", "signing", other, "reason", reason));
                }
            }
            assertEquals(2, delta(before, after, "signet_requests_total", "command", "TREE_CONNECT"));
            assertEquals(2, after.value("signet_request_errors_total",
                    "command", "TREE_CONNECT", "status", "STATUS_ACCESS_DENIED"));
            assertEquals(2, delta(before, after, "signet_request_duration_seconds_count",
                    "command", "TREE_CONNECT", "signing", "AES-CMAC"));
            assertEquals(1, after.value("signet_sessions"), "the raw client's session; smbj's logged off");
            assertEquals(0, after.value("signet_tree_connects"));
        }
    }

    @Test
    void theEndpointServesAScraperThatPrefersProtobuf() throws Exception {
        start(MetricsEndpoint.loopback(0));
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(metricsUri())
                .header("Accept", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                        + "encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3,*/*;q=0.1")
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/vnd.google"
                + ".protobuf"), response.headers().toString());
        assertTrue(new String(response.body(), StandardCharsets.ISO_8859_1).contains("signet_sessions"),
                "the protobuf scrape names the gauges");
    }

    @Test
    void withoutMetricsPortNoOtherPortIsOpened() throws IOException {
        Set<Integer> before = ListeningPorts.ofThisProcess();
        start(null);
        assertTrue(server.metricsAddress().isEmpty());
        assertEquals(Set.of(server.port()), ListeningPorts.newSince(before));
    }

    @Test
    void theEndpointListensOnLoopbackAndStopsWithTheServer() throws Exception {
        Set<Integer> before = ListeningPorts.ofThisProcess();
        start(MetricsEndpoint.loopback(0));
        InetSocketAddress metrics = server.metricsAddress().orElseThrow();
        assertTrue(metrics.getAddress().isLoopbackAddress(), metrics.toString());
        assertEquals(Set.of(server.port(), metrics.getPort()), ListeningPorts.newSince(before));
        assertEquals(200, HTTP.send(HttpRequest.newBuilder(metricsUri()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());

        server.close();
        server = null;
        assertEquals(Set.of(), ListeningPorts.newSince(before), "closing the server closes the endpoint");
        assertThrows(ConnectException.class, () -> HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metrics.getPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.discarding()));
    }

    @Test
    void aServerThatCannotOpenItsEndpointDoesNotStart() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Set<Integer> before = ListeningPorts.ofThisProcess();
            IOException e = assertThrows(IOException.class,
                    () -> start(MetricsEndpoint.loopback(taken.getLocalPort())));
            assertTrue(e.getMessage().contains("cannot open the metrics endpoint on 127.0.0.1 port "
                    + taken.getLocalPort()), e.getMessage());
            assertEquals(Set.of(), ListeningPorts.newSince(before), "the SMB port was closed again");
        }
    }

    private URI metricsUri() {
        return URI.create("http://127.0.0.1:" + server.metricsAddress().orElseThrow().getPort() + "/metrics");
    }

    private PrometheusText scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(metricsUri())
                .header("Accept", "text/plain;version=0.0.4").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return PrometheusText.parse(response.body());
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.valueOrZero(name, labels) - before.valueOrZero(name, labels);
    }

    /** The signing label of the one latency series of {@code command}. */
    private static String signingOf(PrometheusText scrape, String command) {
        List<String> labels = scrape.series("signet_request_duration_seconds_count").keySet().stream()
                .filter(k -> k.startsWith("[command=" + command + ","))
                .toList();
        assertEquals(1, labels.size(), labels.toString());
        String key = labels.get(0);
        return key.substring(key.indexOf("signing=") + "signing=".length(), key.length() - 1);
    }

    private static ByteBuf treeConnect(RawSmb2Client raw) {
        ByteBuf request = raw.newRequest(Smb2Command.TREE_CONNECT.code(), 0);
        new TreeConnectRequest(0, "\\\\127.0.0.1\\data").encode(request);
        return request;
    }

    private static SmbConfig smbj() {
        return SmbConfig.builder().withDialects(SMB2Dialect.SMB_2_0_2, SMB2Dialect.SMB_2_1, SMB2Dialect.SMB_3_0,
                        SMB2Dialect.SMB_3_0_2, SMB2Dialect.SMB_3_1_1)
                .withSigningRequired(true).withTimeout(30, TimeUnit.SECONDS).build();
    }
}
