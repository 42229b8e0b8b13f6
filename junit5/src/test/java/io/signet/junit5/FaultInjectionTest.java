package io.signet.junit5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.smbj.common.SMBRuntimeException;
import com.hierynomus.smbj.share.File;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.status.NtStatus;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import jcifs.CIFSContext;
import jcifs.smb.SmbException;
import jcifs.smb.SmbFile;
import org.junit.jupiter.api.Test;

/** Faults through the annotation form: real clients see the injected status, delay or dropped connection. */
@SignetTest(shares = "data", users = {"alice:secret", "bob:other"})
class FaultInjectionTest {

    @Test
    void createOfTmpFilesFailsWithDiskFullAndSmbjSurfacesIt(Smb smb) throws Exception {
        Fault diskFull = smb.faults().on(Smb2Command.CREATE).path("*.tmp").fail(NtStatus.STATUS_DISK_FULL);
        try (Clients.SmbjShare share = Clients.smbj(smb, "data")) {
            SMBApiException e = assertThrows(SMBApiException.class, () -> share.create("upload.tmp"));
            assertEquals(NtStatus.STATUS_DISK_FULL.code() & 0xFFFFFFFFL, e.getStatusCode(), e.getMessage());
            assertEquals(com.hierynomus.mserref.NtStatus.STATUS_DISK_FULL, e.getStatus());
            try (File ok = share.create("upload.dat")) {
                ok.write(new byte[] {1, 2, 3}, 0);
            }
        }
        assertFalse(Files.exists(smb.sharePath("data").resolve("upload.tmp")), "the CREATE handler must not run");
        assertTrue(Files.exists(smb.sharePath("data").resolve("upload.dat")), "other names are not affected");
        assertEquals(1, diskFull.hits());
        List<Operation> creates = smb.operations().on("upload.tmp");
        assertEquals(1, creates.size(), creates.toString());
        assertEquals(NtStatus.STATUS_DISK_FULL, creates.get(0).status());
    }

    @Test
    void delayedWriteStillLandsAfterTheDelay(Smb smb) throws Exception {
        Fault slow = smb.faults().on(Smb2Command.WRITE).path("slow.bin").delay(Duration.ofMillis(400));
        byte[] data = "written slowly".getBytes(StandardCharsets.UTF_8);
        try (Clients.SmbjShare share = Clients.smbj(smb, "data"); File f = share.create("slow.bin")) {
            long start = System.nanoTime();
            f.write(data, 0);
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMillis >= 400, "the WRITE answered after " + tookMillis + " ms");
        }
        assertEquals(1, slow.hits());
        assertArrayEquals(data, Files.readAllBytes(smb.sharePath("data").resolve("slow.bin")));
    }

    @Test
    void connectionDropsAfterTheSecondRead(Smb smb) throws Exception {
        byte[] content = new byte[3 * 4096];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        Files.write(smb.sharePath("data").resolve("big.bin"), content);
        smb.faults().on(Smb2Command.READ).occurrence(2).dropConnection();
        Clients.SmbjShare share = Clients.smbj(smb, "data");
        try {
            File f = share.openForRead("big.bin");
            byte[] buf = new byte[4096];
            assertEquals(4096, f.read(buf, 0), "the first READ is answered");
            assertThrows(SMBRuntimeException.class, () -> f.read(buf, 4096), "the second READ's connection drops");
        } finally {
            try {
                share.close();
            } catch (Exception closingADeadConnection) {
                // Expected: the server closed it.
            }
        }
        List<Operation> reads = smb.operations().of(Smb2Command.READ);
        assertEquals(2, reads.size(), reads.toString());
        assertTrue(reads.stream().allMatch(Operation::succeeded), "both READs ran; only the answer was lost");
        assertEquals(8192, smb.operations().bytesReadFrom("big.bin"));
        // The server keeps serving new connections.
        smb.faults().clear();
        try (Clients.SmbjShare again = Clients.smbj(smb, "data"); File f = again.openForRead("big.bin")) {
            byte[] all = new byte[content.length];
            assertEquals(4096, f.read(all, 4096, 0, 4096));
        }
    }

    @Test
    void faultForOneUserOnlyReachesJcifsAsItsStatus(Smb smb) throws Exception {
        smb.faults().onAnyCommand().user("alice").path("locked/**").fail(NtStatus.STATUS_ACCESS_DENIED);
        Files.createDirectory(smb.sharePath("data").resolve("locked"));
        CIFSContext context = Clients.jcifs(smb);
        try (SmbFile f = new SmbFile(smb.url("data") + "locked/secret.txt", context)) {
            SmbException e = assertThrows(SmbException.class, () -> {
                try (OutputStream out = f.getOutputStream()) {
                    out.write(1);
                }
            });
            assertEquals(NtStatus.STATUS_ACCESS_DENIED.code(), e.getNtStatus(), e.getMessage());
        } finally {
            context.close();
        }
        assertFalse(Files.exists(smb.sharePath("data").resolve("locked").resolve("secret.txt")));
        // bob is not alice: the same path works for him.
        try (Clients.SmbjShare bob = Clients.smbjAs(smb, "bob", "data"); File f = bob.create("locked\\bob.txt")) {
            f.write(new byte[] {7}, 0);
        }
        assertTrue(Files.exists(smb.sharePath("data").resolve("locked").resolve("bob.txt")));
    }

    @Test
    void onlyTheChosenOccurrenceFails(Smb smb) throws Exception {
        smb.faults().on(Smb2Command.CREATE).path("flaky.txt").occurrence(1).fail(NtStatus.STATUS_SHARING_VIOLATION);
        try (Clients.SmbjShare share = Clients.smbj(smb, "data")) {
            SMBApiException first = assertThrows(SMBApiException.class, () -> share.create("flaky.txt"));
            assertEquals(com.hierynomus.mserref.NtStatus.STATUS_SHARING_VIOLATION, first.getStatus());
            try (File retry = share.create("flaky.txt")) {
                retry.write(new byte[] {1}, 0);
            }
        }
        assertTrue(Files.exists(smb.sharePath("data").resolve("flaky.txt")));
    }

    @Test
    void faultsOfEarlierTestsAreGone(Smb smb) throws Exception {
        assertTrue(smb.faults().rules().isEmpty(), smb.faults().rules().toString());
        try (Clients.SmbjShare share = Clients.smbj(smb, "data"); File f = share.create("fine.tmp")) {
            f.write(new byte[] {1}, 0);
        }
    }
}
