package dev.warden.login;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The credential pairs tried against each login, most likely first. Built from the Mirai list (weights from the public
 * source), the bundled vendor defaults, and any file the user adds. Files are tab-separated: username, password,
 * optional weight, optional source; '#' starts a comment; a header line starting with "username" is skipped. Duplicate
 * pairs keep their highest weight.
 */
public final class Dictionary {
    private final List<Credential> credentials;

    private Dictionary(List<Credential> credentials) {
        this.credentials = List.copyOf(credentials);
    }

    public static Dictionary bundled() {
        var b = new Builder();
        b.addResource("/dev/warden/credentials/mirai.tsv", "mirai");
        b.addResource("/dev/warden/credentials/vendor-defaults.tsv", "vendor");
        return b.build();
    }

    public static Dictionary of(List<Credential> credentials) {
        var b = new Builder();
        credentials.forEach(b::add);
        return b.build();
    }

    public Dictionary plus(Path file) {
        var b = new Builder();
        credentials.forEach(b::add);
        b.addFile(file);
        return b.build();
    }

    public List<Credential> credentials() {
        return credentials;
    }

    public int size() {
        return credentials.size();
    }

    public static final class Builder {
        private final Map<String, Credential> pairs = new LinkedHashMap<>();

        public Builder add(Credential c) {
            pairs.merge(c.user() + "\u0000" + c.password(), c, (a, b) -> a.weight() >= b.weight() ? a : b);
            return this;
        }

        void addResource(String resource, String source) {
            try (InputStream in = Dictionary.class.getResourceAsStream(resource)) {
                if (in == null) throw new IllegalStateException("bundled dictionary " + resource + " is missing");
                read(new InputStreamReader(in, StandardCharsets.UTF_8), resource, source);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + resource, e);
            }
        }

        public Builder addFile(Path file) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                read(r, file.toString(), file.getFileName().toString());
            } catch (IOException e) {
                throw new DictionaryException("cannot read dictionary " + file + ": " + e.getMessage());
            }
            return this;
        }

        private void read(Reader reader, String origin, String source) throws IOException {
            var in = new BufferedReader(reader);
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.startsWith("#") || line.isBlank() || line.startsWith("username\t")) continue;
                String[] f = line.split("\t", -1);
                if (f.length < 2) throw new DictionaryException(origin + ":" + n + ": expected 'username<TAB>password[<TAB>weight]'");
                int weight = 1;
                if (f.length > 2 && !f[2].isBlank()) {
                    try {
                        weight = Integer.parseInt(f[2].trim());
                    } catch (NumberFormatException e) {
                        throw new DictionaryException(origin + ":" + n + ": weight '" + f[2] + "' is not a whole number");
                    }
                }
                add(new Credential(f[0], f[1], weight, f.length > 3 && !f[3].isBlank() ? f[3] : source));
            }
        }

        public Dictionary build() {
            var list = new ArrayList<>(pairs.values());
            list.sort(Comparator.comparingInt(Credential::weight).reversed());
            return new Dictionary(list);
        }
    }

    public static final class DictionaryException extends RuntimeException {
        public DictionaryException(String message) {
            super(message);
        }
    }
}
