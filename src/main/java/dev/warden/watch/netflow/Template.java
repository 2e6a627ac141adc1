package dev.warden.watch.netflow;

/**
 * A NetFlow v9 or IPFIX template: the fields of each data record, in order. Lengths of 65535 are IPFIX variable-length
 * fields (RFC 7011 section 7). {@code minRecordLength} is what one record needs at least, never 0, so a decoding loop
 * always advances.
 */
record Template(int id, int[] elements, int[] enterprises, int[] lengths, int fixedLength, boolean variable, int minRecordLength,
                boolean options) {
    static final int VARIABLE = 65535;

    /** A template of these fields; {@code options}: an options template's (its records describe the exporter, not flows). */
    static Template of(int id, int[] elements, int[] enterprises, int[] lengths, boolean options) {
        int fixed = 0, min = 0;
        boolean variable = false;
        for (int len : lengths) {
            if (len == VARIABLE) {
                variable = true;
                min += 1;
            } else {
                fixed += len;
                min += len;
            }
        }
        return new Template(id, elements, enterprises, lengths, fixed, variable, Math.max(1, min), options);
    }

    /** Bytes the template costs in the cache (for nothing but a sanity bound). */
    int footprint() {
        return 64 + elements.length * 12;
    }
}
