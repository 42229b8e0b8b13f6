package io.signet.interop.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrometheusTextTest {
    private static final String GOOD = """
            # HELP c_total A counter
            # TYPE c counter
            c_total{command="READ"} 3.0
            c_total{command="a \\"quoted\\\\ \\nvalue\\"",x="y"} 1
            # TYPE h histogram
            h_bucket{le="0.5"} 1
            h_bucket{le="+Inf"} 2 1700000000000
            h_count 2
            h_sum 0.75
            # TYPE g gauge
            g NaN
            """;

    @Test
    void readsSeriesWithTheirLabelsUnescaped() {
        PrometheusText t = PrometheusText.parse(GOOD);
        assertEquals(3.0, t.value("c_total", "command", "READ"));
        assertEquals(1.0, t.value("c_total", "x", "y", "command", "a \"quoted\\ \nvalue\""));
        assertEquals(2.0, t.value("h_bucket", "le", "+Inf"));
        assertEquals(0.75, t.value("h_sum"));
        assertEquals(Map.of("[le=+Inf]", 2.0, "[le=0.5]", 1.0), t.series("h_bucket"));
        assertEquals("histogram", t.type("h"));
        assertEquals(0.0, t.valueOrZero("c_total", "command", "WRITE"));
        assertThrows(AssertionError.class, () -> t.value("c_total", "command", "WRITE"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "c_total 1\n",                                   // no TYPE
        "# TYPE c counter\nc 1\n",                       // a counter's sample without _total
        "# TYPE g gauge\ng{a=\"1\"} 1\ng{a=\"1\"} 2\n",  // the same series twice
        "# TYPE g gauge\ng{a=1} 1\n",                    // unquoted label value
        "# TYPE g gauge\ng{a=\"\\t\"} 1\n",              // unknown escape
        "# TYPE g gauge\ng one\n",                       // not a number
        "# TYPE g gauge\ng 1 2 3\n",                     // more than value and timestamp
        "# TYPE g gauge\n# TYPE g gauge\n",              // typed twice
        "# comment\n",                                   // neither HELP nor TYPE
        "# TYPE g gauge\ng 1",                           // no final line feed
    })
    void refusesWhatIsNotTheTextFormat(String text) {
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse(text));
    }
}
