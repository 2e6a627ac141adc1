package dev.warden.watch;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Golden files of {@code warden watch}: output compared with {@code src/test/resources/golden/NAME}. The actual output
 * is always written to {@code target/golden-actual/NAME} for diffing. Regenerate after an intended change with
 * {@code mvn test -Dtest='dev.warden.watch.**' -Dgolden.update=true}.
 */
public final class Golden {
    private Golden() {}

    public static void check(String name, String actual) throws Exception {
        String header = "# Golden file of warden watch (" + name + "): do not edit; regenerate with -Dgolden.update=true\n";
        Path file = Path.of("src/test/resources/golden", name);
        Path out = Path.of("target/golden-actual", name);
        Files.createDirectories(out.getParent());
        Files.writeString(out, header + actual);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, header + actual);
        }
        String expected = Files.readString(file);
        assertEquals(expected.substring(expected.indexOf('\n') + 1), actual, "golden file " + file + " differs (actual: " + out + ")");
    }
}
