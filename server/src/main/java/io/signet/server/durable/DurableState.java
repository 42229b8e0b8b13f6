package io.signet.server.durable;

import io.signet.protocol.smb2.message.CreateGuid;
import java.time.Duration;
import java.util.Locale;

/**
 * What makes an open durable and who may reconnect to it ([MS-SMB2] 3.3.1.10: Open.DurableFileId, Open.CreateGuid,
 * Open.ClientGuid, Open.DurableOwner, Open.DurableOpenTimeout, Open.AppInstanceId), as one plain value. What the open
 * holds besides (handle, oplock, byte-range locks, position) stays on the open itself, which survives the disconnect.
 *
 * @param persistentId  the persistent half of the open's FileId, by which a reconnect names it
 * @param version       which kind of request made it durable
 * @param createGuid    the CreateGuid of a durable v2 open; null for v1
 * @param clientGuid    Connection.ClientGuid of the connection that made it
 * @param ownerName     the account that made it (Open.DurableOwner), with {@code ownerDomain}
 * @param shareName     the share it is on
 * @param path          the file's path on the share when it was opened
 * @param timeout       how long it is kept after its client went away
 * @param appInstanceId the SMB2_CREATE_APP_INSTANCE_ID it was made with; null if none
 * @param persistent    Open.IsPersistent ([MS-SMB2] 3.3.5.9.10): kept in the state directory, survives a restart
 */
public record DurableState(long persistentId, Version version, CreateGuid createGuid, CreateGuid clientGuid,
                           String ownerName, String ownerDomain, String shareName, String path, Duration timeout,
                           CreateGuid appInstanceId, boolean persistent) {
    /** DHnQ ([MS-SMB2] 3.3.5.9.6) or DH2Q ([MS-SMB2] 3.3.5.9.10). */
    public enum Version { V1, V2 }

    /** The account that made the open, as one key: account names and domains compare without case. */
    public String account() {
        return (ownerDomain == null ? "" : ownerDomain.toUpperCase(Locale.ROOT)) + '\\'
                + ownerName.toUpperCase(Locale.ROOT);
    }

    /** This state as a persistent open's (Open.IsPersistent set). */
    public DurableState asPersistent() {
        return new DurableState(persistentId, version, createGuid, clientGuid, ownerName, ownerDomain, shareName, path,
                timeout, appInstanceId, true);
    }
}
