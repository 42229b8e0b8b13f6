package io.signet.junit5;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

final class ExtensionLifecycle {
    private ExtensionLifecycle() {
    }

    /** Whether something accepts TCP connections on the loopback port. */
    static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
