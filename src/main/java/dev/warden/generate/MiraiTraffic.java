package dev.warden.generate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Traffic of a Mirai bot as the public source describes it (shared/reference/mirai-behaviour.md), packet by packet, for
 * test captures: the SYN scanner whose sequence number is the destination address, and each attack vector. Everything
 * is written to files; nothing is ever sent. Seeded, so a capture is the same every time.
 */
public final class MiraiTraffic {
    public enum Vector { UDP, VSE, DNS, SYN, ACK, STOMP, GRE_IP, GRE_ETH, UDP_PLAIN, HTTP }

    /** One generated frame (Ethernet) and its time. */
    public record Packet(long tsNanos, byte[] frame) {}

    /** A bot: its address and MAC, the gateway's MAC (next hop for everything off-link) and its resolver. */
    public record Bot(int ip, long mac, long gatewayMac, int resolver) {}

    private static final String[] USER_AGENTS = {
            "Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/51.0.2704.103 Safari/537.36",
            "Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/52.0.2743.116 Safari/537.36",
            "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/51.0.2704.103 Safari/537.36",
            "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/52.0.2743.116 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_6) AppleWebKit/601.7.7 (KHTML, like Gecko) Version/9.1.2 Safari/601.7.7"};

    private final SplittableRandom random;
    /** For the C&C contact only, so that adding it leaves the rest of a seeded capture as it was. */
    private final SplittableRandom cncRandom;

    public MiraiTraffic(long seed) {
        this.random = new SplittableRandom(seed);
        this.cncRandom = new SplittableRandom(~seed);
    }

    /**
     * The bot calling its C&C server, as the public Mirai source does on start: it asks its resolver for the C&C's
     * name (an A query), gets {@code cncIp} back, and connects to it on TCP port 23, sending its 4-byte hello and an
     * empty bot id; the C&C acknowledges. Seven packets from {@code startNanos}, within 130 ms.
     */
    public List<Packet> cnc(Bot bot, String name, int cncIp, long startNanos) {
        var r = cncRandom;
        int id = r.nextInt(65_536), port = 1024 + r.nextInt(60_000), seq = r.nextInt(), cseq = r.nextInt(), dnsPort = 1024 + r.nextInt(60_000);
        byte[] query = dnsQuery(r, name, id);
        byte[] answer = ByteBuffer.allocate(query.length + 16).put(query)
                .putShort((short) 0xC00C).putShort((short) 1).putShort((short) 1).putInt(300).putShort((short) 4).putInt(cncIp).array();
        answer[2] = (byte) 0x81; // a response, recursion desired
        answer[3] = (byte) 0x80; // and available
        answer[7] = 1; // one answer
        byte[] hello = {0, 0, 0, 1, 0};
        var out = new ArrayList<Packet>(7);
        out.add(new Packet(startNanos, frame(r, bot, bot.resolver(), Frames.UDP, Frames.udp(bot.ip(), bot.resolver(), dnsPort, 53, query))));
        byte[] reply = Frames.ipv4(bot.resolver(), bot.ip(), Frames.UDP, 64, r.nextInt(65_536), Frames.udp(bot.resolver(), bot.ip(), 53, dnsPort, answer));
        out.add(new Packet(startNanos + 20_000_000, Frames.ethernet(bot.mac(), bot.gatewayMac(), 0x0800, reply)));
        out.add(tcpPacket(r, bot, cncIp, port, 23, seq, 0, Frames.SYN, new byte[0], startNanos + 40_000_000, false));
        out.add(tcpPacket(r, bot, cncIp, 23, port, cseq, seq + 1, Frames.SYN | Frames.ACK, new byte[0], startNanos + 80_000_000, true));
        out.add(tcpPacket(r, bot, cncIp, port, 23, seq + 1, cseq + 1, Frames.ACK, new byte[0], startNanos + 81_000_000, false));
        out.add(tcpPacket(r, bot, cncIp, port, 23, seq + 1, cseq + 1, Frames.ACK | Frames.PSH, hello, startNanos + 82_000_000, false));
        out.add(tcpPacket(r, bot, cncIp, 23, port, cseq + 1, seq + 1 + hello.length, Frames.ACK, new byte[0], startNanos + 130_000_000, true));
        return out;
    }

    /** {@code probes} SYNs at 160 per second to random Internet addresses (never Mirai's skipped blocks), 23 or 2323. */
    public List<Packet> scan(Bot bot, long startNanos, int probes) {
        var out = new ArrayList<Packet>(probes);
        int srcPort = 1024 + random.nextInt(64_000);
        for (int i = 0; i < probes; i++) {
            int dst = randomPublicAddress();
            int port = random.nextInt(10) == 0 ? 2323 : 23;
            byte[] tcp = Frames.tcp(bot.ip(), dst, srcPort, port, dst, 0, Frames.SYN, random.nextInt(65_536), new byte[0], new byte[0]);
            out.add(new Packet(startNanos + i * 1_000_000_000L / 160, frame(bot, dst, Frames.TCP, tcp)));
        }
        return out;
    }

