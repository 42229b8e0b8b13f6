package io.signet.interop.support;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;

/**
 * Logback appender that keeps every report of Netty's {@code ResourceLeakDetector} ("LEAK: ... was not released").
 * Netty only logs a leak; {@link NettyLeakCheck} reads what this appender kept and turns it into a test failure.
 *
 * <p>Attached to the {@code io.netty} logger by {@code logback-test.xml}. Reports are numbered in arrival order so a
 * caller can ask for those that arrived after a point it marked.
 */
public final class LeakReports extends AppenderBase<ILoggingEvent> {
    private static final List<String> REPORTS = new ArrayList<>();
    private static volatile boolean attached;

    @Override
    public void start() {
        super.start();
        attached = true;
    }

    @Override
    protected void append(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        if (message != null && message.contains("LEAK:")) {
            synchronized (REPORTS) {
                REPORTS.add(message);
            }
        }
    }

    /** True once logback has started this appender, i.e. the test logging configuration is the one in use. */
    static boolean attached() {
        return attached;
    }

    /** The number of reports so far: pass it to {@link #since(int)} later. */
    static int mark() {
        synchronized (REPORTS) {
            return REPORTS.size();
        }
    }

    /** Reports that arrived after {@code mark}. */
    static List<String> since(int mark) {
        synchronized (REPORTS) {
            return List.copyOf(REPORTS.subList(Math.min(mark, REPORTS.size()), REPORTS.size()));
        }
    }

    /**
     * Removes the reports after {@code mark} that contain {@code text}: for the check's own test, which leaks on
     * purpose and must not fail its class for it.
     *
     * @return the reports removed
     */
    static List<String> acknowledge(int mark, String text) {
        synchronized (REPORTS) {
            List<String> removed = new ArrayList<>();
            for (int i = REPORTS.size() - 1; i >= mark; i--) {
                if (REPORTS.get(i).contains(text)) {
                    removed.add(0, REPORTS.remove(i));
                }
            }
            return removed;
        }
    }
}
