package dev.warden.cli;

import dev.warden.generate.MiraiTraffic;
import dev.warden.generate.Mixer;
import dev.warden.target.Addresses;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "generate", usageHelpWidth = 120, mixinStandardHelpOptions = true,
        description = {"Write Mirai-like bot traffic to a pcap file (never sent): the SYN scanner whose sequence number "
                       + "is the destination address, then one attack vector per bot, optionally mixed into real benign "
                       + "captures (docs/generator.md)."},
        footer = {"", "Exit codes: 0 written, 2 wrong command line, 3 could not run (an unreadable --mix capture, a file not written).",
                "", "Example:", "  warden generate --out bots.pcap --mix cam.pcap --first-bot 10.10.10.201 --vectors udp,syn,ack,gre-ip,http"})
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "pcap file to write (nanosecond timestamps, Ethernet)")
    Path out;

    @Option(names = "--mix", paramLabel = "PCAP", description = "Benign Ethernet captures to merge in; bots start after their last packet")
    List<Path> mix = new ArrayList<>();

    @Option(names = "--first-bot", paramLabel = "IPV4", defaultValue = "10.10.10.201", description = "Address of the first bot (default 10.10.10.201)")
    String firstBot;

    @Option(names = "--resolver", paramLabel = "IPV4", defaultValue = "10.10.10.1", description = "The bots' DNS resolver (default 10.10.10.1)")
    String resolver;

    @Option(names = "--victim", paramLabel = "IPV4", defaultValue = "203.0.113.10", description = "Attack target written into the packets (default 203.0.113.10)")
    String victim;

    @Option(names = "--vectors", paramLabel = "LIST", defaultValue = "udp,vse,dns,syn,ack,stomp,gre-ip,gre-eth,udp-plain,http",
            description = "One bot per vector: udp, vse, dns, syn, ack, stomp, gre-ip, gre-eth, udp-plain, http")
    String vectors;

    @Option(names = "--scan-probes", paramLabel = "N", defaultValue = "40", description = "Scanner SYNs per bot (default 40)")
    int probes;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "20160930", description = "Random seed: the same seed writes the same file")
    long seed;

    @Option(names = "--cnc", paramLabel = "NAME", description = "Each bot first looks its C&C server up by this name (DNS, via "
            + "--resolver, answered with " + CNC_ADDRESS_TEXT + ") and connects to it on TCP port 23, as Mirai does on start")
    String cnc;

    /** The address the generated resolver gives for --cnc (TEST-NET-2, RFC 5737: never a real host). */
    static final String CNC_ADDRESS_TEXT = "198.51.100.23";

    @Override
    public Integer call() throws Exception {
        // every value is checked before anything is generated: a wrong one is a usage error (exit 2) naming its option
        if (out.toString().equals("-")) throw new UsageException("--out: give a file name (a capture is written to a file, never to standard output)");
        int bot = UsageException.of(() -> v4(firstBot, "--first-bot"));
        var bots = new ArrayList<Integer>();
        var vs = new ArrayList<MiraiTraffic.Vector>();
        for (String name : vectors.split(",")) {
            try {
                vs.add(MiraiTraffic.Vector.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--vectors: unknown vector '" + name.trim() + "' (use udp, vse, dns, syn, ack, stomp, gre-ip, gre-eth, "
                        + "udp-plain, http)");
            }
            bots.add(bot + bots.size());
        }
        if (Integer.toUnsignedLong(bot) + bots.size() - 1 > 0xFFFF_FFFFL) {
            throw new UsageException("--first-bot " + firstBot + ": " + bots.size() + " bots from there run past 255.255.255.255");
        }
        if (probes < 0 || probes > MAX_PROBES) throw new UsageException("--scan-probes must be 0 to " + MAX_PROBES + ", not " + probes);
        int resolverIp = UsageException.of(() -> v4(resolver, "--resolver"));
        int victimIp = UsageException.of(() -> v4(victim, "--victim"));
        if (cnc != null && (!cnc.matches("(?i)[a-z0-9-]+(\\.[a-z0-9-]+)+") || cnc.length() > 253 || java.util.Arrays.stream(cnc.split("\\.")).anyMatch(l -> l.length() > 63))) {
            throw new UsageException("--cnc '" + cnc + "' is not a host name like cnc.example.net");
        }
        long t0 = (mix.isEmpty() ? 1_700_000_000_000_000_000L : Mixer.lastTimestamp(mix)) + 5_000_000_000L;
        long written = write(out, mix, bots, vs, resolverIp, victimIp, probes, seed, t0, cnc);
        for (int n = 0; n < bots.size(); n++) System.out.println(address(bots.get(n)) + "\t" + vs.get(n).name().toLowerCase().replace('_', '-'));
        System.err.println("wrote " + written + " packets to " + out);
        return ExitCodes.OK;
    }

    /**
     * Writes bot {@code n} (address {@code bots.get(n)}, MAC 02:00:5e:00:00:0n+1) scanning from {@code t0Nanos} + n s and
     * attacking {@code victim} with {@code vectors.get(n)} from one minute later; with {@code cnc}, the bot first calls its
     * C&C by that name, a second before it scans. Returns the packets written.
     */
    static long write(Path out, List<Path> mix, List<Integer> bots, List<MiraiTraffic.Vector> vectors, int resolver, int victim, int probes,
                      long seed, long t0Nanos, String cnc) throws java.io.IOException {
        var gen = new MiraiTraffic(seed);
        // one bot at a time: the mix keeps what is made in a temporary file, so memory holds one bot's packets at most
        return Mixer.mix(mix, packets -> {
            for (int n = 0; n < bots.size(); n++) {
                var v = vectors.get(n);
                var b = new MiraiTraffic.Bot(bots.get(n), 0x02005e000001L + n, 0x00b56d0608baL, resolver);
                if (cnc != null) packets.add(gen.cnc(b, cnc.toLowerCase(Locale.ROOT), v4(CNC_ADDRESS_TEXT, "cnc"), t0Nanos + (n - 1) * 1_000_000_000L));
                packets.add(gen.scan(b, t0Nanos + n * 1_000_000_000L, probes));
                int[] size = switch (v) {
                    case UDP, UDP_PLAIN -> new int[]{12_000, 1_000};
                    case VSE -> new int[]{2_000, 200};
                    case DNS -> new int[]{1_000, 100};
                    case SYN, ACK, GRE_IP, GRE_ETH -> new int[]{6_000, 1_000};
                    case STOMP -> new int[]{22_000, 4_000};
                    case HTTP -> new int[]{400, 50};
                };
                packets.add(gen.flood(b, v, victim, t0Nanos + 60_000_000_000L + n * 1_000_000_000L, size[0], size[1]));
            }
        }, out);
    }

    /** Scanner SYNs per bot at most: a bot's packets are held in memory before they are spooled (a million is about 100 MB). */
    static final int MAX_PROBES = 1_000_000;

    static String address(int v4) {
        return Addresses.fromNumber(BigInteger.valueOf(Integer.toUnsignedLong(v4)), 4).getHostAddress();
    }

    static int v4(String s, String option) {
        var a = Addresses.literal(s).filter(x -> x.getAddress().length == 4)
                .orElseThrow(() -> new IllegalArgumentException(option + ": '" + s + "' is not an IPv4 address"));
        return new BigInteger(1, a.getAddress()).intValue();
    }
}
