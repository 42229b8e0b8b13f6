package io.signet.interop.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4: every line is a {@code # HELP}, a {@code # TYPE} or
 * a sample; each sample belongs to a family whose TYPE came before it (see {@link #familyOf}); label values are
 * unescaped; a family is typed and described once and a series appears once. Anything else fails the read, so a malformed scrape fails the test that reads it.
 */
public final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");

    private final Map<String, String> types;
    private final Map<String, Double> samples;

    private PrometheusText(Map<String, String> types, Map<String, Double> samples) {
        this.types = types;
        this.samples = samples;
    }

    public static PrometheusText parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition does not end with a line feed");
        }
        Map<String, String> types = new HashMap<>();
        Map<String, String> helps = new HashMap<>();
        Map<String, Double> samples = new LinkedHashMap<>();
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            String where = "line " + lineNo + " '" + line + "': ";
            if (line.startsWith("#")) {
                Matcher t = TYPE.matcher(line);
                Matcher h = HELP.matcher(line);
                if (t.matches()) {
                    if (types.put(t.group(1), t.group(2)) != null) {
                        throw new IllegalArgumentException(where + "a second TYPE");
                    }
                } else if (h.matches()) {
                    if (helps.put(h.group(1), h.group(2)) != null) {
                        throw new IllegalArgumentException(where + "a second HELP");
                    }
                } else {
                    throw new IllegalArgumentException(where + "neither HELP nor TYPE");
                }
                continue;
            }
            Sample s = sample(line, where);
            String family = familyOf(s.name, types);
            if (family == null) {
                throw new IllegalArgumentException(where + "no TYPE before it for " + s.name);
            }
            if (samples.put(key(s.name, s.labels), s.value) != null) {
                throw new IllegalArgumentException(where + "the series appears twice");
            }
        }
        return new PrometheusText(types, samples);
    }

    private record Sample(String name, Map<String, String> labels, double value) {
    }

    private static Sample sample(String line, String where) {
        Matcher name = NAME.matcher(line);
        if (!name.lookingAt()) {
            throw new IllegalArgumentException(where + "no metric name");
        }
        int i = name.end();
        Map<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                Matcher ln = LABEL_NAME.matcher(line).region(i, line.length());
                if (!ln.lookingAt() || line.charAt(ln.end()) != '=' || line.charAt(ln.end() + 1) != '"') {
                    throw new IllegalArgumentException(where + "bad label at " + i);
                }
                i = ln.end() + 2;
                StringBuilder value = new StringBuilder();
                while (line.charAt(i) != '"') {
                    char c = line.charAt(i++);
                    if (c == '\\') {
                        char e = line.charAt(i++);
                        switch (e) {
                            case '\\' -> value.append('\\');
                            case '"' -> value.append('"');
                            case 'n' -> value.append('\n');
                            default -> throw new IllegalArgumentException(where + "bad escape \\" + e);
                        }
                    } else {
                        value.append(c);
                    }
                }
                i++;
                if (labels.put(ln.group(), value.toString()) != null) {
                    throw new IllegalArgumentException(where + "label " + ln.group() + " twice");
                }
                if (line.charAt(i) == ',') {
                    i++;
                } else if (line.charAt(i) != '}') {
                    throw new IllegalArgumentException(where + "expected ',' or '}' at " + i);
                }
            }
            i++;
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw new IllegalArgumentException(where + "no space before the value");
        }
        String[] rest = line.substring(i + 1).split(" ", -1);
        if (rest.length > 2) {
            throw new IllegalArgumentException(where + "more than a value and a timestamp");
        }
        if (rest.length == 2) {
            Long.parseLong(rest[1]);
        }
        return new Sample(name.group(), labels, value(rest[0], where));
    }

    private static double value(String s, String where) {
        return switch (s) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + "value '" + s + "' is not a number");
                }
            }
        };
    }

    /**
     * The family a sample name belongs to, given the TYPE lines so far; null when none. A counter's samples end in
     * {@code _total}, whether its TYPE line names the family with the suffix or without; a histogram's are its
     * {@code _bucket}, {@code _count} and {@code _sum}.
     */
    private static String familyOf(String name, Map<String, String> types) {
        String type = types.get(name);
        if (type != null) {
            return switch (type) {
                case "gauge", "untyped" -> name;
                case "counter" -> name.endsWith("_total") ? name : null;
                default -> null;
            };
        }
        for (String suffix : List.of("_total", "_bucket", "_count", "_sum", "_created")) {
            if (name.endsWith(suffix)) {
                String family = name.substring(0, name.length() - suffix.length());
                String t = types.get(family);
                boolean fits = switch (suffix) {
                    case "_total" -> "counter".equals(t);
                    case "_bucket" -> "histogram".equals(t);
                    case "_count", "_sum" -> "histogram".equals(t) || "summary".equals(t);
                    default -> t != null;
                };
                if (fits) {
                    return family;
                }
            }
        }
        return null;
    }

    private static String key(String name, Map<String, String> labels) {
        StringBuilder sb = new StringBuilder(name);
        if (!labels.isEmpty()) {
            List<String> pairs = new ArrayList<>();
            new TreeMap<>(labels).forEach((k, v) -> pairs.add(k + "=" + v));
            sb.append(pairs);
        }
        return sb.toString();
    }

    /** The TYPE of a family. */
    public String type(String family) {
        return types.get(family);
    }

    /**
     * The value of the series {@code name} with exactly the labels {@code labelPairs} (name, value, name, value...).
     *
     * @throws AssertionError when the scrape has no such series
     */
    public double value(String name, String... labelPairs) {
        Double v = samples.get(key(name, labels(labelPairs)));
        if (v == null) {
            throw new AssertionError("no series " + key(name, labels(labelPairs)) + " in the scrape");
        }
        return v;
    }

    /** As {@link #value}, 0 when the series is absent (a labelled counter not yet incremented is not listed). */
    public double valueOrZero(String name, String... labelPairs) {
        return samples.getOrDefault(key(name, labels(labelPairs)), 0.0);
    }

    /** Every series of {@code name}, keyed by its labels as "[k=v, ...]" ("" without labels). */
    public Map<String, Double> series(String name) {
        Map<String, Double> out = new TreeMap<>();
        samples.forEach((k, v) -> {
            if (k.equals(name) || k.startsWith(name + "[")) {
                out.put(k.substring(name.length()), v);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, String> labels(String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("label names and values come in pairs");
        }
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
