package dev.warden.label;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** The one-page human form of a label: what the device is, its grade, each provision's verdict, and what to do. */
public final class LabelText {
    private static final int WIDTH = 96;

    private LabelText() {}

    public static String render(JsonNode label) {
        var sb = new StringBuilder();
        JsonNode d = label.path("device");
        String rule = "=".repeat(WIDTH) + "\n";
        sb.append(rule);
        sb.append(String.format("WARDEN SECURITY LABEL    grade %s    %s%n", label.path("grade").asText(), label.path("issuedAt").asText()));
        sb.append(rule);
        String identity = join(d.path("manufacturer").asText(null), d.path("model").asText(null));
        sb.append("Device    ").append(d.path("ip").asText()).append(d.has("mac") ? "  " + d.path("mac").asText() : "")
                .append(d.has("macVendor") ? " (" + d.path("macVendor").asText() + ")" : "").append('\n');
        sb.append("Identity  ").append(identity.isEmpty() ? "unidentified" : identity)
                .append(d.has("firmware") ? ", firmware " + d.path("firmware").asText() : "").append('\n');
        var svc = new ArrayList<String>();
        for (JsonNode s : label.path("services")) svc.add(s.path("protocol").asText() + "/" + s.path("port").asText());
        sb.append("Services  ").append(String.join(" ", svc)).append("\n\n");
        sb.append(String.format("%-20s %-15s %-11s %s%n", "BASELINE", "PROVISION", "VERDICT", "EVIDENCE"));
        for (JsonNode v : label.path("verdicts")) {
            sb.append(String.format("%-20s %-15s %-11s %s%n", v.path("baseline").asText(), v.path("provision").asText(),
                    v.path("verdict").asText().toUpperCase(), clip(v.path("evidence").asText(), WIDTH - 49)));
        }
        var steps = new ArrayList<String>();
        for (JsonNode f : label.path("findings")) {
            String step = f.path("remediation").asText();
            if (!steps.contains(step)) steps.add(step);
        }
        if (!steps.isEmpty()) {
            sb.append("\nWHAT TO DO\n");
            int i = 1;
            for (String s : steps) sb.append(wrap(i++ + ". " + s, WIDTH, "   "));
        }
        sb.append('\n').append("Signed with Ed25519 by key ").append(label.path("issuer").path("keyId").asText())
                .append("; check with: warden label verify FILE\n");
        sb.append(rule);
        return sb.toString();
    }

    private static String join(String a, String b) {
        return List.of(a == null ? "" : a, b == null ? "" : b).stream().filter(s -> !s.isEmpty()).reduce((x, y) -> x + " " + y).orElse("");
    }

    static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 3) + "...";
    }

    static String wrap(String s, int width, String indent) {
        var sb = new StringBuilder();
        var line = new StringBuilder();
        for (String w : s.split(" ")) {
            if (line.length() + w.length() + 1 > width && !line.isEmpty()) {
                sb.append(line).append('\n');
                line = new StringBuilder(indent);
            }
            if (!line.isEmpty() && !line.toString().equals(indent)) line.append(' ');
            line.append(w);
        }
        return sb.append(line).append('\n').toString();
    }
}
