package io.signet.server.conn;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.signet.server.limits.ConnectionAdmission;
import io.signet.server.limits.LogonThrottle;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The answers to failed logons of one connection that wait for their time ({@link LogonThrottle}): each is sent by a
 * timer on the channel's event loop, so no thread waits, and is released unsent if the connection closes first. A
 * connection may hold at most {@code max sessions per connection} of them; a client that piles up more failed logons
 * than a connection can have sessions is closed. Confined to the connection's thread.
 */
final class HeldResponses {
    private final Connection connection;
    private final LogonThrottle throttle;
    private final int max;
    private final List<Held> held = new ArrayList<>();

    private record Held(ByteBuf frame, LogonThrottle.Slot slot) {
    }

    HeldResponses(Connection connection) {
        this.connection = connection;
        this.throttle = connection.server().logonThrottle();
        this.max = connection.server().config().limits().maxSessionsPerConnection();
    }

    /** Sends {@code frame}, the answer to a failed logon, once the throttle allows. Takes {@code frame}. */
    void sendFailedLogon(ByteBuf frame) {
        Channel channel = connection.channel();
        if (!throttle.enabled()) {
            channel.writeAndFlush(frame);
            return;
        }
        if (held.size() >= max) {
            frame.release();
            throw new Disconnect(held.size() + " failed logons waiting for their answers");
        }
        InetAddress address = ConnectionAdmission.addressOf(channel.remoteAddress());
        Held h = new Held(frame, throttle.reserve(address));
        held.add(h);
        connection.schedule(() -> send(h), h.slot().delayNanos(), TimeUnit.NANOSECONDS);
    }

    private void send(Held h) {
        if (!held.remove(h)) {
            return; // the connection closed first and released it
        }
        throttle.passed(h.slot());
        Channel channel = connection.channel();
        if (channel.isActive()) {
            channel.writeAndFlush(h.frame());
        } else {
            h.frame().release();
        }
    }

    /** The connection is gone: nobody will read the answers (the connection cancels their timers). */
    void closed() {
        for (Held h : held) {
            h.frame().release();
        }
        held.clear();
    }
}
