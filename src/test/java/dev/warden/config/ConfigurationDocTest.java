package dev.warden.config;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/configuration.md lists every setting of reference.conf with its default, and nothing that is not one. */
class ConfigurationDocTest {
    @Test
    void everySettingIsDocumentedWithItsDefault() throws Exception {
        var conf = new LinkedHashMap<String, String>();
        try (var in = Settings.class.getResourceAsStream("/dev/warden/reference.conf")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                int eq = line.indexOf('=');
                conf.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        Map<String, String> doc = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("docs/configuration.md"), StandardCharsets.UTF_8)) {
            String[] cells = line.split("\\|");
            if (cells.length < 4) continue;
            String key = cells[1].strip().replace("`", "");
            if (key.matches("(audit|watch|serve|report|ledger|store)\\.[a-z0-9.-]+")) doc.put(key, cells[2].strip().replace("`", ""));
        }
        List<String> wrong = new ArrayList<>();
        conf.forEach((k, v) -> {
            if (!doc.containsKey(k)) wrong.add(k + " is not in docs/configuration.md");
            else if (!doc.get(k).equals(v)) wrong.add(k + ": reference.conf says " + v + ", the doc " + doc.get(k));
        });
        doc.keySet().stream().filter(k -> !conf.containsKey(k)).forEach(k -> wrong.add(k + " is documented but is no setting"));
        assertEquals(List.of(), wrong);
        assertTrue(conf.size() > 100, "read " + conf.size() + " settings");
    }
}
