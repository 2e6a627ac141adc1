package dev.warden.identify;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Maps MAC addresses to the organisation the IEEE registered their 24-bit prefix (MA-L, "OUI") to.
 *
 * <p>Reads either the IEEE {@code oui.txt} listing (lines like {@code 00-00-0C   (hex)\t\tCisco Systems, Inc})
 * or Warden's compact {@code prefix<TAB>organisation} table, plain or gzip. The smaller MA-M and MA-S
 * blocks are not loaded: a MAC inside one reports the owner of the enclosing MA-L block (often
 * "IEEE Registration Authority"), which is good enough to tell a camera from a phone.
 */
public final class OuiRegistry {

    /** What {@link #organisation} answers for an address with the locally-administered bit set. */
    public static final String LOCALLY_ADMINISTERED = "locally administered (randomised)";

    /** Debian's copy of the IEEE listing, from the ieee-data package. */
    public static final Path SYSTEM_FILE = Path.of("/usr/share/ieee-data/oui.txt");

    static final String BUNDLED_RESOURCE = "/dev/warden/identify/oui.tsv.gz";

    private final Map<Integer, String> organisations;
    private final String source;

    private OuiRegistry(Map<Integer, String> organisations, String source) {
        this.organisations = Map.copyOf(organisations);
        this.source = source;
    }

    /**
     * The system listing if this machine has one that reads cleanly (it is usually newer), otherwise the
     * copy bundled with Warden. Never fails: the bundled copy is a complete substitute.
     */
    public static OuiRegistry load() {
        return loadPreferring(SYSTEM_FILE);
    }

    /** {@link #load()} with the system path as a parameter, so the fallback can be tested. */
    static OuiRegistry loadPreferring(Path system) {
        if (Files.isReadable(system)) {
            try {
                return load(system);
            } catch (OuiRegistryException e) {
                // A damaged system copy is no reason to stop a scan; the bundled table answers the same question.
            }
        }
        return bundled();
    }

    /**
     * Loads an IEEE {@code oui.txt} or a {@code prefix<TAB>organisation} table, gzip-compressed or not.
     *
     * @throws OuiRegistryException naming the file, and the line for malformed entries
     */
    public static OuiRegistry load(Path file) throws OuiRegistryException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new OuiRegistryException(file + ": no such file");
        } catch (IOException e) {
            throw new OuiRegistryException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** The table shipped inside Warden (IEEE MA-L listing, see docs/oui.md for its date). Loaded once. */
    public static OuiRegistry bundled() {
        return Bundled.REGISTRY;
    }

    /** Holder so the bundled table is parsed on first use only. */
    private static final class Bundled {
        static final OuiRegistry REGISTRY = loadBundled();

        private static OuiRegistry loadBundled() {
            try (InputStream in = OuiRegistry.class.getResourceAsStream(BUNDLED_RESOURCE)) {
                if (in == null) throw new IllegalStateException("bundled OUI table " + BUNDLED_RESOURCE + " is missing from the jar");
                return parse(in, "bundled " + BUNDLED_RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException("bundled OUI table is unreadable: " + e.getMessage(), e);
            } catch (OuiRegistryException e) {
                // Part of the build: a failure here is a packaging bug, not a user error.
                throw new IllegalStateException("bundled OUI table is broken: " + e.getMessage(), e);
            }
        }
    }

    /**
     * The registrant of the address's prefix; {@link #LOCALLY_ADMINISTERED} for a locally administered
     * (typically randomised) address; empty when the prefix is not registered.
     *
     * @throws MalformedMacException if {@code mac} is not a MAC address
     */
    public Optional<String> organisation(String mac) {
        return organisation(MacAddress.parse(mac));
    }

    /** As {@link #organisation(String)} for an already parsed address. */
    public Optional<String> organisation(MacAddress mac) {
        // Checked before the lookup: a handful of pre-1990 registrations (DEC AA-00-04, 3Com 02-60-8C) have
        // this bit set, but a live address with it is today almost always a privacy-randomised one.
        if (mac.locallyAdministered()) return Optional.of(LOCALLY_ADMINISTERED);
        return Optional.ofNullable(organisations.get(mac.oui()));
    }

    /** Number of registered prefixes. */
    public int size() {
        return organisations.size();
    }

    /** Where the table came from: a file path or the bundled resource. */
    public String source() {
        return source;
    }

    private static OuiRegistry parse(InputStream raw, String name) throws IOException, OuiRegistryException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        InputStream body = gzip ? new GZIPInputStream(in, 1 << 16) : in;
        Map<Integer, String> orgs = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                Entry e = entry(line, name, n);
                if (e != null) orgs.merge(e.prefix(), e.organisation(), OuiRegistry::join);
            }
        }
        if (orgs.isEmpty()) {
            throw new OuiRegistryException(name + ": no OUI entries found; expected IEEE oui.txt lines like"
                + " \"00-00-0C   (hex)\tCisco Systems, Inc\" or \"00000C<TAB>Cisco Systems, Inc\" lines");
        }
        return new OuiRegistry(orgs, name);
    }

    private record Entry(int prefix, String organisation) {
    }

    /** One listing line as an entry, or null for lines that carry none (headers, addresses, comments). */
    private static Entry entry(String line, String name, int n) throws OuiRegistryException {
        if (line.isBlank() || line.startsWith("#")) return null;
        int hex = line.indexOf("(hex)");
        if (hex >= 0 && line.length() > 5 && line.charAt(2) == '-' && line.charAt(5) == '-') {
            // oui.txt: "00-00-0C   (hex)\t\tCisco Systems, Inc"
            String prefix = line.substring(0, hex).strip();
            return checked(prefix, prefix.replace("-", ""), line.substring(hex + "(hex)".length()), line, name, n);
        }
        int tab = line.indexOf('\t');
        // oui.txt's "(base 16)" lines and indented address lines repeat or follow an entry; they add nothing.
        if (tab <= 0 || line.contains("(base 16)") || Character.isWhitespace(line.charAt(0))) return null;
        String prefix = line.substring(0, tab).strip();
        return checked(prefix, prefix, line.substring(tab + 1), line, name, n);
    }

    /** {@code shown} is the prefix as written, for the message; {@code digits} the same without separators. */
    private static Entry checked(String shown, String digits, String org, String line, String name, int n)
            throws OuiRegistryException {
        if (digits.length() != 6 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new OuiRegistryException(name + ": line " + n + ": prefix \"" + shown
                + "\" is not six hex digits in \"" + line.strip() + "\"");
        }
        String clean = clean(org);
        if (clean.isEmpty()) return null;
        return new Entry(Integer.parseInt(digits, 16), clean);
    }

    /** Trims whitespace and the zero-width spaces a few IEEE entries carry. */
    private static String clean(String org) {
        return org.replace("\u200B", "").replace("\uFEFF", "").strip();
    }

    /** Some prefixes were registered to several organisations over the years; all of them are named. */
    private static String join(String existing, String added) {
        for (String part : existing.split(" / ")) {
            if (part.equalsIgnoreCase(added)) return existing;
        }
        return existing + " / " + added;
    }
}
