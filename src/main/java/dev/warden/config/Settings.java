package dev.warden.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every threshold, limit and timeout Warden uses, by name and with its unit. The defaults live in one commented file,
 * {@code reference.conf} (see docs/configuration.md); users override them with a file of their own or {@code --set}.
 * Unknown keys are refused so that a typo never silently leaves the default in force.
 */
public final class Settings {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|min|h|d)");
    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = values;
    }

    public static Settings reference() {
        try (InputStream in = Settings.class.getResourceAsStream("/dev/warden/reference.conf")) {
            if (in == null) throw new IllegalStateException("reference.conf is missing from the Warden jar");
            return new Settings(read(new java.io.InputStreamReader(in, StandardCharsets.UTF_8), "reference.conf"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read reference.conf: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> read(Reader reader, String origin) throws IOException {
        var p = new Properties();
        p.load(reader);
        var map = new TreeMap<String, String>();
        for (String k : p.stringPropertyNames()) map.put(k, p.getProperty(k).trim());
        return map;
    }

    /** Returns settings with the entries of {@code file} laid over these; every key must already exist. */
    public Settings withFile(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Settings s = this;
            for (var e : read(r, file.toString()).entrySet()) s = s.with(e.getKey(), e.getValue(), file.toString());
            return s;
        } catch (IOException e) {
            throw new SettingsException("cannot read settings file " + file + ": " + IoProblems.reason(e));
        }
    }

    public Settings with(String key, String value) {
        return with(key, value, "--set");
    }

    private Settings with(String key, String value, String origin) {
        if (!values.containsKey(key)) {
            throw new SettingsException(origin + ": unknown setting '" + key + "' (see docs/configuration.md for the list)");
        }
        var copy = new TreeMap<>(values);
        copy.put(key, value.trim());
        return new Settings(copy);
    }

    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }

    private String raw(String key) {
        String v = values.get(key);
        if (v == null) throw new SettingsException("unknown setting '" + key + "'");
        return v;
    }

    public Duration duration(String key) {
        Duration d;
        try {
            d = parseDuration(raw(key));
        } catch (IllegalArgumentException e) {
            throw new SettingsException("setting '" + key + "' = '" + raw(key) + "' is not a duration like 500ms, 3s, 2min or 1h");
        }
        // a window, timeout or gap of 0 (watch.ddos.gap=0s: every packet a burst of its own) turns detection off
        // without a word; a minimum of 0 is no minimum, and a few say 0 for off
        if (key.startsWith("watch.") && d.isZero() && !lastPart(key).startsWith("min") && !ZERO_MEANS_OFF.contains(key)) {
            throw new SettingsException("setting '" + key + "' = '" + raw(key) + "' must be longer than 0");
        }
        return d;
    }

    /** Durations whose 0 is documented as "off": no learning period, no progress lines. */
    private static final java.util.Set<String> ZERO_MEANS_OFF = java.util.Set.of("watch.profile.learn", "watch.capture.stats-interval");

    private static String lastPart(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    /** Parses 500ms, 3s, 2min or 1h. */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) throw new IllegalArgumentException("'" + text + "' is not a duration like 500ms, 3s, 2min, 1h or 7d");
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    public int integer(String key) {
        int v;
        try {
            v = Integer.parseInt(raw(key));
        } catch (NumberFormatException e) {
            throw new SettingsException("setting '" + key + "' = '" + raw(key) + "' is not a whole number");
        }
        // watch's counts and sizes are never negative, and a limit or threshold of 0 (watch.devices.max=0 tracks no
        // device, min-packets=0 makes every device an attacker) would turn detection off without a word
        if (key.startsWith("watch.") && v < 0) throw new SettingsException("setting '" + key + "' = '" + v + "' must not be negative");
        String last = lastPart(key);
        if (key.startsWith("watch.") && v == 0 && (last.startsWith("max") || last.startsWith("min") || last.endsWith("-bytes"))) {
            throw new SettingsException("setting '" + key + "' = '0' must be at least 1");
        }
        return v;
    }

    public double decimal(String key) {
        double v;
        try {
            v = Double.parseDouble(raw(key));
        } catch (NumberFormatException e) {
            throw new SettingsException("setting '" + key + "' = '" + raw(key) + "' is not a number");
        }
        if (!Double.isFinite(v)) throw new SettingsException("setting '" + key + "' = '" + raw(key) + "' is not a finite number");
        if (!key.startsWith("watch.")) return v;
        // as for whole numbers: rates, shares and factors are never negative; a share is at most 1 (min-failed-share
        // 1.5 never matches); a minimum rate or a factor of 0 makes every device an attacker
        String last = lastPart(key);
        if (v < 0) throw new SettingsException("setting '" + key + "' = '" + raw(key) + "' must not be negative");
        if (last.endsWith("share") && v > 1) throw new SettingsException("setting '" + key + "' = '" + raw(key) + "' is a share: at most 1");
        if (v == 0 && (last.startsWith("min") || last.endsWith("factor"))) {
            throw new SettingsException("setting '" + key + "' = '" + raw(key) + "' must be greater than 0");
        }
        return v;
    }

    public boolean flag(String key) {
        String v = raw(key);
        if (!v.equals("true") && !v.equals("false")) {
            throw new SettingsException("setting '" + key + "' = '" + v + "' is not true or false");
        }
        return Boolean.parseBoolean(v);
    }

    public String string(String key) {
        return raw(key);
    }

    public static final class SettingsException extends RuntimeException {
        public SettingsException(String message) {
            super(message);
        }
    }
}
