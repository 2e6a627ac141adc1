package dev.warden.cve;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * An offline set of CVEs with the CPE criteria NVD attached to them, indexed by vendor and product so
 * that looking up one device costs a map access plus a handful of version comparisons.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class CveFeed {

    static final String BUNDLED_RESOURCE = "/dev/warden/cve/iot-cves.json";

    private final Map<String, FeedEntry> byId;
    private final Map<String, List<Indexed>> byVendorProduct;
    private final int skipped;
    private final List<String> skipReasons;

    /** A criterion together with the entry it came from, as stored in the index. */
    private record Indexed(FeedEntry entry, CpeCriterion criterion) {
    }

    private CveFeed(Map<String, FeedEntry> byId, int skipped, List<String> skipReasons) {
        this.byId = byId;
        this.skipped = skipped;
        this.skipReasons = List.copyOf(skipReasons);
        Map<String, List<Indexed>> index = new HashMap<>();
        for (FeedEntry e : byId.values()) {
            for (CpeCriterion c : e.criteria()) {
                index.computeIfAbsent(c.name().vendorProduct(), k -> new ArrayList<>()).add(new Indexed(e, c));
            }
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        this.byVendorProduct = Map.copyOf(index);
    }

    /**
     * Loads an NVD CVE JSON 2.0 file: an API response or a yearly feed, plain or gzip-compressed
     * (detected from the content, so the file name does not matter).
     *
     * @throws CveFeedException naming the file, and for bad JSON the line and column
     */
    public static CveFeed load(Path file) throws CveFeedException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = maybeGunzip(new BufferedInputStream(raw, 1 << 16))) {
            return from(NvdFeedReader.read(in, file.toString()));
        } catch (NoSuchFileException e) {
            throw new CveFeedException(file + ": no such file");
        } catch (IOException e) {
            throw new CveFeedException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The small feed shipped inside Warden: real IoT CVEs relevant to Mirai-class cameras, DVRs and
     * routers (see docs/cve-feed.md). Loaded once and shared.
     */
    public static CveFeed bundled() {
        return Bundled.FEED;
    }

    /** Holder so the bundled feed is parsed on first use only, and exactly once. */
    private static final class Bundled {
        static final CveFeed FEED = loadBundled();

        private static CveFeed loadBundled() {
            try (InputStream in = CveFeed.class.getResourceAsStream(BUNDLED_RESOURCE)) {
                if (in == null) throw new IllegalStateException("bundled CVE feed " + BUNDLED_RESOURCE + " is missing from the jar");
                return from(NvdFeedReader.read(new BufferedInputStream(in), "bundled " + BUNDLED_RESOURCE));
            } catch (IOException | CveFeedException e) {
                // The resource is part of the build; a failure here is a packaging bug, not a user error.
                throw new IllegalStateException("bundled CVE feed is unreadable: " + e.getMessage(), e);
            }
        }
    }

    private static CveFeed from(NvdFeedReader.Result r) {
        Map<String, FeedEntry> byId = new LinkedHashMap<>();
        for (FeedEntry e : r.entries()) byId.merge(e.cve().id(), e, CveFeed::newer);
        return new CveFeed(byId, r.skipped(), r.skipReasons());
    }

    /**
     * Both feeds together. When a CVE is in both, the copy NVD modified last wins (the one from
     * {@code other} on a tie), so merging a fresh download over the bundled feed updates it.
     */
    public CveFeed merge(CveFeed other) {
        Map<String, FeedEntry> all = new LinkedHashMap<>(byId);
        for (FeedEntry e : other.byId.values()) all.merge(e.cve().id(), e, CveFeed::newer);
        List<String> reasons = new ArrayList<>(skipReasons);
        reasons.addAll(other.skipReasons);
        return new CveFeed(all, skipped + other.skipped,
            reasons.subList(0, Math.min(reasons.size(), NvdFeedReader.MAX_REASONS)));
    }

    private static FeedEntry newer(FeedEntry old, FeedEntry candidate) {
        Instant a = old.lastModified();
        Instant b = candidate.lastModified();
        if (a != null && (b == null || a.isAfter(b))) return old;
        return candidate;
    }

    /**
     * The CVEs whose NVD criteria cover a concrete device, at most one match per CVE, most severe first.
     *
     * <p>Vendor and product must be equal (ignoring case). A criterion with version * and bounds needs
     * the device version inside the bounds; one with an exact version needs that version; * without
     * bounds and NVD's "-" (no version detail) accept any version. Any other attribute of the criterion
     * must be * or - or equal. A device whose version is unknown (* or -) is matched only by criteria that
     * do not depend on the version.
     *
     * @param cpe23 the device, e.g. {@code cpe:2.3:o:hikvision:ds-2cd2032-i_firmware:5.4.0:*:*:*:*:*:*:*}
     * @throws MalformedCpeException if the string is not a CPE 2.3 name or names no vendor and product
     */
    public List<CveMatch> affecting(String cpe23) {
        CpeName device = CpeName.parse(cpe23);
        if (CpeName.isLogical(device.vendor()) || CpeName.isLogical(device.product())) {
            throw new MalformedCpeException("CPE \"" + cpe23 + "\" must name a vendor and a product to be looked up");
        }
        Map<String, CveMatch> found = new LinkedHashMap<>();
        for (Indexed ix : byVendorProduct.getOrDefault(device.vendorProduct(), List.of())) {
            String id = ix.entry().cve().id();
            if (found.containsKey(id)) continue;
            String why = ix.criterion().explain(device);
            if (why != null) found.put(id, new CveMatch(ix.entry().cve(), ix.criterion().criteria(), why));
        }
        List<CveMatch> out = new ArrayList<>(found.values());
        out.sort(MOST_SEVERE_FIRST);
        return List.copyOf(out);
    }

    private static final Comparator<CveMatch> MOST_SEVERE_FIRST = Comparator
        .comparingDouble((CveMatch m) -> m.cve().scored() ? -m.cve().cvss() : 1.0)
        .thenComparing(m -> m.cve().id());

    /** The CVE with this id, if the feed has it. */
    public Optional<Cve> get(String id) {
        FeedEntry e = byId.get(id);
        return e == null ? Optional.empty() : Optional.of(e.cve());
    }

    /** Every CVE in the feed, in the order the feeds listed them. */
    public List<Cve> all() {
        return byId.values().stream().map(FeedEntry::cve).toList();
    }

    /** Number of distinct CVEs loaded. */
    public int size() {
        return byId.size();
    }

    /** Number of feed entries dropped because a required field (id, published date, English description) was missing. */
    public int skipped() {
        return skipped;
    }

    /** Why entries or single criteria were dropped, naming the file and CVE (the first 50 only). */
    public List<String> skipReasons() {
        return skipReasons;
    }

    /** Gzip is recognised by its magic bytes, so a renamed or extension-less download still loads. */
    private static InputStream maybeGunzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        if (b1 == 0x1f && b2 == 0x8b) return new GZIPInputStream(in, 1 << 16);
        return in;
    }
}
