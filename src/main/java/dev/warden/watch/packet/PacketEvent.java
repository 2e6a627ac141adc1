package dev.warden.watch.packet;

import dev.warden.watch.flow.IpAddress;

/**
 * One decoded packet, the event packet inputs give the engine: what the capture module's decoder
 * ({@code dev.warden.decode}) produces per packet, reduced to what detectors and the {@link FlowTable} need.
 * Detectors that need packets (such as the Mirai SYN probe, whose sequence number equals the destination address)
 * read these; everything else sees the flows the flow table makes of them.
 *
 * @param tsMicros  capture time, microseconds since the epoch
 * @param srcMac    source MAC in the low 48 bits, 0 when the link layer has none
 * @param protocol  IANA protocol number (6 TCP, 17 UDP, 1 ICMP, 47 GRE)
 * @param srcPort   0 when the transport has no ports
 * @param tcpFlags  TCP flag bits ({@link dev.warden.watch.flow.TcpFlags}), 0 for other transports
 * @param seq       TCP sequence number (32 bits, as an int)
 * @param ack       TCP acknowledgement number
 * @param length    IP length in bytes (header included)
 * @param payload   transport payload length in bytes
 */
public record PacketEvent(long tsMicros, long srcMac, long dstMac, IpAddress src, IpAddress dst, int protocol, int srcPort,
                          int dstPort, int tcpFlags, int seq, int ack, int length, int payload) {}
