package io.signet.bench;

import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskShare;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Holds many idle sessions open against one server, for measuring the server's memory per session
 * (scripts/bench-sessions.sh): SESSIONS connections, each with a signed SMB 3.1.1 session (NTLM) and a tree connect
 * to SHARE in which it listed the share's root. When all are up it prints {@code ready SESSIONS} and keeps them until
 * its standard input ends, then logs them off and closes them.
 *
 * <p>Usage: {@code SessionsHold HOST PORT USER PASSWORD SHARE SESSIONS}.
 */
public final class SessionsHold {
    private SessionsHold() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 6) {
            System.err.println("usage: SessionsHold HOST PORT USER PASSWORD SHARE SESSIONS");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String user = args[2];
        String password = args[3];
        String shareName = args[4];
        int sessions = Integer.parseInt(args[5]);
        // One SMBClient per session (an SMBClient hands out one shared connection per host and port), each with a
        // ClientGuid of its own, as separate machines have: smbd hands a connection whose ClientGuid it already
        // serves to the process serving it, so a shared GUID would put every session into one smbd process.
        List<SMBClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < sessions; i++) {
                SMBClient client = new SMBClient(SmbConfig.builder().withClientGuid(UUID.randomUUID())
                        .withSigningRequired(true).withTimeout(120, TimeUnit.SECONDS)
                        .withSoTimeout(0, TimeUnit.SECONDS).build());
                clients.add(client);
                Connection connection = client.connect(host, port);
                Session session = connection.authenticate(
                        new AuthenticationContext(user, password.toCharArray(), ""));
                DiskShare share = (DiskShare) session.connectShare(shareName);
                share.list("");
                if ((i + 1) % 100 == 0) {
                    System.err.println("sessions: " + (i + 1));
                }
            }
            System.out.println("ready " + sessions);
            System.out.flush();
            InputStream in = System.in;
            while (in.read() >= 0) {
                // hold the sessions until the caller closes our standard input
            }
        } finally {
            for (SMBClient client : clients) {
                client.close();
            }
        }
    }
}
