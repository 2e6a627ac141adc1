package dev.warden.watch.detect;

import java.util.List;

/** The registry of every detector, in the order reports list them. */
public final class Detectors {
    private Detectors() {}

    public static List<Detector> all(DetectorContext ctx) {
        return List.of(
                new MiraiSynProbeDetector(ctx),
                new LoginScanDetector(ctx),
                new LoginGuessingDetector(ctx),
                new AddressScanDetector(ctx),
                new PortScanDetector(ctx),
                new UdpFloodDetector(ctx),
                new VseFloodDetector(ctx),
                new DnsWaterTortureDetector(ctx),
                new SynFloodDetector(ctx),
                new AckFloodDetector(ctx),
                new StompFloodDetector(ctx),
                new GreFloodDetector(ctx),
                new HttpFloodDetector(ctx),
                new KnownCncDetector(ctx),
                new KnownDownloadServerDetector(ctx),
                new KnownLoaderDetector(ctx),
                new CncBeaconDetector(ctx),
                new InfectionChainDetector(ctx),
                new LearnedProfileDetector(ctx));
    }
}
