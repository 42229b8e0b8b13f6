package io.signet.server.durable;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.protocol.smb2.LeaseState;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.message.CreateGuid;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.LeaseContext;
import io.signet.protocol.smb2.message.LeaseKey;
import io.signet.server.oplock.CachingTable;
import io.signet.server.tree.LockSequences;
import io.signet.server.tree.Open;
import io.signet.storage.lock.ByteRangeLocks;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What of a persistent open ([MS-SMB2] 3.3.1.10 Open.IsPersistent) must outlive the server process: who may reconnect
 * to it ({@link DurableState}), how to open the file again (its access, share access and create options), the
 * caching it held, and what a reconnect gives back besides: its byte-range locks, its position
 * (FilePositionInformation) and the response of the CREATE that made it (for a replay of that CREATE). Written to the state directory as text, one {@code key=value} line each, behind a format line;
 * {@link #decode} trusts nothing of it beyond the bounds checked here.
 *
 * @param state         the durable open's identity, owner and timeout
 * @param desiredAccess the access the open was granted
 * @param shareAccess   the share access it was opened with
 * @param createOptions its create options
 * @param oplock        its oplock level (LEASE when it holds a lease)
 * @param lease         its lease as a context to grant again (its key, state, parent key, epoch, version); null
 *                      without one
 * @param position      its CurrentByteOffset ([MS-FSCC] 2.4.35 FilePositionInformation)
 * @param locks         the byte-range locks it holds, in offset order
 * @param original      the response of the CREATE that made it ([MS-SMB2] 3.3.5.9.10), for a replay; null when not
 *                      known (a record written before the response was built)
 * @param lockSequences its Open.LockSequenceArray ([MS-SMB2] 3.3.5.14) as {@link LockSequences#toText} writes it;
 *                      null when no LOCK named a bucket
 */
public record PersistedOpen(DurableState state, int desiredAccess, int shareAccess, int createOptions,
                            OplockLevel oplock, LeaseContext lease, long position, List<ByteRangeLocks.Held> locks,
                            CreateResponse original, String lockSequences) {
    /** The first line of every record; another version is not read. */
    static final String FORMAT = "signet-persistent-open 2";
    /** The format before locks, position and the original response were kept; read with none of them. */
    static final String FORMAT_1 = "signet-persistent-open 1";
    /** Longer records are not read: the fields below fit in far less. */
    static final int MAX_BYTES = 1 << 18;
    /**
     * Locks kept at most ({@value}, each at most 36 characters of the record): an open holding more cannot be kept
     * whole, so its record is not updated (one warning) rather than written with some of its locks missing.
     */
    static final int MAX_LOCKS = 4096;
    /** The longest original CREATE response kept, in bytes (its fixed part and contexts fit in far less). */
    static final int MAX_RESPONSE = 8192;
    /** Longest path kept ([MS-FSCC] 2.1.5: 32,767 UTF-16 units). */
    private static final int MAX_PATH = 32_767;
    private static final int MAX_NAME = 256;
    private static final List<String> KEYS = List.of("persistent-id", "create-guid", "client-guid", "owner",
            "domain", "share", "path", "timeout-ms", "app-instance", "desired-access", "share-access",
            "create-options", "oplock", "lease-version", "lease-key", "lease-state", "lease-parent", "lease-epoch");
    private static final List<String> KEYS_2 = Stream.concat(KEYS.stream(),
            Stream.of("position", "locks", "create-response", "lock-sequences")).toList();
    /** The SMB2 header the stored CREATE response is decoded behind, as {@link CreateResponse#decode} expects. */
    private static final int HEADER = 64;

    public PersistedOpen {
        locks = List.copyOf(locks);
        if (lockSequences != null && !LockSequences.isText(lockSequences)) {
            throw new IllegalArgumentException("lock sequences out of bounds");
        }
        if (locks.size() > MAX_LOCKS) {
            throw new IllegalArgumentException(locks.size() + " byte-range locks, more than a record keeps ("
                    + MAX_LOCKS + ")");
        }
    }

    /** A record of an open holding no locks, at position 0, its CREATE response not known. */
    public PersistedOpen(DurableState state, int desiredAccess, int shareAccess, int createOptions,
                         OplockLevel oplock, LeaseContext lease) {
        this(state, desiredAccess, shareAccess, createOptions, oplock, lease, 0, List.of(), null, null);
    }

    /**
     * What of a persistent open the store keeps: its identity, how it was opened, its caching, locks and position
     * now, and the response its CREATE got.
     *
     * @throws IllegalArgumentException when it holds more locks than a record keeps
     */
    static PersistedOpen of(DurableState state, Open open, CachingTable caching, ByteRangeLocks locks,
                            CreateResponse original) {
        CachingTable.Key key = open.oplockKey();
        CachingTable.Holding holding = key == null ? null : caching.holding(key, open);
        OplockLevel level = holding == null ? OplockLevel.NONE : holding.oplock();
        LeaseContext lease = null;
        if (holding != null && holding.isLease()) {
            LeaseContext l = holding.leaseResponse();
            lease = l.version() == 2 ? LeaseContext.v2(l.key(), holding.leaseState(), 0, l.parentKey(), l.epoch())
                    : LeaseContext.v1(l.key(), holding.leaseState(), 0);
        }
        List<ByteRangeLocks.Held> held = key == null ? List.of() : locks.held(key, open);
        return new PersistedOpen(state, open.handle().grantedAccess(), open.handle().shareAccess(),
                open.createOptions(), level, lease, open.currentByteOffset(), held, original,
                open.lockSequences().toText());
    }

    /** The record as text. */
    public String encode() {
        DurableState s = state;
        StringBuilder b = new StringBuilder(FORMAT).append('\n');
        line(b, "persistent-id", Long.toHexString(s.persistentId()));
        line(b, "create-guid", guid(s.createGuid()));
        line(b, "client-guid", guid(s.clientGuid()));
        line(b, "owner", text(s.ownerName()));
        line(b, "domain", text(s.ownerDomain() == null ? "" : s.ownerDomain()));
        line(b, "share", text(s.shareName()));
        line(b, "path", text(s.path()));
        line(b, "timeout-ms", Long.toString(s.timeout().toMillis()));
        line(b, "app-instance", s.appInstanceId() == null ? "-" : guid(s.appInstanceId()));
        line(b, "desired-access", Integer.toHexString(desiredAccess));
        line(b, "share-access", Integer.toHexString(shareAccess));
        line(b, "create-options", Integer.toHexString(createOptions));
        line(b, "oplock", Integer.toString(oplock.code()));
        line(b, "lease-version", Integer.toString(lease == null ? 0 : lease.version()));
        line(b, "lease-key", lease == null ? "-" : leaseKey(lease.key()));
        line(b, "lease-state", Integer.toString(lease == null ? 0 : lease.state()));
        line(b, "lease-parent", lease == null ? "-" : leaseKey(lease.parentKey()));
        line(b, "lease-epoch", Integer.toString(lease == null ? 0 : lease.epoch()));
        line(b, "position", Long.toHexString(position));
        line(b, "locks", locks.isEmpty() ? "-" : String.join(",", locks.stream().map(l -> Long.toHexString(l.offset())
                + ':' + Long.toHexString(l.length()) + ':' + (l.exclusive() ? 'x' : 's')).toList()));
        line(b, "create-response", original == null ? "-" : responseHex(original));
        line(b, "lock-sequences", lockSequences == null ? "-" : lockSequences);
        return b.toString();
    }

    /**
     * Reads a record written by {@link #encode}: the format line, then each key exactly once and nothing else, every
     * value within its bounds.
     *
     * @param maxTimeout the longest timeout a durable open may have now ({@code max durable timeout}): a longer one
     *                   is cut to it
     * @throws IllegalArgumentException saying what is wrong
     */
    public static PersistedOpen decode(String text, Duration maxTimeout) {
        if (text.length() > MAX_BYTES) {
            throw new IllegalArgumentException("record of " + text.length() + " characters");
        }
        String[] lines = text.split("\n", -1);
        List<String> keys = lines[0].equals(FORMAT_1) ? KEYS : KEYS_2;
        if (lines.length != keys.size() + 2 || !(lines[0].equals(FORMAT) || lines[0].equals(FORMAT_1))
                || !lines[lines.length - 1].isEmpty()) {
            throw new IllegalArgumentException("not a record of format '" + FORMAT + "'");
        }
        Map<String, String> v = new HashMap<>();
        for (int i = 1; i < lines.length - 1; i++) {
            int eq = lines[i].indexOf('=');
            String key = eq < 0 ? lines[i] : lines[i].substring(0, eq);
            if (eq < 0 || !keys.contains(key) || v.put(key, lines[i].substring(eq + 1)) != null) {
                throw new IllegalArgumentException("unexpected line " + i);
            }
        }
        long timeoutMillis = decimal(v, "timeout-ms", 1, Integer.toUnsignedLong(-1));
        Duration timeout = Duration.ofMillis(timeoutMillis);
        if (timeout.compareTo(maxTimeout) > 0) {
            timeout = maxTimeout;
        }
        String app = v.get("app-instance");
        DurableState state = new DurableState(hexLong(v, "persistent-id"), DurableState.Version.V2,
                guid(v, "create-guid"), guid(v, "client-guid"), name(v, "owner", MAX_NAME, false),
                name(v, "domain", MAX_NAME, true), name(v, "share", MAX_NAME, false),
                name(v, "path", MAX_PATH, true), timeout, app.equals("-") ? null : guid(v, "app-instance"), true);
        OplockLevel oplock = OplockLevel.fromCode((int) decimal(v, "oplock", 0, 0xFF));
        if (oplock == null) {
            throw new IllegalArgumentException("oplock " + v.get("oplock"));
        }
        int version = (int) decimal(v, "lease-version", 0, 2);
        if ((oplock == OplockLevel.LEASE) != (version != 0)) {
            throw new IllegalArgumentException("lease version " + version + " with oplock " + oplock);
        }
        LeaseContext lease = null;
        if (version != 0) {
            int leaseState = (int) decimal(v, "lease-state", 0, 7);
            if (leaseState != LeaseState.NONE && (leaseState & LeaseState.READ) == 0) {
                // [MS-SMB2] 3.3.5.9.8: a lease is R, RW, RH or RWH, or broken to none
                throw new IllegalArgumentException("lease state " + leaseState);
            }
            int epoch = (int) decimal(v, "lease-epoch", 0, 0xFFFF);
            lease = version == 1 ? LeaseContext.v1(leaseKey(v, "lease-key"), leaseState, 0)
                    : LeaseContext.v2(leaseKey(v, "lease-key"), leaseState, 0, leaseKey(v, "lease-parent"), epoch);
        }
        int desiredAccess = (int) hexLong(v, "desired-access", 0xFFFFFFFFL);
        int shareAccess = (int) hexLong(v, "share-access", 7);
        int createOptions = (int) hexLong(v, "create-options", 0x00FFFFFFL);
        if (keys == KEYS) {
            return new PersistedOpen(state, desiredAccess, shareAccess, createOptions, oplock, lease);
        }
        String response = v.get("create-response");
        String sequences = v.get("lock-sequences");
        if (!sequences.equals("-") && !LockSequences.isText(sequences)) {
            throw new IllegalArgumentException("lock-sequences is not 64 buckets");
        }
        return new PersistedOpen(state, desiredAccess, shareAccess, createOptions, oplock, lease,
                hexLong(v, "position"), locks(v.get("locks")), response.equals("-") ? null : response(response),
                sequences.equals("-") ? null : sequences);
    }

    /** The locks value: "-", or offset:length:x|s in hexadecimal, comma-separated, at most {@link #MAX_LOCKS}. */
    private static List<ByteRangeLocks.Held> locks(String s) {
        if (s.equals("-")) {
            return List.of();
        }
        if (s.length() > MAX_LOCKS * 36) {
            throw new IllegalArgumentException("locks out of bounds");
        }
        String[] each = s.split(",", -1);
        if (each.length > MAX_LOCKS) {
            throw new IllegalArgumentException("locks out of bounds");
        }
        List<ByteRangeLocks.Held> out = new ArrayList<>(each.length);
        for (String l : each) {
            String[] f = l.split(":", -1);
            if (f.length != 3 || !(f[2].equals("x") || f[2].equals("s"))) {
                throw new IllegalArgumentException("lock '" + l + "' is not offset:length:x|s");
            }
            Map<String, String> parts = Map.of("lock offset", f[0], "lock length", f[1]);
            long offset = hexLong(parts, "lock offset");
            long length = hexLong(parts, "lock length");
            if (!ByteRangeLocks.isValidRange(offset, length)) {
                throw new IllegalArgumentException("lock range " + l + " out of bounds");
            }
            out.add(new ByteRangeLocks.Held(offset, length, f[2].equals("x")));
        }
        return out;
    }

    /** The CREATE response as the hexadecimal of its body. */
    private static String responseHex(CreateResponse r) {
        ByteBuf body = Unpooled.buffer();
        try {
            r.encode(body);
            if (body.readableBytes() > MAX_RESPONSE) {
                throw new IllegalArgumentException("CREATE response of " + body.readableBytes() + " bytes");
            }
            return ByteBufUtil.hexDump(body);
        } finally {
            body.release();
        }
    }

    /** A CREATE response body from its hexadecimal, checked as a client's would be ({@link CreateResponse#decode}). */
    private static CreateResponse response(String hex) {
        if (hex.isEmpty() || hex.length() > 2 * MAX_RESPONSE || (hex.length() & 1) != 0 || !isHex(hex)) {
            throw new IllegalArgumentException("create-response is not hexadecimal within its bound");
        }
        byte[] msg = new byte[HEADER + hex.length() / 2];
        System.arraycopy(ByteBufUtil.decodeHexDump(hex), 0, msg, HEADER, hex.length() / 2);
        try {
            // A heap buffer of its own, left to the collector: the response's contexts are slices of it.
            return CreateResponse.decode(Unpooled.wrappedBuffer(msg));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("create-response is not a CREATE response: " + e.getMessage());
        }
    }

    private static void line(StringBuilder b, String key, String value) {
        b.append(key).append('=').append(value).append('\n');
    }

    private static String text(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String guid(CreateGuid g) {
        return String.format("%016x%016x", g.high(), g.low());
    }

    private static String leaseKey(LeaseKey k) {
        return String.format("%016x%016x", k.high(), k.low());
    }

    private static String name(Map<String, String> v, String key, int max, boolean mayBeEmpty) {
        String s;
        try {
            s = URLDecoder.decode(v.get(key), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " is not encoded text");
        }
        if ((s.isEmpty() && !mayBeEmpty) || s.length() > max || s.chars().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException(key + " out of bounds");
        }
        return s;
    }

    private static long decimal(Map<String, String> v, String key, long min, long max) {
        String s = v.get(key);
        if (s.isEmpty() || s.length() > 12 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(key + " is not a number");
        }
        long n = Long.parseLong(s);
        if (n < min || n > max) {
            throw new IllegalArgumentException(key + " out of bounds");
        }
        return n;
    }

    private static long hexLong(Map<String, String> v, String key) {
        String s = v.get(key);
        if (s.isEmpty() || s.length() > 16 || !isHex(s)) {
            throw new IllegalArgumentException(key + " is not hexadecimal");
        }
        return Long.parseUnsignedLong(s, 16);
    }

    private static long hexLong(Map<String, String> v, String key, long max) {
        long n = hexLong(v, key);
        if (n < 0 || n > max) {
            throw new IllegalArgumentException(key + " out of bounds");
        }
        return n;
    }

    private static long[] halves(Map<String, String> v, String key) {
        String s = v.get(key);
        if (s.length() != 32 || !isHex(s)) {
            throw new IllegalArgumentException(key + " is not 32 hexadecimal digits");
        }
        return new long[] {Long.parseUnsignedLong(s.substring(0, 16), 16),
            Long.parseUnsignedLong(s.substring(16), 16)};
    }

    private static CreateGuid guid(Map<String, String> v, String key) {
        long[] h = halves(v, key);
        return new CreateGuid(h[0], h[1]);
    }

    private static LeaseKey leaseKey(Map<String, String> v, String key) {
        long[] h = halves(v, key);
        return new LeaseKey(h[1], h[0]);
    }

    private static boolean isHex(String s) {
        return s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
}
