package dev.warden.capture;

/**
 * How a {@link PacketSource} gets a file's bytes. Either way the packets are parsed in place, without a copy per packet;
 * the difference is how the bytes reach memory. See docs/capture.md for the measurements behind the default.
 */
public enum FileAccess {
    /**
     * Positional reads into one reused 2 MiB native buffer (the default). The kernel's copy out of the page cache
     * streams at memory bandwidth, and the record walk then runs over the fresh window; on the reference machine
     * this read a 3 M-packet capture 5-6 times faster than a fresh mapping (bench/capture/README.md).
     */
    BUFFERED,
    /**
     * One read-only memory mapping of the whole file, read in place. Every first touch of a page is a page fault and
     * the record walk waits on memory, which made it the slower choice for a single pass in our measurements.
     */
    MAPPED
}