    /** Mirai's scanner skips these /8 and smaller blocks; so does the generator. */
    int randomPublicAddress() {
        while (true) {
            int a = random.nextInt();
            int o1 = (a >>> 24) & 0xFF, o2 = (a >>> 16) & 0xFF;
            if (o1 == 127 || o1 == 0 || o1 == 3 || o1 == 15 || o1 == 16 || o1 == 56 || o1 == 10 || o1 >= 224) continue;
            if (o1 == 192 && o2 == 168 || o1 == 172 && o2 >= 16 && o2 < 32 || o1 == 100 && o2 >= 64 && o2 < 128) continue;
            if (o1 == 169 && o2 == 254 || o1 == 198 && (o2 == 18 || o2 == 19) || o1 == 6 || o1 == 7 || o1 == 11 || o1 == 21
                    || o1 == 22 || o1 == 26 || o1 == 28 || o1 == 29 || o1 == 30 || o1 == 33 || o1 == 55 || o1 == 214 || o1 == 215) continue;
            return a;
        }
    }

    /** {@code packets} packets of one attack vector against {@code victim}, {@code perSecond} a second. */
    public List<Packet> flood(Bot bot, Vector v, int victim, long startNanos, int packets, int perSecond) {
        var out = new ArrayList<Packet>(packets);
        long gap = 1_000_000_000L / perSecond;
        int stompSeq = random.nextInt();
        int stompPort = 1024 + random.nextInt(60_000);
        int stompDst = 1024 + random.nextInt(60_000); // Mirai's STOMP picks a random destination port unless told one
        if (v == Vector.STOMP) {
            // a real handshake first: STOMP floods inside an established connection
            out.add(tcpPacket(bot, victim, stompPort, stompDst, stompSeq, 0, Frames.SYN, new byte[0], startNanos, false));
            out.add(tcpPacket(bot, victim, stompDst, stompPort, 7, stompSeq + 1, Frames.SYN | Frames.ACK, new byte[0], startNanos + 1_000_000, true));
            out.add(tcpPacket(bot, victim, stompPort, stompDst, stompSeq + 1, 8, Frames.ACK, new byte[0], startNanos + 2_000_000, false));
            stompSeq += 1;
        }
        for (int i = 0; i < packets; i++) {
            long ts = startNanos + 3_000_000 + i * gap;
            switch (v) {
                case UDP, UDP_PLAIN -> {
                    byte[] udp = Frames.udp(bot.ip(), victim, random.nextInt(65_536), random.nextInt(65_536), randomBytes(512));
                    out.add(new Packet(ts, frame(bot, victim, Frames.UDP, udp)));
                }
                case VSE -> {
                    byte[] q = ByteBuffer.allocate(25).putInt(-1).put("TSource Engine Query\0".getBytes(StandardCharsets.US_ASCII)).array();
                    out.add(new Packet(ts, frame(bot, victim, Frames.UDP, Frames.udp(bot.ip(), victim, 1024 + random.nextInt(60_000), 27015, q))));
                }
                case DNS -> {
                    byte[] query = dnsQuery(randomLabel(12) + ".victim-domain.example");
                    out.add(new Packet(ts, frame(bot, bot.resolver(), Frames.UDP, Frames.udp(bot.ip(), bot.resolver(), 1024 + random.nextInt(60_000), 53, query))));
                }
                case SYN -> {
                    byte[] opts = {2, 4, 0x05, (byte) (0x78 + random.nextInt(16)), 4, 2, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 3, 6};
                    byte[] tcp = Frames.tcp(bot.ip(), victim, random.nextInt(65_536), 80, random.nextInt(), 0, Frames.SYN, random.nextInt(65_536), opts, new byte[0]);
                    out.add(new Packet(ts, frame(bot, victim, Frames.TCP, tcp)));
                }
                case ACK -> {
                    byte[] tcp = Frames.tcp(bot.ip(), victim, random.nextInt(65_536), 80, random.nextInt(), random.nextInt(), Frames.ACK,
                            random.nextInt(65_536), new byte[0], randomBytes(512));
                    out.add(new Packet(ts, frame(bot, victim, Frames.TCP, tcp)));
                }
                case STOMP -> {
                    byte[] data = randomBytes(512);
                    out.add(tcpPacket(bot, victim, stompPort, stompDst, stompSeq, 8, Frames.ACK | Frames.PSH, data, ts, false));
                    stompSeq += data.length;
                }
                case GRE_IP -> {
                    byte[] inner = Frames.ipv4(bot.ip(), victim, Frames.UDP, 64, random.nextInt(65_536),
                            Frames.udp(bot.ip(), victim, random.nextInt(65_536), random.nextInt(65_536), randomBytes(512)));
                    out.add(new Packet(ts, frame(bot, victim, Frames.GRE, Frames.gre(0x0800, inner))));
                }
                case GRE_ETH -> {
                    byte[] innerIp = Frames.ipv4(bot.ip(), victim, Frames.UDP, 64, random.nextInt(65_536),
                            Frames.udp(bot.ip(), victim, random.nextInt(65_536), random.nextInt(65_536), randomBytes(512)));
                    byte[] innerEth = Frames.ethernet(random.nextLong() & 0xFEFFFFFFFFFFL, random.nextLong() & 0xFEFFFFFFFFFFL, 0x0800, innerIp);
                    out.add(new Packet(ts, frame(bot, victim, Frames.GRE, Frames.gre(0x6558, innerEth))));
                }
                case HTTP -> out.addAll(httpGet(bot, victim, ts, gap));
            }
        }
        return out;
    }

