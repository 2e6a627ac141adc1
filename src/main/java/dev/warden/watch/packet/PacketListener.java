package dev.warden.watch.packet;

/**
 * Where a packet input delivers decoded packets: the engine (which feeds its flow table and packet detectors). The
 * event is only valid during the call: inputs reuse it for the next packet, so a listener that keeps it keeps
 * {@link PacketEvent#copy()}.
 */
@FunctionalInterface
public interface PacketListener {
    void onPacket(PacketEvent packet);
}
