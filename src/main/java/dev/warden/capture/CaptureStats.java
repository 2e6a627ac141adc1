package dev.warden.capture;

/**
 * libpcap's counters for a live capture (pcap_stats), unchanged. On Linux: {@code received} counts the packets that
 * passed the filter and reached the capture's ring buffer, including those then {@code droppedByKernel} because the
 * ring was full (the reader fell behind); {@code droppedByInterface} is what the network interface itself dropped
 * while the capture ran (the growth of its rx_dropped counter), whether or not those packets would have matched the
 * filter. libpcap reads the interface counter only in promiscuous mode; otherwise it stays 0.
 */
public record CaptureStats(long received, long droppedByKernel, long droppedByInterface) {

    /** One line for people: "1234 packets received, 0 dropped by the kernel, 0 dropped by the interface". */
    public String summary() {
        return received + " packets received, " + droppedByKernel + " dropped by the kernel, " + droppedByInterface + " dropped by the interface";
    }
}