    /** One keep-alive HTTP GET connection of the "http" vector: handshake, GET / with a 2016 browser agent, close. */
    private List<Packet> httpGet(Bot bot, int victim, long ts, long gap) {
        int port = 1024 + random.nextInt(60_000);
        int seq = random.nextInt();
        int vseq = random.nextInt();
        long step = Math.max(1, gap / 8);
        byte[] get = ("GET / HTTP/1.1\r\nUser-Agent: " + USER_AGENTS[random.nextInt(USER_AGENTS.length)]
                + "\r\nHost: victim\r\nConnection: keep-alive\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        return List.of(
                tcpPacket(bot, victim, port, 80, seq, 0, Frames.SYN, new byte[0], ts, false),
                tcpPacket(bot, victim, 80, port, vseq, seq + 1, Frames.SYN | Frames.ACK, new byte[0], ts + step, true),
                tcpPacket(bot, victim, port, 80, seq + 1, vseq + 1, Frames.ACK, new byte[0], ts + 2 * step, false),
                tcpPacket(bot, victim, port, 80, seq + 1, vseq + 1, Frames.ACK | Frames.PSH, get, ts + 3 * step, false),
                tcpPacket(bot, victim, port, 80, seq + 1 + get.length, vseq + 1, Frames.FIN | Frames.ACK, new byte[0], ts + 4 * step, false));
    }

    private Packet tcpPacket(Bot bot, int victim, int srcPort, int dstPort, int seq, int ack, int flags, byte[] data, long ts, boolean fromVictim) {
        return tcpPacket(random, bot, victim, srcPort, dstPort, seq, ack, flags, data, ts, fromVictim);
    }

    private static Packet tcpPacket(SplittableRandom r, Bot bot, int victim, int srcPort, int dstPort, int seq, int ack, int flags, byte[] data,
                                    long ts, boolean fromVictim) {
        int src = fromVictim ? victim : bot.ip(), dst = fromVictim ? bot.ip() : victim;
        byte[] tcp = Frames.tcp(src, dst, srcPort, dstPort, seq, ack, flags, 29_200, new byte[0], data);
        byte[] ip = Frames.ipv4(src, dst, Frames.TCP, 64, r.nextInt(65_536), tcp);
        byte[] eth = fromVictim ? Frames.ethernet(bot.mac(), bot.gatewayMac(), 0x0800, ip) : Frames.ethernet(bot.gatewayMac(), bot.mac(), 0x0800, ip);
        return new Packet(ts, eth);
    }

    private byte[] frame(Bot bot, int dst, int protocol, byte[] transport) {
        return frame(random, bot, dst, protocol, transport);
    }

    private static byte[] frame(SplittableRandom r, Bot bot, int dst, int protocol, byte[] transport) {
        return Frames.ethernet(bot.gatewayMac(), bot.mac(), 0x0800, Frames.ipv4(bot.ip(), dst, protocol, 64, r.nextInt(65_536), transport));
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private String randomLabel(int n) {
        var sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append((char) ('a' + random.nextInt(26)));
        return sb.toString();
    }

    private byte[] dnsQuery(String name) {
        return dnsQuery(random, name, -1);
    }

    /** A standard A query with recursion desired; transaction id {@code id}, or a random one for -1. */
    private static byte[] dnsQuery(SplittableRandom r, String name, int id) {
        var b = ByteBuffer.allocate(12 + name.length() + 2 + 4);
        b.putShort((short) (id < 0 ? r.nextInt(65_536) : id)).putShort((short) 0x0100).putShort((short) 1).putShort((short) 0).putShort((short) 0).putShort((short) 0);
        for (String label : name.split("\\.")) {
            b.put((byte) label.length()).put(label.getBytes(StandardCharsets.US_ASCII));
        }
        b.put((byte) 0).putShort((short) 1).putShort((short) 1);
        return b.array();
    }
}
