package io.signet.server.conn;

import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.util.EnumMap;
import java.util.Map;

/** Maps each SMB2 command to its handler. Commands without a handler are answered STATUS_NOT_SUPPORTED. */
public final class Dispatcher {
    private final Map<Smb2Command, CommandHandler> handlers;

    public Dispatcher(Map<Smb2Command, CommandHandler> handlers) {
        this.handlers = new EnumMap<>(handlers);
    }

    CommandHandler handler(Smb2Command command) {
        CommandHandler h = handlers.get(command);
        if (h == null) {
            throw new SmbException(NtStatus.STATUS_NOT_SUPPORTED, command + " is not supported");
        }
        return h;
    }
}
