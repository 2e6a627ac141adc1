package dev.warden.watch.packet;

/**
 * Where a packet input delivers decoded packets: the engine (which feeds its flow table and packet detectors). The
 * event is only valid during the call: inputs reuse it for the next packet, so a listener that keeps it keeps
 * {@link PacketEvent#copy()}.
 */
@FunctionalInterface
public interface PacketListener {
    void onPacket(PacketEvent packet);

    /** Packets {@code from} (inclusive) to {@code to} of {@code events}, in order: as many calls of {@link #onPacket}. */
    default void onPackets(PacketEvent[] events, int from, int to) {
        for (int i = from; i < to; i++) onPacket(events[i]);
    }

    /**
     * Whether this listener reads the transport payload ({@link PacketEvent#payloadSegment()}) of packets with this
     * IP protocol and these ports. An input that reads ahead of the listener keeps the payload bytes of these packets
     * only; the others reach the listener without them. Every payload, unless a listener says otherwise.
     */
    default boolean readsPayload(int protocol, int srcPort, int dstPort) {
        return true;
    }

    /**
     * Work on packets {@code from} to {@code to} that needs nothing but the packets themselves (such as the flow table's
     * hash of each, {@link FlowTable#hash}): an input that reads ahead runs it on its reading thread before it hands
     * the packets to {@link #onPackets}, while this listener works on earlier packets, so it must not touch the
     * listener's state. Other inputs do not call it: the listener must find the same without it. What it leaves in the
     * events reaches the listener only as far as {@link PacketEvent#pack} carries it over: the flow hash, the payload
     * (which it may drop, when the listener would read nothing of it) and whether it was
     * {@link PacketEvent#payloadVetted vetted}. Nothing by default.
     */
    default void prepare(PacketEvent[] events, int from, int to) {}
}
