package io.signet.server.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action when the process receives SIGHUP, the signal administrators send a daemon to re-read its
 * configuration ({@code kill -HUP <pid>}, {@code systemctl reload}).
 *
 * <p>The JDK has no supported API for catching signals: {@code sun.misc.Signal} (module {@code jdk.unsupported}) is
 * the only way, and is what the JVM itself uses for its shutdown hooks. It is kept to this one class so that a JVM
 * without it, or one started with {@code -Xrs} (which reserves the signals for the host), costs only reloading by
 * signal: {@link #install} then logs once and the server runs on; {@code SignetServer.reload} still works.
 */
final class HangupSignal {
    private static final Logger LOG = LoggerFactory.getLogger(HangupSignal.class);

    private HangupSignal() {
    }

    /**
     * Installs {@code action} as the SIGHUP handler; it runs on a thread the JVM starts for each signal.
     *
     * @return whether the handler is installed
     */
    static boolean install(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.error("SIGHUP: reload failed", e); // the next signal must still find a working handler
                }
            });
            return true;
        } catch (IllegalArgumentException | IllegalStateException | LinkageError e) {
            LOG.warn("SIGHUP cannot be caught in this JVM ({}); the configuration cannot be reloaded by signal",
                    e.toString());
            return false;
        }
    }
}
