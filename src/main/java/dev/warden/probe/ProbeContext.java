package dev.warden.probe;

import dev.warden.config.Settings;
import dev.warden.net.Conn;
import dev.warden.net.Dialer;

import java.io.IOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/** What a probe or login needs: the guarded dialer, the timeouts and limits, and a source of random tokens. */
public record ProbeContext(Dialer dialer, Duration probeTimeout, Duration failureWait, int maxBannerBytes,
                           RandomGenerator random, Duration shellGrace) {

    public static ProbeContext from(Dialer dialer, Settings s) {
        return new ProbeContext(dialer, s.duration("audit.probe-timeout"), s.duration("audit.login.failure-wait"),
                s.integer("audit.max-banner-bytes"), new SecureRandom(), s.duration("audit.login.shell-proof-grace"));
    }

    public Conn open(String host, int port) throws IOException {
        return dialer.open(InetAddress.ofLiteral(host), port, probeTimeout, maxBannerBytes);
    }

    /** A random lower-case hex token, for proofs that cannot appear by chance in a device's output. */
    public String token(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
