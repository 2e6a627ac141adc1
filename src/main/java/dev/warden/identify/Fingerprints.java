package dev.warden.identify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.probe.Service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Data-driven device identification (docs/fingerprints.md). Each rule names a maker and model and lists conditions on
 * what the services said (a protocol, a fact such as http.server, or the banner, matched by a regular expression); the
 * rule with most conditions met wins. A rule may pull the firmware version out of a banner and build the CPE name
 * from it; without a version there is no CPE, so no vulnerability is ever matched on a guess.
 */
public final class Fingerprints {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Rule> rules;

    record Condition(String protocol, String field, Pattern pattern) {
        boolean matches(Service s) {
            if (protocol != null && !protocol.equals(s.protocol())) return false;
            String value = value(s, field);
            return value != null && pattern.matcher(value).find();
        }
    }

    record Rule(String id, String manufacturer, String model, String type, List<Condition> match, String firmwareField,
                Pattern firmwarePattern, String firmware, String cpe, LoginForm form) {}

    private Fingerprints(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static Fingerprints bundled() {
        try (InputStream in = Fingerprints.class.getResourceAsStream("/dev/warden/identify/fingerprints.json")) {
            if (in == null) throw new IllegalStateException("bundled fingerprints.json is missing");
            return new Fingerprints(parse(JSON.readTree(in), "bundled fingerprints.json"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read bundled fingerprints", e);
        }
    }

    /** The user's rules are tried before the bundled ones, so they can override them. */
    public Fingerprints plus(Path file) {
        try {
            var mine = new ArrayList<>(parse(JSON.readTree(Files.readString(file)), file.toString()));
            mine.addAll(rules);
            return new Fingerprints(mine);
        } catch (JsonProcessingException e) {
            throw new FingerprintException(file + ": not valid JSON at line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new FingerprintException("cannot read fingerprint file " + file + ": " + e.getMessage());
        }
    }

    public int size() {
        return rules.size();
    }

    static List<Rule> parse(JsonNode root, String origin) {
        if (!root.isArray()) throw new FingerprintException(origin + ": expected a JSON array of rules");
        var out = new ArrayList<Rule>();
        int i = 0;
        for (JsonNode n : root) {
            String where = origin + " rule " + i++;
            String id = text(n, "id", where, true);
            var conditions = new ArrayList<Condition>();
            JsonNode match = n.get("match");
            if (match == null || !match.isArray() || match.isEmpty()) throw new FingerprintException(where + " (" + id + "): 'match' needs at least one condition");
            for (JsonNode c : match) {
                conditions.add(new Condition(text(c, "protocol", where, false), text(c, "field", where, true), regex(text(c, "pattern", where, true), where)));
            }
            JsonNode fw = n.get("firmware");
            String fwField = null, fwFixed = null;
            Pattern fwPattern = null;
            if (fw != null && fw.isObject()) {
                fwField = text(fw, "field", where, true);
                fwPattern = regex(text(fw, "pattern", where, true), where);
                if (!fwPattern.pattern().contains("(?<version>")) throw new FingerprintException(where + ": firmware pattern needs a (?<version>...) group");
            } else if (fw != null) {
                fwFixed = fw.asText();
            }
            LoginForm form = null;
            JsonNode f = n.get("form");
            if (f != null) {
                form = new LoginForm(text(f, "path", where, true), text(f, "user", where, true), text(f, "password", where, true),
                        f.path("extra").asText(""), regex(text(f, "success", where, true), where), regex(text(f, "failure", where, true), where));
            }
            out.add(new Rule(id, text(n, "manufacturer", where, true), text(n, "model", where, false), text(n, "type", where, false),
                    conditions, fwField, fwPattern, fwFixed, text(n, "cpe", where, false), form));
        }
        return out;
    }

    private static String text(JsonNode n, String field, String where, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) throw new FingerprintException(where + ": missing '" + field + "'");
            return null;
        }
        return v.asText();
    }

    private static Pattern regex(String p, String where) {
        try {
            return Pattern.compile(p);
        } catch (PatternSyntaxException e) {
            throw new FingerprintException(where + ": bad regular expression '" + p + "': " + e.getDescription());
        }
    }

    static String value(Service s, String field) {
        return field.equals("banner") ? s.banner() : s.fact(field);
    }

    public Identity identify(List<Service> services) {
        Rule best = null;
        int bestScore = 0;
        for (Rule r : rules) {
            int score = 0;
            for (Condition c : r.match()) {
                if (services.stream().noneMatch(c::matches)) {
                    score = -1;
                    break;
                }
                score++;
            }
            if (score > bestScore) {
                best = r;
                bestScore = score;
            }
        }
        if (best == null) return fromUpnp(services);
        String firmware = best.firmware();
        String fwEvidence = "";
        if (best.firmwarePattern() != null) {
            for (Service s : services) {
                String v = value(s, best.firmwareField());
                if (v == null) continue;
                Matcher m = best.firmwarePattern().matcher(v);
                if (m.find()) {
                    firmware = m.group("version");
                    fwEvidence = "; firmware from " + best.firmwareField() + " \"" + v + "\"";
                    break;
                }
            }
        }
        String cpe = best.cpe();
        if (cpe != null && cpe.contains("{version}")) cpe = firmware == null ? null : cpe.replace("{version}", cpe23Escape(firmware));
        String evidence = "fingerprint " + best.id() + " matched " + bestScore + " condition(s)" + fwEvidence;
        return new Identity(best.manufacturer(), best.model(), firmware, cpe, best.type(), best.id(), evidence, best.form());
    }

    private static Identity fromUpnp(List<Service> services) {
        for (Service s : services) {
            String maker = s.fact("upnp.manufacturer");
            if (maker != null) {
                return new Identity(maker, s.fact("upnp.model"), s.fact("upnp.model-number"), null,
                        s.fact("upnp.device-type"), "upnp-description", "UPnP device description from " + s.endpoint(), null);
            }
        }
        return Identity.UNKNOWN;
    }

    static String cpe23Escape(String v) {
        return v.toLowerCase(Locale.ROOT).replaceAll("([^a-z0-9._-])", "\\\\$1");
    }

    public static final class FingerprintException extends RuntimeException {
        public FingerprintException(String message) {
            super(message);
        }
    }
}
