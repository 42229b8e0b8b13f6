package io.signet.server.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hostile server announces a huge Direct TCP frame in answer to NEGOTIATE and then sends nothing: the probe refuses
 * the length as soon as it has read it, instead of sizing a buffer by it or waiting for bytes that never come.
 */
class FrameBoundTest {
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private ServerSocket listener;

    /** Answers every connection's first frame with a frame header announcing {@code length} bytes, then stays silent. */
    private int fakeServer(long length) throws IOException {
        listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                Socket socket;
                try {
                    socket = listener.accept();
                } catch (IOException closed) {
                    return;
                }
                accepted.add(socket);
                try {
                    DataInputStream in = new DataInputStream(socket.getInputStream());
                    in.readFully(new byte[in.readInt()]);
                    OutputStream out = socket.getOutputStream();
                    out.write(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8),
                        (byte) length});
                    out.flush();
                } catch (IOException e) {
                    // A connection closed without a request (the probe's reachability check): serve the next one.
                }
            }
        }, "fake-smb-server");
        acceptor.setDaemon(true);
        acceptor.start();
        return listener.getLocalPort();
    }

    @AfterEach
    void close() throws IOException {
        listener.close();
        for (Socket s : accepted) {
            s.close();
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {0xFFFFFFFFL, 0x00FFFFFFL, ProbeConnection.MAX_FRAME + 1})
    void anAnnouncedFrameAboveTheBoundIsRefusedUnread(long announced) throws IOException {
        // A timeout longer than the test could wait: only the bound can end the read early.
        ProbeTarget target = new ProbeTarget("127.0.0.1", fakeServer(announced), Duration.ofMinutes(5));
        // Once unmeasured, so that class loading and the first use of the JDK's crypto do not count.
        assertThrows(FrameTooLargeException.class, () -> new SignetProbe(target).run(null));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        FrameTooLargeException e = assertThrows(FrameTooLargeException.class,
                () -> new SignetProbe(target).run(null));

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals("the server announced a frame of " + announced + " bytes; the probe accepts at most "
                + ProbeConnection.MAX_FRAME, e.getMessage());
        assertTrue(allocated < ProbeConnection.MAX_FRAME, "allocated " + allocated + " bytes");
    }
}
