package io.signet.interop.support;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Logback appender that keeps the server's most recent log lines, so that an assertion can check what the server
 * decided (the dialect and signing of a session, why it refused a logon) and a failure message can quote the lines
 * that explain it.
 *
 * <p>Attached to the {@code io.signet} logger by {@code logback-test.xml}. Lines are numbered from the start of the
 * run; only the last {@value #CAPACITY} are kept. The test classes of this module run one after another, so the lines
 * after a {@link #mark()} belong to the test that took it.
 */
public final class ServerLog extends AppenderBase<ILoggingEvent> {
    private static final int CAPACITY = 20_000;
    private static final List<String> LINES = new ArrayList<>();
    private static int dropped;

    @Override
    protected void append(ILoggingEvent event) {
        String line = event.getLevel() + " " + shortName(event.getLoggerName()) + " - " + event.getFormattedMessage();
        synchronized (LINES) {
            if (LINES.size() == CAPACITY) {
                LINES.remove(0);
                dropped++;
            }
            LINES.add(line);
        }
    }

    /** The number of lines so far: pass it to {@link #since(int)} later. */
    public static int mark() {
        synchronized (LINES) {
            return dropped + LINES.size();
        }
    }

    /** The lines logged after {@code mark}, oldest first. */
    public static List<String> since(int mark) {
        synchronized (LINES) {
            int from = Math.max(0, mark - dropped);
            return List.copyOf(LINES.subList(Math.min(from, LINES.size()), LINES.size()));
        }
    }

    /** The lines after {@code mark} in which {@code pattern} finds a match. */
    public static List<String> matching(int mark, Pattern pattern) {
        return since(mark).stream().filter(l -> pattern.matcher(l).find()).toList();
    }

    /** The lines after {@code mark}, one per line, for a failure message. */
    public static String dump(int mark) {
        List<String> lines = since(mark);
        return lines.isEmpty() ? "(the server logged nothing)" : "server log:\n  " + String.join("\n  ", lines);
    }

    private static String shortName(String logger) {
        int dot = logger.lastIndexOf('.');
        return dot < 0 ? logger : logger.substring(dot + 1);
    }
}
