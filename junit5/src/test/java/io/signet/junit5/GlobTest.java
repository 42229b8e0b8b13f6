package io.signet.junit5;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GlobTest {
    @Test
    void starStaysInOneComponentAndDoubleStarCrosses() {
        Glob tmp = new Glob("*.tmp");
        assertTrue(tmp.matches("upload.tmp"));
        assertTrue(tmp.matches("UPLOAD.TMP"), "names on the share ignore case");
        assertFalse(tmp.matches("dir\\upload.tmp"), "* does not cross a separator");
        assertFalse(tmp.matches("upload.tmp.bak"));
        assertFalse(tmp.matches(null), "a request without a path never matches");

        Glob deep = new Glob("locked/**");
        assertTrue(deep.matches("locked\\a.txt"));
        assertTrue(deep.matches("locked/sub/b.txt"));
        assertFalse(deep.matches("lockedout/a.txt"));

        Glob one = new Glob("/a?.txt");
        assertTrue(one.matches("ab.txt"), "a leading separator is ignored");
        assertFalse(one.matches("a/.txt"));
        assertTrue(new Glob("a+b(1).txt").matches("a+b(1).txt"), "regex characters are literal");
    }
}
