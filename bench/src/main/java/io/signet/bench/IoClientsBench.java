package io.signet.bench;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2CreateOptions;
import com.hierynomus.mssmb2.SMB2Dialect;
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
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Bulk transfer by many clients at once, all smbj in this one JVM, against one running server: CLIENTS connections,
 * each with its own session and tree connect, upload (WRITE) or download (READ) a file of their own of SIZE_MIB
 * MiB at the same time. It prints the bytes moved, the wall time from the moment all clients start to the moment the
 * last one finishes, and the aggregate MB/s; the script around it (scripts/bench-io.sh) reads the server's CPU time
 * before and after.
 *
 * <p>Connecting and logging on happen before the clock starts. A download reads the files an upload with the same
 * CLIENTS and SIZE_MIB left ({@code io-<client>.bin}); every byte read is counted and checked against the size.
 *
 * <p>Usage: {@code IoClientsBench HOST PORT USER PASSWORD SHARE CLIENTS SIZE_MIB put|get DIALECT ENCRYPT} with
 * DIALECT {@code 2.1} or {@code 3.1.1} and ENCRYPT {@code yes} or {@code no}; signing is required. smbj 0.14 signs
 * with HMAC-SHA256 (2.1) or AES-CMAC (3.x) and offers no SIGNING_CAPABILITIES, so it cannot sign with AES-GMAC;
 * the script runs that case with smbclient processes instead. See docs/PERFORMANCE.md.
 */
public final class IoClientsBench {
    private static final int CHUNK = 1 << 20;

    private IoClientsBench() {
    }

    private record Client(SMBClient smb, DiskShare share) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 10) {
            System.err.println("usage: IoClientsBench HOST PORT USER PASSWORD SHARE CLIENTS SIZE_MIB put|get"
                    + " 2.1|3.1.1 yes|no");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String user = args[2];
        String password = args[3];
        String shareName = args[4];
        int clients = Integer.parseInt(args[5]);
        long size = Long.parseLong(args[6]) << 20;
        boolean upload = switch (args[7]) {
            case "put" -> true;
            case "get" -> false;
            default -> throw new IllegalArgumentException("put or get, not " + args[7]);
        };
        SMB2Dialect dialect = switch (args[8]) {
            case "2.1" -> SMB2Dialect.SMB_2_1;
            case "3.1.1" -> SMB2Dialect.SMB_3_1_1;
            default -> throw new IllegalArgumentException("2.1 or 3.1.1, not " + args[8]);
        };
        boolean encrypt = args[9].equals("yes");

        byte[] data = new byte[CHUNK];
        new Random(1).nextBytes(data);

        // One SMBClient per client (an SMBClient hands out one shared connection per host and port), each with a
        // ClientGuid of its own, as separate machines have: smbd hands a connection whose ClientGuid it already
        // serves to the process serving it, so a shared GUID would put all clients into one smbd process.
        List<Client> connected = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            for (int i = 0; i < clients; i++) {
                SMBClient smb = new SMBClient(SmbConfig.builder().withClientGuid(UUID.randomUUID())
                        .withDialects(dialect).withSigningRequired(true).withEncryptData(encrypt)
                        .withTimeout(300, TimeUnit.SECONDS).withSoTimeout(300, TimeUnit.SECONDS).build());
                Connection connection = smb.connect(host, port);
                Session session = connection.authenticate(
                        new AuthenticationContext(user, password.toCharArray(), ""));
                connected.add(new Client(smb, (DiskShare) session.connectShare(shareName)));
                if (i == 0) {
                    System.out.printf("negotiated %s, encryption %s%n",
                            connection.getNegotiatedProtocol().getDialect(), encrypt ? "required" : "off");
                }
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                DiskShare share = connected.get(i).share();
                String name = "io-" + i + ".bin";
                results.add(pool.submit(() -> {
                    start.await();
                    return upload ? write(share, name, data, size) : read(share, name, size);
                }));
            }
            long begin = System.nanoTime();
            start.countDown();
            long bytes = 0;
            for (Future<Long> result : results) {
                bytes += result.get();
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            System.out.printf(Locale.ROOT, "clients %d %s bytes %d seconds %.3f MB/s %.1f%n", clients,
                    upload ? "put" : "get", bytes, seconds, bytes / seconds / 1e6);
        } finally {
            pool.shutdownNow();
            for (Client client : connected) {
                client.smb().close();
            }
        }
    }

    private static long write(DiskShare share, String name, byte[] data, long size) {
        try (File file = share.openFile(name, EnumSet.of(AccessMask.GENERIC_WRITE), null, SMB2ShareAccess.ALL,
                SMB2CreateDisposition.FILE_OVERWRITE_IF, EnumSet.of(SMB2CreateOptions.FILE_NON_DIRECTORY_FILE))) {
            long offset = 0;
            while (offset < size) {
                int length = (int) Math.min(data.length, size - offset);
                offset += file.write(data, offset, 0, length);
            }
            return offset;
        }
    }

    private static long read(DiskShare share, String name, long size) {
        try (File file = share.openFile(name, EnumSet.of(AccessMask.GENERIC_READ), null, SMB2ShareAccess.ALL,
                SMB2CreateDisposition.FILE_OPEN, EnumSet.of(SMB2CreateOptions.FILE_NON_DIRECTORY_FILE))) {
            byte[] buffer = new byte[CHUNK];
            long offset = 0;
            while (true) {
                int n = file.read(buffer, offset);
                if (n <= 0) {
                    break;
                }
                offset += n;
            }
            if (offset != size) {
                throw new IllegalStateException("read " + offset + " bytes of " + name + ", expected " + size);
            }
            return offset;
        }
    }
}
