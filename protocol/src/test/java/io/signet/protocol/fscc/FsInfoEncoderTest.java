package io.signet.protocol.fscc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.signet.protocol.fscc.FileSystemInformationClass.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FsInfoEncoderTest {
    /** 1 TiB total, 512 GiB free, 256 GiB available, 512-byte sectors, 8 per cluster (4 KiB). */
    private static final FsStats STATS = new FsStats(1L << 40, 1L << 39, 1L << 38, 512, 8, "Data",
            0xA1B2C3D4, 0x0102030405060708L, false, true);
    private static final FsStats READ_ONLY = new FsStats(1L << 40, 1L << 39, 1L << 38, 512, 8, "",
            0xA1B2C3D4, 0x0102030405060708L, true, true);
    /** A volume without user extended attributes: no descriptors, EAs or sparse attribute can be kept. */
    private static final FsStats NO_XATTRS = new FsStats(1L << 40, 1L << 39, 1L << 38, 512, 8, "",
            0xA1B2C3D4, 0x0102030405060708L, false, false);

    private final ByteBuf out = Unpooled.buffer();

    @AfterEach
    void release() {
        out.release();
    }

    private String encode(FileSystemInformationClass c, FsStats s) {
        FsInfoEncoder.encode(c, s, out);
        return Hex.of(out);
    }

    @Test
    void volume() {
        assertEquals(Hex.clean("""
                0807060504030201   // VolumeCreationTime
                d4c3b2a1           // VolumeSerialNumber
                08000000           // VolumeLabelLength
                00 00              // SupportsObjects, Reserved
                4400 6100 7400 6100   // "Data"
                """), encode(FileFsVolumeInformation, STATS));
    }

    @Test
    void sizes() {
        // 2^40 / 4096 = 2^28 units total; 2^38 / 4096 = 2^26 available; 2^39 / 4096 = 2^27 free.
        assertEquals(Hex.clean("0000001000000000 0000000400000000 08000000 00020000"),
                encode(FileFsSizeInformation, STATS));
        out.clear();
        assertEquals(Hex.clean("0000001000000000 0000000400000000 0000000800000000 08000000 00020000"),
                encode(FileFsFullSizeInformation, STATS));
    }

    @Test
    void device() {
        assertEquals("0700000020000000", encode(FileFsDeviceInformation, STATS));
        out.clear();
        assertEquals("0700000022000000", encode(FileFsDeviceInformation, READ_ONLY));
    }

    @Test
    void attributeClaimsOnlyWhatIsTrue() {
        assertEquals(Hex.clean("""
                4f008400           // CASE_SENSITIVE_SEARCH | CASE_PRESERVED_NAMES | UNICODE_ON_DISK | PERSISTENT_ACLS
                                   // | SUPPORTS_SPARSE_FILES | NAMED_STREAMS | SUPPORTS_EXTENDED_ATTRIBUTES
                ff000000           // MaximumComponentNameLength 255
                08000000           // FileSystemNameLength
                4e00 5400 4600 5300   // "NTFS"
                """), encode(FileFsAttributeInformation, STATS));
        out.clear();
        assertEquals(Hex.clean("4f008c00 ff000000 08000000 4e00540046005300"),
                encode(FileFsAttributeInformation, READ_ONLY));
        out.clear();
        assertEquals(Hex.clean("07000400 ff000000 08000000 4e00540046005300"),
                encode(FileFsAttributeInformation, NO_XATTRS));
    }

    @Test
    void attributeNeverClaimsReparsePointsOrObjectIds() {
        int unclaimed = FsInfoEncoder.FILE_SUPPORTS_REPARSE_POINTS | FsInfoEncoder.FILE_SUPPORTS_OBJECT_IDS;
        for (FsStats s : new FsStats[] {STATS, READ_ONLY, NO_XATTRS}) {
            assertEquals(0, FsInfoEncoder.fileSystemAttributes(s) & unclaimed);
        }
    }

    @Test
    void sectorSizeReportsUnknownAlignment() {
        assertEquals(Hex.clean("00020000 00020000 00020000 00020000 00000000 ffffffff ffffffff"),
                encode(FileFsSectorSizeInformation, STATS));
    }

    @Test
    void objectIdIsAStableGuidFollowedByZeros() {
        UUID id = FsInfoEncoder.volumeObjectId(STATS);
        assertEquals(id, FsInfoEncoder.volumeObjectId(STATS));
        assertNotEquals(id, FsInfoEncoder.volumeObjectId(new FsStats(1, 1, 1, 512, 8, "", 1, 1, false, true)));
        FsInfoEncoder.encode(FileFsObjectIdInformation, STATS, out);
        assertEquals(64, out.readableBytes());
        long msb = id.getMostSignificantBits();
        assertEquals((int) (msb >>> 32), out.getIntLE(0), "Data1 little-endian");
        assertEquals((short) (msb >>> 16), out.getShortLE(4), "Data2 little-endian");
        assertEquals((short) msb, out.getShortLE(6), "Data3 little-endian");
        assertEquals(id.getLeastSignificantBits(), out.getLong(8), "Data4 in byte order");
        for (int i = 16; i < 64; i++) {
            assertEquals(0, out.getByte(i));
        }
    }

    @Test
    void guidLayoutMatchesMsDtyp() {
        FsInfoEncoder.writeGuid(UUID.fromString("00112233-4455-6677-8899-aabbccddeeff"), out);
        assertEquals("33221100554477668899aabbccddeeff", Hex.of(out));
    }

    @Test
    void controlInformationReportsQuotasOff() {
        FsInfoEncoder.encode(FileFsControlInformation, STATS, out);
        assertEquals(Hex.clean("""
                0000000000000000 0000000000000000 0000000000000000   // no free-space filtering
                ffffffffffffffff ffffffffffffffff                    // no default threshold or limit
                00000000 00000000                                    // FILE_VC_QUOTA_NONE, padding
                """), Hex.of(out));
        assertEquals(48, FsInfoEncoder.fixedSize(FileFsControlInformation));
    }

    @Test
    void boundedEncoding() {
        assertEquals(NtStatus.STATUS_BUFFER_OVERFLOW, FsInfoEncoder.encode(FileFsAttributeInformation, STATS, out, 16));
        assertEquals(Hex.clean("4f008400 ff000000 08000000 4e00 5400"), Hex.of(out));
        SmbException e = assertThrows(SmbException.class,
                () -> FsInfoEncoder.encode(FileFsAttributeInformation, STATS, out, 15));
        assertEquals(NtStatus.STATUS_INFO_LENGTH_MISMATCH, e.status());
        // FILE_FS_VOLUME_INFORMATION is 24 bytes with its padded first label character: a 22-byte answer
        // ("D" and the 18-byte fixed part) still needs a 24-byte buffer.
        e = assertThrows(SmbException.class, () -> FsInfoEncoder.encode(FileFsVolumeInformation, STATS, out, 23));
        assertEquals(NtStatus.STATUS_INFO_LENGTH_MISMATCH, e.status());
        out.clear();
        assertEquals(NtStatus.STATUS_BUFFER_OVERFLOW, FsInfoEncoder.encode(FileFsVolumeInformation, STATS, out, 24));
        assertEquals(24, out.readableBytes());
    }

    @Test
    void statsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new FsStats(1, 1, 1, 0, 8, "", 0, 0, false, true));
        assertThrows(IllegalArgumentException.class, () -> new FsStats(-1, 1, 1, 512, 8, "", 0, 0, false, true));
    }
}
