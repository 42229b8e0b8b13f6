package io.signet.storage.create;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** [MS-FSA] 2.1.4.4 cases; '<' is DOS_STAR, '>' DOS_QM and '"' (written '' here) DOS_DOT. */
class DosWildcardTest {
    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "*        | anything        | true",
            "*.*      | noextension     | true",
            "*.txt    | A.TXT           | true",
            "*.txt    | a.txt.bak       | false",
            "?        | a               | true",
            "?        | ab              | false",
            "a?c      | abc             | true",
            "a?c      | ac              | false",
            "*a       | bca             | true",
            "*a       | bac             | false",
            "*ab      | aab             | true",
            "*ab*ab   | xabyab          | true",
            "*ab*ab   | xabyb           | false",
            "*.       | abc             | false",
            ">        | a               | true",
            ">>>      | a               | true",
            "a>>>.txt | a.txt           | true",
            "a>>>.txt | abcd.txt        | true",
            "a>>>.txt | abcde.txt       | false",
            "<.txt    | a.b.txt         | true",
            "<.txt    | a.txt           | true",
            "<.txt    | atxt            | false",
            "<        | ab              | true",
            "<        | a.b             | false",
            "<.<      | a.b.c           | true",
            "`a\"`    | a               | true",
            "`a\"`    | a.              | true",
            "`a\"b`   | a.b             | true",
            "`a\"b`   | ab              | false",
            "`<\"*`   | a.b.c           | true",
            "ABC      | abc             | true",
            "\u00e9t\u00e9 | \u00c9T\u00c9 | true",
    })
    void matches(String expression, String name, boolean expected) {
        assertEquals(expected, new DosWildcard(expression).matches(name));
    }

    @Test
    void emptyStrings() {
        assertTrue(new DosWildcard("").matches(""));
        assertFalse(new DosWildcard("").matches("a"));
        assertFalse(new DosWildcard("*").matches(""), "'*' does not match an empty name");
        assertFalse(new DosWildcard("a").matches(""));
    }

    @Test
    void wildcardDetection() {
        assertFalse(DosWildcard.hasWildcards("plain.txt"));
        for (String s : new String[]{"*", "?", "<", ">", "\""}) {
            assertTrue(DosWildcard.hasWildcards("x" + s), s);
        }
    }

    @Test
    void longNamesDoNotBacktrackExponentially() {
        String name = "a".repeat(200) + "b";
        long start = System.nanoTime();
        assertFalse(new DosWildcard("*a*a*a*a*a*a*a*a*a*a*c").matches(name));
        assertTrue((System.nanoTime() - start) < 1_000_000_000L, "matching is polynomial");
    }

    /** The bit-parallel matcher answers as the plain automaton does, across word boundaries of its bit sets too. */
    @Test
    void agreesWithThePlainAutomaton() {
        java.util.Random random = new java.util.Random(7);
        String expressionChars = "ab.*?<>\"";
        String nameChars = "ab.";
        for (int round = 0; round < 20_000; round++) {
            int length = random.nextInt(4) == 0 ? 60 + random.nextInt(80) : random.nextInt(10);
            StringBuilder e = new StringBuilder();
            for (int i = 0; i < length; i++) {
                e.append(expressionChars.charAt(random.nextInt(expressionChars.length())));
            }
            StringBuilder n = new StringBuilder();
            int nameLength = random.nextInt(length + 4);
            for (int i = 0; i < nameLength; i++) {
                n.append(nameChars.charAt(random.nextInt(nameChars.length())));
            }
            String expression = e.toString();
            String name = n.toString();
            assertEquals(new DosWildcardReference(expression).matches(name), new DosWildcard(expression).matches(name),
                    expression + " ~ " + name);
        }
    }

    @Test
    void runsOfSkippablePositionsAcrossWordsReachTheEnd() {
        assertTrue(new DosWildcard("a" + "*".repeat(200) + "b").matches("ab"));
        assertTrue(new DosWildcard("?".repeat(63) + "<".repeat(3) + ">".repeat(70)).matches("x".repeat(63)));
        assertFalse(new DosWildcard("?".repeat(130)).matches("x".repeat(129)));
        assertTrue(new DosWildcard("?".repeat(130)).matches("x".repeat(130)));
    }

    /** An expression names one component: 255 characters at most; a longer one is refused before any scan. */
    @Test
    void expressionsLongerThanAComponentAreRefused() {
        assertTrue(new DosWildcard("*".repeat(DosWildcard.MAX_LENGTH)).matches("anything"));
        io.signet.protocol.status.SmbException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.signet.protocol.status.SmbException.class,
                () -> new DosWildcard("a".repeat(32_000)));
        assertEquals(io.signet.protocol.status.NtStatus.STATUS_OBJECT_NAME_INVALID, e.status());
    }
}
