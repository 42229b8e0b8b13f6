package io.signet.server.oplock;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The messages and callbacks a change of state causes, run once the monitor is released. */
final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    final List<Runnable> actions = new ArrayList<>();

    void run() {
        for (Runnable r : actions) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("caching break action failed", e);
            }
        }
    }
}
