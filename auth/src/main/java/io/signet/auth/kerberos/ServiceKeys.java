package io.signet.auth.kerberos;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kerby.kerberos.kerb.keytab.Keytab;
import org.apache.kerby.kerberos.kerb.keytab.KeytabEntry;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionType;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;

/**
 * The server's long-term keys, read from a keytab (MIT's file format, read by Kerby): one key per service
 * principal, enctype and key version number. The service principals the server accepts are exactly those in the
 * keytab. Immutable and thread-safe.
 */
public final class ServiceKeys {
    /** A keytab larger than this is not a service keytab; refusing it bounds what startup reads. */
    static final long MAX_KEYTAB_BYTES = 1 << 20;

    private record Entry(String principal, EncryptionType enctype, int kvno, EncryptionKey key) {
    }

    private final List<Entry> entries;

    private ServiceKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Reads a keytab; fails when it cannot be read, is malformed or holds no key. */
    public static ServiceKeys load(Path keytab) throws IOException {
        if (Files.size(keytab) > MAX_KEYTAB_BYTES) {
            throw new IOException("keytab " + keytab + " is larger than " + MAX_KEYTAB_BYTES + " bytes");
        }
        Keytab parsed;
        try (InputStream in = Files.newInputStream(keytab)) {
            parsed = Keytab.loadKeytab(in);
        } catch (RuntimeException e) {
            throw new IOException("keytab " + keytab + " is malformed: " + e, e);
        }
        List<KeytabEntry> all = new ArrayList<>();
        for (PrincipalName principal : parsed.getPrincipals()) {
            all.addAll(parsed.getKeytabEntries(principal));
        }
        ServiceKeys keys = of(all);
        if (keys.entries.isEmpty()) {
            throw new IOException("keytab " + keytab + " holds no keys");
        }
        return keys;
    }

    /** Keys from keytab entries (tests build these in memory). */
    public static ServiceKeys of(List<KeytabEntry> keytabEntries) {
        List<Entry> entries = new ArrayList<>();
        for (KeytabEntry e : keytabEntries) {
            PrincipalName p = e.getPrincipal();
            EncryptionKey key = e.getKey();
            entries.add(new Entry(canonical(p.getNameStrings(), p.getRealm()), key.getKeyType(), e.getKvno(), key));
        }
        return new ServiceKeys(entries);
    }

    /**
     * {@code name/components@REALM}, with the realm upper-cased: realms are compared without regard to case,
     * name components exactly ([RFC 4120] 6.2).
     */
    static String canonical(List<String> nameComponents, String realm) {
        return String.join("/", nameComponents) + "@" + (realm == null ? "" : realm.toUpperCase(Locale.ROOT));
    }

    /** Whether the keytab holds any key for the principal. */
    boolean isServicePrincipal(String canonicalPrincipal) {
        return entries.stream().anyMatch(e -> e.principal().equals(canonicalPrincipal));
    }

    /**
     * The key that encrypted a ticket for {@code principal} with {@code enctype}: the one of version {@code kvno},
     * or, when the ticket gives no version ({@code kvno < 0}), the newest.
     */
    Optional<EncryptionKey> key(String canonicalPrincipal, EncryptionType enctype, int kvno) {
        Entry best = null;
        for (Entry e : entries) {
            if (!e.principal().equals(canonicalPrincipal) || e.enctype().getValue() != enctype.getValue()) {
                continue;
            }
            if (kvno >= 0 ? kvnoMatches(e.kvno(), kvno) : best == null || e.kvno() > best.kvno()) {
                best = e;
            }
        }
        return Optional.ofNullable(best).map(Entry::key);
    }

    /** Old keytab formats keep only the low 8 bits of the key version ([RFC 4120] 5.2.9 allows 32). */
    private static boolean kvnoMatches(int stored, int wanted) {
        return stored == wanted || (stored <= 0xFF && stored == (wanted & 0xFF));
    }

    /** The service principals, for the startup log. */
    public Set<String> principals() {
        Set<String> names = new TreeSet<>();
        entries.forEach(e -> names.add(e.principal()));
        return Collections.unmodifiableSet(names);
    }
}
