package io.signet.protocol.fsctl;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * [MS-FSCC] 2.1.3.1 FILE_OBJECTID_BUFFER Type 1: the output of FSCTL_CREATE_OR_GET_OBJECT_ID ([MS-FSCC] 2.3.7), four
 * 16-byte GUIDs.
 *
 * @param objectId      ObjectId: the file's object id, unique on its volume
 * @param birthVolumeId BirthVolumeId: the volume the file was created on
 * @param birthObjectId BirthObjectId: the object id the file was created with
 * @param domainId      DomainId: unused, all zero
 */
public record ObjectIdBuffer(byte[] objectId, byte[] birthVolumeId, byte[] birthObjectId, byte[] domainId) {
    public static final int GUID_SIZE = 16;
    public static final int SIZE = 4 * GUID_SIZE;

    public ObjectIdBuffer {
        objectId = guid(objectId, "ObjectId");
        birthVolumeId = guid(birthVolumeId, "BirthVolumeId");
        birthObjectId = guid(birthObjectId, "BirthObjectId");
        domainId = guid(domainId, "DomainId");
    }

    /**
     * Signet keeps no object ids: a file's is derived from its stable file id and the volume serial number, so it is
     * unique on the share and the same for the file's whole life, which is what clients rely on. ObjectId is the
     * file id then the serial number, BirthVolumeId the serial number, BirthObjectId the same as ObjectId, and
     * DomainId zero.
     */
    public static ObjectIdBuffer forFile(long fileId, int volumeSerial) {
        byte[] objectId = new byte[GUID_SIZE];
        putLongLE(objectId, 0, fileId);
        putIntLE(objectId, 8, volumeSerial);
        byte[] volume = new byte[GUID_SIZE];
        putIntLE(volume, 0, volumeSerial);
        return new ObjectIdBuffer(objectId, volume, objectId, new byte[GUID_SIZE]);
    }

    @Override
    public byte[] objectId() {
        return objectId.clone();
    }

    @Override
    public byte[] birthVolumeId() {
        return birthVolumeId.clone();
    }

    @Override
    public byte[] birthObjectId() {
        return birthObjectId.clone();
    }

    @Override
    public byte[] domainId() {
        return domainId.clone();
    }

    /** Reads the 64 bytes from the readable bytes of {@code in} without moving its indices. */
    public static ObjectIdBuffer decode(ByteBuf in) {
        if (in.readableBytes() < SIZE) {
            throw Malformed.because("FILE_OBJECTID_BUFFER needs 64 bytes, got " + in.readableBytes());
        }
        int r = in.readerIndex();
        return new ObjectIdBuffer(
                read(in, r),                                  // ObjectId (16 bytes)
                read(in, r + GUID_SIZE),                      // BirthVolumeId (16 bytes)
                read(in, r + 2 * GUID_SIZE),                  // BirthObjectId (16 bytes)
                read(in, r + 3 * GUID_SIZE));                 // DomainId (16 bytes)
    }

    public void encode(ByteBuf out) {
        out.writeBytes(objectId);                             // ObjectId (16 bytes)
        out.writeBytes(birthVolumeId);                        // BirthVolumeId (16 bytes)
        out.writeBytes(birthObjectId);                        // BirthObjectId (16 bytes)
        out.writeBytes(domainId);                             // DomainId (16 bytes)
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectIdBuffer b && Arrays.equals(objectId, b.objectId)
                && Arrays.equals(birthVolumeId, b.birthVolumeId) && Arrays.equals(birthObjectId, b.birthObjectId)
                && Arrays.equals(domainId, b.domainId);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(new Object[] {objectId, birthVolumeId, birthObjectId, domainId});
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "ObjectIdBuffer[objectId=" + hex.formatHex(objectId) + ", birthVolumeId=" + hex.formatHex(birthVolumeId)
                + ", birthObjectId=" + hex.formatHex(birthObjectId) + ", domainId=" + hex.formatHex(domainId) + "]";
    }

    private static byte[] guid(byte[] bytes, String field) {
        if (bytes.length != GUID_SIZE) {
            throw new IllegalArgumentException(field + " is 16 bytes, not " + bytes.length);
        }
        return bytes.clone();
    }

    private static byte[] read(ByteBuf in, int index) {
        byte[] guid = new byte[GUID_SIZE];
        in.getBytes(index, guid);
        return guid;
    }

    private static void putLongLE(byte[] b, int at, long v) {
        putIntLE(b, at, (int) v);
        putIntLE(b, at + 4, (int) (v >>> 32));
    }

    private static void putIntLE(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
