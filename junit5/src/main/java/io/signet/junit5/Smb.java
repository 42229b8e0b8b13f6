package io.signet.junit5;

import io.signet.server.SignetServer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A running Signet server as a test sees it: where it listens, its shares' directories, the credentials to log on
 * with, and the test double on its request path ({@link #faults()}, {@link #operations()}).
 *
 * <p>{@link SignetExtension} is one; a test of a class annotated {@link SignetTest} gets one as a parameter.
 */
public interface Smb {
    /** The address the server listens on: always the IPv4 loopback, {@code 127.0.0.1}. */
    String host();

    /** The port the server bound (a free one, chosen at start). */
    int port();

    /** {@code smb://127.0.0.1:PORT/share/}, the form jcifs-ng's {@code SmbFile} takes. */
    String url(String share);

    /** The directory on disk that holds {@code share}: a fresh temporary directory, deleted when the server stops. */
    Path sharePath(String share);

    /** The first user's name (the one {@link #password()} belongs to). */
    String user();

    /** The first user's password. */
    String password();

    /** The password of {@code user}. */
    String password(String user);

    /** Faults injected into chosen requests; empty at the start of each test. */
    Faults faults();

    /** What clients did, request by request; empty at the start of each test. */
    Operations operations();

    /**
     * Breaks the write and handle caching clients hold on {@code path} (an exclusive or batch oplock to level II, a
     * lease to its read caching): each holder is told to flush and give it up. The future completes once one did
     * (acknowledged or closed the file) or the break timed out; at once when nothing is to break. See
     * {@link SignetServer#breakLeases}.
     */
    CompletableFuture<Void> breakLeases(String share, String path);

    /** The server itself, for what this interface does not cover. */
    SignetServer server();
}
