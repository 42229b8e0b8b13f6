package io.signet.storage.create;

import io.signet.storage.nt.WindowsNames;


/**
 * 8.3 short names ([MS-FSCC] 2.1.5.2.1) for files on a POSIX file system, which keeps none.
 *
 * <p>A short name is derived from the long name alone, so it is the same on every query, after renames back and
 * across restarts, and needs no stored state:
 * <ul>
 *   <li>a long name that is a valid 8.3 name in upper case is its own short name, as on NTFS, where such a name is
 *       both the long and the DOS name: FileBothDirectoryInformation then reports no separate ShortName, and
 *       FileAlternateNameInformation reports the name itself;</li>
 *   <li>a long name that becomes a valid 8.3 name once upper-cased ({@code readme.txt}) has that upper-cased form,
 *       as NTFS gives lower-case names an upper-case DOS name;</li>
 *   <li>any other name gets a hashed name {@code PPHHHH~H.EXT}: PP the first two characters of the name that are
 *       allowed in short names, upper-cased; H characters (0-9, A-Z) of a 64-bit FNV-1a hash of the exact long
 *       name filling the base name to eight characters around the '~'; EXT the first three allowed characters
 *       after the last '.' (none if the name has no '.', or only a leading one). {@code torture_search.txt} becomes,
 *       say, {@code TO4KZ1~Q.TXT}. Characters outside the 8.3 set become '_', spaces and periods are dropped.</li>
 * </ul>
 * Two long names in one directory can hash to the same short name (about one chance in 60 million for two names
 * with the same first two characters and extension); opening by such a short name then finds the first of them in
 * the order {@code ShareFileSystem.lookup} uses.
 */
public final class ShortNames {
    private static final int BASE_LENGTH = 8;
    private static final int EXTENSION_LENGTH = 3;
    private static final int PREFIX_LENGTH = 2;
    /** [MS-FSCC] 2.1.5.2.1 with the characters FAT short names allow besides letters and digits. */
    private static final String SPECIALS = "$%'-_@~`!(){}^#&";
    private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private ShortNames() {
    }

    /**
     * The short name FileAlternateNameInformation ([MS-FSCC] 2.4.5) reports for {@code longName}: the name itself
     * when it is an upper-case 8.3 name, otherwise its generated short name.
     */
    public static String alternateName(String longName) {
        if (isValid(longName, false)) {
            return longName;
        }
        if (isValid(longName, true)) {
            return WindowsNames.upcase(longName);
        }
        return mangle(longName);
    }

    /**
     * The ShortName a directory listing reports for {@code longName} ([MS-FSCC] 2.4.8 FileBothDirectoryInformation):
     * "" when the long name is itself an upper-case 8.3 name, else {@link #alternateName}.
     */
    public static String separateShortName(String longName) {
        return isValid(longName, false) ? "" : alternateName(longName);
    }

    /**
     * Whether a name a client typed could be a generated short name: a valid 8.3 name (in any case) with a '~'.
     * Only such names are worth looking for among the short names of a directory.
     */
    static boolean couldBeGenerated(String typed) {
        return typed.indexOf('~') >= 0 && isValid(typed, true);
    }

    /** Whether {@code typed} names the file {@code longName} by its short name (compared case-insensitively). */
    static boolean isShortNameOf(String typed, String longName) {
        return WindowsNames.equalsIgnoreCase(typed, alternateName(longName));
    }

    /**
     * [MS-FSCC] 2.1.5.2.1: ASCII only, no space, at most one '.', a base name of 1 to 8 characters and an extension
     * of 1 to 3; the characters are those FAT allows in short names.
     *
     * @param anyCase whether lower-case letters count (they do when matching what a client typed)
     */
    static boolean isValid(String name, boolean anyCase) {
        int dot = name.indexOf('.');
        if (dot != name.lastIndexOf('.')) {
            return false;
        }
        int baseLength = dot < 0 ? name.length() : dot;
        int extensionLength = dot < 0 ? 0 : name.length() - dot - 1;
        if (baseLength < 1 || baseLength > BASE_LENGTH || extensionLength > EXTENSION_LENGTH
                || (dot >= 0 && extensionLength == 0)) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (i != dot && !isAllowed(c, anyCase)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAllowed(char c, boolean anyCase) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || SPECIALS.indexOf(c) >= 0
                || (anyCase && c >= 'a' && c <= 'z');
    }

    private static String mangle(String longName) {
        int dot = longName.lastIndexOf('.');
        boolean hasExtension = dot > 0;
        String prefix = clean(hasExtension ? longName.substring(0, dot) : longName, PREFIX_LENGTH);
        String extension = hasExtension ? clean(longName.substring(dot + 1), EXTENSION_LENGTH) : "";
        String hash = base36(fnv1a(longName));
        int hashedBase = BASE_LENGTH - 2 - prefix.length();      // base characters before "~"
        StringBuilder s = new StringBuilder(12);
        s.append(prefix).append(hash, 0, hashedBase).append('~').append(hash.charAt(hashedBase));
        if (!extension.isEmpty()) {
            s.append('.').append(extension);
        }
        return s.toString();
    }

    /** Up to {@code max} characters of {@code part} turned into short-name characters. */
    private static String clean(String part, int max) {
        StringBuilder s = new StringBuilder(max);
        for (int i = 0; i < part.length() && s.length() < max; i++) {
            char c = part.charAt(i);
            if (c == ' ' || c == '.') {
                continue;
            }
            char upper = c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c;
            s.append(isAllowed(upper, false) ? upper : '_');
        }
        return s.toString();
    }

    /** 64-bit FNV-1a over the UTF-16 code units: a fixed, well-spread function, so short names never change. */
    private static long fnv1a(String s) {
        long h = FNV_OFFSET;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            h = (h ^ (c & 0xFF)) * FNV_PRIME;
            h = (h ^ (c >>> 8)) * FNV_PRIME;
        }
        return h;
    }

    /** 13 base-36 digits of {@code h} (enough for any 64-bit value), least significant first. */
    private static String base36(long h) {
        StringBuilder s = new StringBuilder(13);
        long v = h;
        for (int i = 0; i < 13; i++) {
            s.append(DIGITS.charAt((int) Long.remainderUnsigned(v, 36)));
            v = Long.divideUnsigned(v, 36);
        }
        return s.toString();
    }
}
