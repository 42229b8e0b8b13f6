package io.signet.storage.create;

import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.storage.nt.WindowsNames;
import java.util.HashMap;
import java.util.Map;

/**
 * The name-in-expression test of [MS-FSA] 2.1.4.4 (FsRtlIsNameInExpression), case-insensitive, used to filter
 * QUERY_DIRECTORY results.
 *
 * <p>Wildcards:
 * <ul>
 *   <li>{@code *} matches zero or more characters;</li>
 *   <li>{@code ?} matches exactly one character;</li>
 *   <li>{@code <} (DOS_STAR) matches zero or more characters up to, but not across, the last '.' of the name;</li>
 *   <li>{@code >} (DOS_QM) matches one character, or nothing at a '.' or at the end of the name;</li>
 *   <li>{@code "} (DOS_DOT) matches a '.', or nothing at the end of the name.</li>
 * </ul>
 * "*" and "*.*" match every name (part 1 of the algorithm).
 *
 * <p>The expression is compiled once into bit masks, one bit per expression position, and a name is matched as the
 * set of positions reachable so far, advanced one name character at a time with a few word operations per 64
 * positions (a bit-parallel automaton, no backtracking). An expression is at most {@link #MAX_LENGTH} characters, so a
 * name costs time linear in its length, whatever the expression: a pattern cannot make a directory scan slow.
 */
public final class DosWildcard {
    static final char DOS_STAR = '<';
    static final char DOS_QM = '>';
    static final char DOS_DOT = '"';
    /**
     * The longest expression accepted: a name component of NTFS, and of Linux, is at most 255 characters, and a
     * search expression names one component ([MS-FSCC] 2.1.5.2 limits file name components to 255 characters).
     */
    static final int MAX_LENGTH = 255;

    private final String expression;
    private final boolean matchesAll;
    private final int words;
    /** Positions holding '*' or DOS_STAR: they may be skipped, and loop on any (DOS_STAR: nearly any) character. */
    private final long[] star;
    private final long[] dosStar;
    private final long[] anyChar;   // '?'
    private final long[] dosQm;     // DOS_QM
    private final long[] dosDot;    // DOS_DOT
    /** Positions holding each literal (upcased) character. */
    private final Map<Character, long[]> literals = new HashMap<>();

    /**
     * @throws SmbException STATUS_OBJECT_NAME_INVALID for an expression longer than {@link #MAX_LENGTH}
     */
    public DosWildcard(String expression) {
        if (expression.length() > MAX_LENGTH) {
            throw new SmbException(NtStatus.STATUS_OBJECT_NAME_INVALID,
                    "a search expression of " + expression.length() + " characters");
        }
        this.expression = WindowsNames.upcase(expression);
        this.matchesAll = expression.equals("*") || expression.equals("*.*");
        int n = this.expression.length();
        this.words = n / 64 + 1; // positions 0..n, n being "the whole expression matched"
        star = new long[words];
        dosStar = new long[words];
        anyChar = new long[words];
        dosQm = new long[words];
        dosDot = new long[words];
        for (int p = 0; p < n; p++) {
            char e = this.expression.charAt(p);
            long[] mask = switch (e) {
                case '*' -> star;
                case DOS_STAR -> dosStar;
                case '?' -> anyChar;
                case DOS_QM -> dosQm;
                case DOS_DOT -> dosDot;
                default -> literals.computeIfAbsent(e, c -> new long[words]);
            };
            mask[p >>> 6] |= 1L << p;
        }
    }

    String expression() {
        return expression;
    }

    /** Whether {@code s} contains a wildcard character ([MS-FSA] 2.1.4.3). */
    public static boolean hasWildcards(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == DOS_STAR || c == DOS_QM || c == DOS_DOT) {
                return true;
            }
        }
        return false;
    }

    public boolean matches(String fileName) {
        if (fileName.isEmpty() || expression.isEmpty()) {
            return fileName.isEmpty() && expression.isEmpty();
        }
        if (matchesAll) {
            return true;
        }
        String name = WindowsNames.upcase(fileName);
        int n = expression.length();
        int lastDot = name.lastIndexOf('.');
        long[] current = new long[words];
        long[] next = new long[words];
        long[] skippable = new long[words];
        current[0] = 1L;
        for (int i = 0; ; i++) {
            boolean atEnd = i == name.length();
            char c = atEnd ? 0 : name.charAt(i);
            // Positions passed over without consuming name[i]: '*' and DOS_STAR always; DOS_QM before a '.' or at
            // the end; DOS_DOT at the end.
            for (int w = 0; w < words; w++) {
                skippable[w] = star[w] | dosStar[w] | (atEnd || c == '.' ? dosQm[w] : 0) | (atEnd ? dosDot[w] : 0);
            }
            closeOverSkips(current, skippable);
            if (atEnd) {
                return (current[n >>> 6] & (1L << n)) != 0;
            }
            // DOS_STAR may eat a '.' only if another '.' follows: it stops before the last one.
            boolean dosStarLoops = c != '.' || i < lastDot;
            long[] literal = literals.get(c);
            long carry = 0;
            long any = 0;
            for (int w = 0; w < words; w++) {
                long cur = current[w];
                long advance = cur & (anyChar[w] | (c != '.' ? dosQm[w] : 0) | (c == '.' ? dosDot[w] : 0)
                        | (literal != null ? literal[w] : 0));
                long loop = cur & (star[w] | (dosStarLoops ? dosStar[w] : 0));
                next[w] = loop | (advance << 1) | carry;
                carry = advance >>> 63;
                any |= next[w];
            }
            if (any == 0) {
                return false;
            }
            long[] t = current;
            current = next;
            next = t;
        }
    }

    /**
     * Adds to {@code states} every position reachable by skipping: from a reached skippable position p, p + 1, and on
     * through a run of skippable positions to the first that is not. For each run of ones in {@code skip}, adding
     * the reached bits of the run to the run carries through it from the lowest reached bit to just past its end, so
     * {@code ((states & skip) + skip) ^ skip} holds exactly the newly reachable positions (a multi-word addition).
     */
    private void closeOverSkips(long[] states, long[] skip) {
        long carry = 0;
        for (int w = 0; w < words; w++) {
            long reached = states[w] & skip[w];
            long sum = reached + skip[w];
            long carryOut = Long.compareUnsigned(sum, reached) < 0 ? 1 : 0;
            long withCarry = sum + carry;
            if (carry != 0 && withCarry == 0) {
                carryOut = 1;
            }
            states[w] |= withCarry ^ skip[w];
            carry = carryOut;
        }
    }
}
