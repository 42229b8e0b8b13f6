package io.signet.storage.create;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShortNamesTest {
    @Test
    void anUpperCaseEightDotThreeNameIsItsOwnShortName() {
        for (String name : new String[]{"BUFSIZE.TXT", "A", "README", "X_1$~.C", "12345678.123"}) {
            assertEquals(name, ShortNames.alternateName(name), name);
            assertEquals("", ShortNames.separateShortName(name), name);
        }
    }

    @Test
    void aLowerCaseEightDotThreeNameGetsItsUpperCaseForm() {
        assertEquals("BUFSIZE.TXT", ShortNames.alternateName("bufsize.txt"));
        assertEquals("BUFSIZE.TXT", ShortNames.separateShortName("bufsize.txt"));
        assertEquals("READ.ME", ShortNames.alternateName("Read.Me"));
    }

    @Test
    void otherNamesGetAHashedShortName() {
        String s = ShortNames.alternateName("torture_search.txt");
        assertTrue(s.matches("TO[0-9A-Z]{4}~[0-9A-Z]\\.TXT"), s);
        assertEquals(s, ShortNames.separateShortName("torture_search.txt"));
        assertTrue(ShortNames.isValid(s, false), "a generated name is itself a valid 8.3 name: " + s);
        // The extension comes after the last '.', three characters at most; spaces and periods are dropped.
        assertTrue(ShortNames.alternateName("my file.tar.gz").matches("MY[0-9A-Z]{4}~[0-9A-Z]\\.GZ"));
        assertTrue(ShortNames.alternateName("report.draft").matches("RE[0-9A-Z]{4}~[0-9A-Z]\\.DRA"));
        // Characters outside the short-name set become '_'; a leading '.' starts no extension.
        assertTrue(ShortNames.alternateName("a+b").matches("A_[0-9A-Z]{4}~[0-9A-Z]"));
        assertTrue(ShortNames.alternateName(".profile").matches("PR[0-9A-Z]{4}~[0-9A-Z]"));
        assertTrue(ShortNames.alternateName("é.txt").matches("_[0-9A-Z]{5}~[0-9A-Z]\\.TXT"));
        assertTrue(ShortNames.alternateName("...").matches("[0-9A-Z]{6}~[0-9A-Z]"));
    }

    @Test
    void shortNamesAreStableAndDependOnTheExactLongName() {
        // Fixed values: a short name must not change between runs or versions (clients may have stored it).
        assertEquals(ShortNames.alternateName("torture_search.txt"), ShortNames.alternateName("torture_search.txt"));
        assertEquals("LO08NR~E.TXT", ShortNames.alternateName("long_file_name.txt"));
        assertNotEquals(ShortNames.alternateName("Long_File_Name.txt"), ShortNames.alternateName("long_file_name.txt"));
        assertNotEquals(ShortNames.alternateName("long_file_name1.txt"),
                ShortNames.alternateName("long_file_name2.txt"));
    }

    @Test
    void eightDotThreeRulesOfMsFscc() {
        assertFalse(ShortNames.isValid("ABCDEFGHI", true), "base over 8");
        assertFalse(ShortNames.isValid("A.BCDE", true), "extension over 3");
        assertFalse(ShortNames.isValid("A.B.C", true), "two periods");
        assertFalse(ShortNames.isValid(".AB", true), "empty base");
        assertFalse(ShortNames.isValid("AB.", true), "empty extension");
        assertFalse(ShortNames.isValid("A B", true), "space");
        assertFalse(ShortNames.isValid("A+B", true), "FAT forbids + , ; = [ ]");
        assertFalse(ShortNames.isValid("É", true), "not ASCII");
        assertFalse(ShortNames.isValid("abc", false), "lower case is not an upper-case 8.3 name");
        assertTrue(ShortNames.isValid("abc", true));
    }

    @Test
    void onlyNamesWithATildeAreLookedUpAsShortNames() {
        assertTrue(ShortNames.couldBeGenerated("lo08nr~e.txt"));
        assertFalse(ShortNames.couldBeGenerated("LO08NRXE.TXT"));
        assertFalse(ShortNames.couldBeGenerated("long~name.txt"), "not an 8.3 name");
        assertTrue(ShortNames.isShortNameOf("lo08nr~e.txt", "long_file_name.txt"), "case-insensitive");
        assertFalse(ShortNames.isShortNameOf("LO08NR~F.TXT", "long_file_name.txt"));
    }
}
