package io.signet.server.oplock;

import io.signet.protocol.smb2.message.LeaseKey;

/** A lease's identity ([MS-SMB2] 3.3.1.4): one client's key; another client's equal key is another lease. */
record LeaseId(Object client, LeaseKey key) {
}
