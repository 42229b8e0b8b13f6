package io.signet.junit5;

import io.signet.protocol.smb2.Smb2Command;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The requests clients made, in the order the server answered them (each connection's in its own order). An
 * operation is recorded before its response leaves, so once a client call returns its request is here.
 */
public final class Operations {
    private final List<Operation> log = new CopyOnWriteArrayList<>();

    void record(Operation op) {
        log.add(op);
    }

    /** Every request since the last {@link #clear()}. */
    public List<Operation> all() {
        return List.copyOf(log);
    }

    /** The requests of one command. */
    public List<Operation> of(Smb2Command command) {
        return matching(op -> op.command() == command);
    }

    /** The requests on one file, by share-relative path ('/' or '\' separated; case ignored, as on the share). */
    public List<Operation> on(String path) {
        return matching(op -> sameName(path, op.path()));
    }

    /** The requests on files matching a glob ({@code *}, {@code ?} within a component, {@code **} across). */
    public List<Operation> onPaths(String glob) {
        Glob g = new Glob(glob);
        return matching(op -> g.matches(op.path()));
    }

    /** The commands of the requests on one file, in order: e.g. {@code [CREATE, WRITE, CLOSE]}. */
    public List<Smb2Command> commandsOn(String path) {
        return on(path).stream().map(Operation::command).toList();
    }

    public List<Operation> matching(Predicate<Operation> filter) {
        return log.stream().filter(filter).toList();
    }

    /** Total bytes successful WRITEs wrote to one file. */
    public long bytesWrittenTo(String path) {
        return on(path).stream().mapToLong(Operation::bytesWritten).sum();
    }

    /** Total bytes successful READs returned from one file. */
    public long bytesReadFrom(String path) {
        return on(path).stream().mapToLong(Operation::bytesRead).sum();
    }

    public void clear() {
        log.clear();
    }

    private static boolean sameName(String a, String b) {
        if (b == null) {
            return false;
        }
        String x = a.replace('\\', '/');
        String y = b.replace('\\', '/');
        return (x.startsWith("/") ? x.substring(1) : x).equalsIgnoreCase(y.startsWith("/") ? y.substring(1) : y);
    }

    @Override
    public String toString() {
        return log.toString();
    }
}
