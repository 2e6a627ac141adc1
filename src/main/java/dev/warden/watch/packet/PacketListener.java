package dev.warden.watch.packet;

/** Where a packet input delivers decoded packets: the engine (which feeds its flow table and packet detectors). */
@FunctionalInterface
public interface PacketListener {
    void onPacket(PacketEvent packet);
}
