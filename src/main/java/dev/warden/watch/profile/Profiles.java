package dev.warden.watch.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The learned profiles of all devices, and how long a device is learned before deviations count ({@code --learn}).
 * Saved as JSON ({@code --profile FILE}): learn on a quiet week, watch with what was learned from then on. A device
 * in a loaded file whose learning period is over is judged at once; one still learning continues until its end.
 */
public final class Profiles {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final int VERSION = 1;

    private final long learnMicros;
    private final Map<String, DeviceProfile> devices = new LinkedHashMap<>();

    public Profiles(long learnMicros) {
        this.learnMicros = learnMicros;
    }

    /** No learning, no profiles: the learned-profile detector stays silent. */
    public static Profiles empty() {
        return new Profiles(0);
    }

    public long learnMicros() {
        return learnMicros;
    }

    /** Whether anything can be judged: a learning period, or profiles loaded from a file. */
    public boolean active() {
        return learnMicros > 0 || !devices.isEmpty();
    }

    public DeviceProfile get(String key) {
        return devices.get(key);
    }

    /** Starts learning a device first seen at {@code from}; null when there is no learning period. */
    public DeviceProfile start(String key, String ip, long from) {
        if (learnMicros <= 0) return null;
        var p = new DeviceProfile(key, ip, from, from + learnMicros);
        devices.put(key, p);
        return p;
    }

    public Collection<DeviceProfile> all() {
        return devices.values();
    }

    // ---- file ----------------------------------------------------------------------------------------------------

    /**
     * Reads a profile file written by {@link #save}; a missing file gives empty profiles (the first run learns).
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static Profiles load(Path file, long learnMicros) {
        var p = new Profiles(learnMicros);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            return p;
        } catch (IOException e) {
            throw new IllegalArgumentException("profile file " + file + " is not readable JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || root.path("version").asInt(-1) != VERSION || !root.path("devices").isArray()) {
            throw new IllegalArgumentException("profile file " + file + " is not a Warden profile (version " + VERSION + ")");
        }
        for (JsonNode d : root.path("devices")) {
            try {
                var dp = new DeviceProfile(text(d, "key"), d.path("ip").asText(null), time(d, "learnedFrom"), time(d, "learnedUntil"));
                d.path("services").forEach(n -> dp.services.add(n.asText()));
                d.path("destinations").forEach(n -> dp.destinations.add(n.asText()));
                d.path("names").forEach(n -> dp.names.add(n.asText()));
                dp.flows = d.path("flows").asLong();
                dp.peakHourlyFlows = d.path("peakHourlyFlows").asLong();
                dp.peakHourlyBytes = d.path("peakHourlyBytes").asLong();
                dp.destinationsSaturated = d.path("destinationsSaturated").asBoolean();
                p.devices.put(dp.key, dp);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("profile file " + file + ": " + e.getMessage());
            }
        }
        return p;
    }

    private static String text(JsonNode n, String field) {
        if (!n.path(field).isTextual()) throw new IllegalArgumentException("a device without '" + field + "'");
        return n.path(field).asText();
    }

    private static long time(JsonNode n, String field) {
        try {
            Instant t = Instant.parse(text(n, field));
            return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + field + "' is not an ISO 8601 time");
        }
    }

    private static String iso(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L).toString();
    }

    public void save(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        root.put("comment", "Warden learned device profiles (warden watch --profile); see docs/detectors/learned-profile.md");
        ArrayNode list = root.putArray("devices");
        for (DeviceProfile d : devices.values()) {
            ObjectNode o = list.addObject();
            o.put("key", d.key);
            if (d.ip != null) o.put("ip", d.ip);
            o.put("learnedFrom", iso(d.learnedFrom));
            o.put("learnedUntil", iso(d.learnedUntil));
            o.put("flows", d.flows);
            o.put("peakHourlyFlows", d.peakHourlyFlows);
            o.put("peakHourlyBytes", d.peakHourlyBytes);
            if (d.destinationsSaturated) o.put("destinationsSaturated", true);
            d.services.forEach(o.putArray("services")::add);
            d.destinations.forEach(o.putArray("destinations")::add);
            d.names.forEach(o.putArray("names")::add);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, JSON.writeValueAsString(root) + "\n");
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
