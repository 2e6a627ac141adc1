package dev.warden.cve;

import java.util.List;

/**
 * One vulnerable {@code cpeMatch} entry from a feed: a CPE pattern plus optional version bounds.
 * Bounds are null when absent.
 */
record CpeCriterion(String criteria, CpeName name, String startIncluding, String startExcluding,
                    String endIncluding, String endExcluding) {

    boolean hasRange() {
        return startIncluding != null || startExcluding != null || endIncluding != null || endExcluding != null;
    }

    /**
     * Whether the concrete device CPE falls under this criterion, and if so why in plain words.
     *
     * @return the explanation, or null when the device is not matched
     */
    String explain(CpeName device) {
        if (!sameVendorProduct(device) || !otherAttributesMatch(device)) return null;
        String crit = name.version();
        String have = device.version();
        boolean known = !CpeName.isLogical(have);
        String subject = subject(device);

        if (hasRange()) {
            // A range can only be checked against a real version; an unknown one is not reported as a match.
            if (!known) return null;
            if (!CpeName.isLogical(crit) && !VersionComparator.same(crit, have)) return null;
            return inRange(have) ? rangeReason(subject) : null;
        }
        if (crit.equals(CpeName.ANY)) {
            return "all versions of " + name.product() + " are listed as affected";
        }
        if (crit.equals(CpeName.NA)) {
            // NVD writes "-" when it recorded the product but no version detail, which in practice means
            // every release it knew of; treating it as "all versions" is how NVD's own searches behave.
            return "NVD lists " + name.product() + " without version detail, so every version is treated as affected";
        }
        if (known && VersionComparator.same(crit, have)) {
            return subject + " is exactly the affected version NVD lists";
        }
        return null;
    }

    private boolean sameVendorProduct(CpeName device) {
        return name.vendor().equalsIgnoreCase(device.vendor()) && name.product().equalsIgnoreCase(device.product());
    }

    /** Part, update, edition and the rest: a criterion value of * or - accepts anything, else it must be equal. */
    private boolean otherAttributesMatch(CpeName device) {
        List<String> want = name.attributes();
        List<String> have = device.attributes();
        for (int i = 0; i < want.size(); i++) {
            if (i == 1 || i == 2 || i == 3) continue; // vendor, product, version are handled separately
            String w = want.get(i);
            if (CpeName.isLogical(w)) continue;
            if (!w.equalsIgnoreCase(have.get(i))) return false;
        }
        return true;
    }

    private boolean inRange(String v) {
        if (startIncluding != null && VersionComparator.compareVersions(v, startIncluding) < 0) return false;
        if (startExcluding != null && VersionComparator.compareVersions(v, startExcluding) <= 0) return false;
        if (endIncluding != null && VersionComparator.compareVersions(v, endIncluding) > 0) return false;
        if (endExcluding != null && VersionComparator.compareVersions(v, endExcluding) >= 0) return false;
        return true;
    }

    private String rangeReason(String subject) {
        String lower = startIncluding != null ? "at or after " + startIncluding
            : startExcluding != null ? "after " + startExcluding : null;
        String upper = endExcluding != null ? "before " + endExcluding + ", the first fixed version"
            : endIncluding != null ? "at or before " + endIncluding + ", the last version listed as affected" : null;
        if (lower == null) return subject + " is " + upper;
        if (upper == null) return subject + " is " + lower + ", where the flaw appeared, and no fixed version is listed";
        return subject + " is in the affected range: " + lower + " and " + upper;
    }

    private static String subject(CpeName device) {
        return switch (device.part()) {
            case "o" -> "firmware " + device.version();
            case "h" -> "hardware version " + device.version();
            case "a" -> device.product() + " " + device.version();
            default -> "version " + device.version();
        };
    }
}
