package io.signet.bench;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.msfscc.fileinformation.FileIdBothDirectoryInformation;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2CreateOptions;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.File;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * File-operation benchmark between SMB servers, one smbj client for all: listing a directory of many files
 * (QUERY_DIRECTORY until STATUS_NO_MORE_FILES) and creating then closing many empty files (CREATE + CLOSE pairs).
 *
 * <p>Not JMH: each operation is a network round trip to a server process, so the figure that matters is the wall
 * time of the whole batch. The servers are measured in alternating order each round, so a change of load on the
 * machine hits both; the report gives the median and the best round and the ratio of medians.
 *
 * <p>Usage: {@code FileOpsBench USER PASSWORD SHARE ROUNDS LIST_DIR LIST_COUNT CREATE_COUNT NAME=HOST:PORT...}.
 * LIST_DIR must already hold LIST_COUNT files on every server (the script creates them on disk); the create rounds
 * make directories {@code create-<round>} that the caller removes afterwards. See docs/PERFORMANCE.md.
 */
public final class FileOpsBench {
    private FileOpsBench() {
    }

    private record Target(String name, String host, int port) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 8) {
            System.err.println("usage: FileOpsBench USER PASSWORD SHARE ROUNDS LIST_DIR LIST_COUNT CREATE_COUNT"
                    + " NAME=HOST:PORT...");
            System.exit(2);
        }
        String user = args[0];
        String password = args[1];
        String shareName = args[2];
        int rounds = Integer.parseInt(args[3]);
        String listDir = args[4];
        int listCount = Integer.parseInt(args[5]);
        int createCount = Integer.parseInt(args[6]);
        List<Target> targets = new ArrayList<>();
        for (int i = 7; i < args.length; i++) {
            String[] nameAndAddress = args[i].split("=", 2);
            int colon = nameAndAddress[1].lastIndexOf(':');
            targets.add(new Target(nameAndAddress[0], nameAndAddress[1].substring(0, colon),
                    Integer.parseInt(nameAndAddress[1].substring(colon + 1))));
        }

        SmbConfig config = SmbConfig.builder().withSigningRequired(true)
                .withTimeout(120, TimeUnit.SECONDS).withSoTimeout(120, TimeUnit.SECONDS).build();
        Map<String, List<Double>> listTimes = new LinkedHashMap<>();
        Map<String, List<Double>> createTimes = new LinkedHashMap<>();
        // One SMBClient per server: smbj refuses a second server GUID behind the same host name.
        List<SMBClient> clients = new ArrayList<>();
        try {
            Map<String, DiskShare> shares = new LinkedHashMap<>();
            for (Target target : targets) {
                SMBClient client = new SMBClient(config);
                clients.add(client);
                Connection connection = client.connect(target.host(), target.port());
                Session session = connection.authenticate(
                        new AuthenticationContext(user, password.toCharArray(), ""));
                shares.put(target.name(), (DiskShare) session.connectShare(shareName));
                listTimes.put(target.name(), new ArrayList<>());
                createTimes.put(target.name(), new ArrayList<>());
                System.out.printf("%s: dialect %s%n", target.name(),
                        connection.getNegotiatedProtocol().getDialect());
            }
            // Round 0 warms up the client's JIT and both servers' caches; it is not counted.
            for (int round = 0; round <= rounds; round++) {
                List<String> order = new ArrayList<>(shares.keySet());
                if (round % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (String name : order) {
                    DiskShare share = shares.get(name);
                    double list = timeList(share, listDir, listCount);
                    double create = timeCreate(share, "create-" + round, createCount);
                    System.out.printf(Locale.ROOT, "round %d %-8s list %8.1f ms   create+close %8.1f ms%n",
                            round, name, list, create);
                    if (round > 0) {
                        listTimes.get(name).add(list);
                        createTimes.get(name).add(create);
                    }
                }
            }
        } finally {
            clients.forEach(SMBClient::close);
        }
        report("list " + listCount + " files", listTimes);
        report("create+close " + createCount + " files", createTimes);
    }

    private static double timeList(DiskShare share, String dir, int expected) {
        long start = System.nanoTime();
        List<FileIdBothDirectoryInformation> entries = share.list(dir);
        double millis = (System.nanoTime() - start) / 1e6;
        long files = entries.stream().filter(e -> !e.getFileName().equals(".") && !e.getFileName().equals(".."))
                .count();
        if (files != expected) {
            throw new IllegalStateException("listed " + files + " entries in " + dir + ", expected " + expected);
        }
        return millis;
    }

    private static double timeCreate(DiskShare share, String dir, int count) {
        share.mkdir(dir);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            File file = share.openFile(dir + "\\f" + i + ".txt", EnumSet.of(AccessMask.GENERIC_WRITE), null,
                    SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_CREATE,
                    EnumSet.of(SMB2CreateOptions.FILE_NON_DIRECTORY_FILE));
            file.close();
        }
        return (System.nanoTime() - start) / 1e6;
    }

    /** Median and best round per server, and each server's median relative to the first server's. */
    private static void report(String what, Map<String, List<Double>> times) {
        System.out.println();
        System.out.println(what + " (ms, " + times.values().iterator().next().size() + " rounds)");
        String firstName = null;
        double firstMedian = 0;
        for (Map.Entry<String, List<Double>> entry : times.entrySet()) {
            List<Double> sorted = new ArrayList<>(entry.getValue());
            sorted.sort(null);
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            String ratio = "";
            if (firstName == null) {
                firstName = entry.getKey();
                firstMedian = median;
            } else {
                ratio = String.format(Locale.ROOT, "   %s/%s = %.2f", firstName, entry.getKey(), firstMedian / median);
            }
            System.out.printf(Locale.ROOT, "  %-8s median %8.1f   best %8.1f%s%n", entry.getKey(), median,
                    sorted.get(0), ratio);
        }
    }
}
