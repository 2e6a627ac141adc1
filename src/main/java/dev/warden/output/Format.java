package dev.warden.output;

/** Output formats every listing command offers. */
public enum Format {
    TABLE, JSONL, CSV;

    public static Format parse(String s) {
        for (Format f : values()) if (f.name().equalsIgnoreCase(s)) return f;
        throw new IllegalArgumentException("unknown format '" + s + "' (use table, jsonl or csv)");
    }
}
