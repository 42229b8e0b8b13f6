package io.signet.server;

import io.signet.protocol.smb2.Smb2Command;
import io.signet.server.context.ServerContext;
import io.signet.server.conn.CommandHandler;
import io.signet.server.conn.ConnectionServices;
import io.signet.server.conn.Dispatcher;
import io.signet.server.conn.InterceptorSlot;
import io.signet.server.conn.IoPool;
import io.signet.server.handler.CachingBreaks;
import io.signet.server.handler.ChangeNotifyHandler;
import io.signet.server.handler.CloseHandler;
import io.signet.server.handler.CreateHandler;
import io.signet.server.handler.EchoHandler;
import io.signet.server.handler.FlushHandler;
import io.signet.server.handler.IoctlHandler;
import io.signet.server.handler.LockHandler;
import io.signet.server.handler.LogoffHandler;
import io.signet.server.handler.NegotiateHandler;
import io.signet.server.handler.OplockBreakHandler;
import io.signet.server.handler.QueryDirectoryHandler;
import io.signet.server.handler.QueryInfoHandler;
import io.signet.server.handler.ReadHandler;
import io.signet.server.handler.SessionSetupHandler;
import io.signet.server.handler.SetInfoHandler;
import io.signet.server.handler.TreeConnectHandler;
import io.signet.server.handler.TreeDisconnectHandler;
import io.signet.server.handler.WriteHandler;
import io.signet.server.ipc.NamedPipes;
import io.signet.server.metrics.ServerMetrics;
import io.signet.server.security.FileSecurity;
import java.util.EnumMap;
import java.util.Map;

/** The command table: one handler per SMB2 command this server implements. */
public final class Handlers {
    private Handlers() {
    }

    /**
     * The handlers and the dispatcher over them, wired once per server and shared by all its connections; the
     * NEGOTIATE handler also answers the SMB1 negotiate.
     */
    public static ConnectionServices wire(ServerContext server) {
        return wire(server, null);
    }

    /** As {@link #wire(ServerContext)}, the connections recording into {@code metrics} (null for none). */
    public static ConnectionServices wire(ServerContext server, ServerMetrics metrics) {
        return wire(server, metrics, null);
    }

    /**
     * As {@link #wire(ServerContext, ServerMetrics)}, READ and WRITE running their I/O on {@code ioPool} (null: on
     * the connection's thread); the caller closes it.
     */
    public static ConnectionServices wire(ServerContext server, ServerMetrics metrics, IoPool ioPool) {
        NegotiateHandler negotiate = new NegotiateHandler(server);
        return new ConnectionServices(server, new Dispatcher(all(server, negotiate)), negotiate,
                new InterceptorSlot(), metrics, ioPool);
    }

    public static Map<Smb2Command, CommandHandler> all(ServerContext server, NegotiateHandler negotiate) {
        Map<Smb2Command, CommandHandler> m = new EnumMap<>(Smb2Command.class);
        FileSecurity security = new FileSecurity(server.accounts());
        CachingBreaks breaks = new CachingBreaks(server.caching());
        m.put(Smb2Command.NEGOTIATE, negotiate);
        m.put(Smb2Command.SESSION_SETUP, new SessionSetupHandler(server));
        m.put(Smb2Command.LOGOFF, new LogoffHandler());
        m.put(Smb2Command.TREE_CONNECT, new TreeConnectHandler(server));
        m.put(Smb2Command.TREE_DISCONNECT, new TreeDisconnectHandler());
        m.put(Smb2Command.CREATE, new CreateHandler(server.notifier(), server.caching(), security,
                new NamedPipes(server::config, server.accounts().machineSid()), server.openQuota(),
                server.durableOpens()));
        m.put(Smb2Command.CLOSE, new CloseHandler(server.notifier(), breaks));
        m.put(Smb2Command.FLUSH, new FlushHandler());
        m.put(Smb2Command.READ, new ReadHandler(server.byteRangeLocks()));
        m.put(Smb2Command.WRITE, new WriteHandler(server.notifier(), server.byteRangeLocks(), breaks));
        m.put(Smb2Command.LOCK, new LockHandler(server.byteRangeLocks(), breaks));
        m.put(Smb2Command.IOCTL, new IoctlHandler(server));
        m.put(Smb2Command.ECHO, new EchoHandler());
        m.put(Smb2Command.QUERY_DIRECTORY, new QueryDirectoryHandler());
        m.put(Smb2Command.QUERY_INFO, new QueryInfoHandler(security));
        m.put(Smb2Command.SET_INFO, new SetInfoHandler(server.notifier(), security, breaks));
        m.put(Smb2Command.OPLOCK_BREAK, new OplockBreakHandler(server.caching(), server.durableOpens()));
        m.put(Smb2Command.CHANGE_NOTIFY, new ChangeNotifyHandler(server.notifier()));
        return m;
    }
}
