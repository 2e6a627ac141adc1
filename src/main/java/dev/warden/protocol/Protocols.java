package dev.warden.protocol;

import dev.warden.discover.UdpProbe;
import dev.warden.login.Authenticator;
import dev.warden.probe.ServiceProbe;
import dev.warden.protocol.coap.CoapProbe;
import dev.warden.protocol.ftp.FtpAuthenticator;
import dev.warden.protocol.ftp.FtpProbe;
import dev.warden.protocol.http.HttpAuthenticator;
import dev.warden.protocol.http.HttpProbe;
import dev.warden.protocol.mdns.MdnsProbe;
import dev.warden.protocol.mqtt.MqttAuthenticator;
import dev.warden.protocol.mqtt.MqttProbe;
import dev.warden.protocol.rtsp.RtspAuthenticator;
import dev.warden.protocol.rtsp.RtspProbe;
import dev.warden.protocol.ssdp.SsdpProbe;
import dev.warden.protocol.ssh.SshAuthenticator;
import dev.warden.protocol.ssh.SshProbe;
import dev.warden.protocol.telnet.TelnetAuthenticator;
import dev.warden.protocol.telnet.TelnetProbe;

import java.time.Duration;
import java.util.List;

/** Every protocol Warden speaks, in the order the prober and the login phase should try them. */
public final class Protocols {
    /** The default of audit.udp-timeout in reference.conf. */
    public static final Duration UDP_WAIT = Duration.ofMillis(1500);

    private Protocols() {}

    /**
     * TCP probes. Among probes equally usual for a port, SSH and FTP come before telnet: telnet takes any printable
     * greeting on 23 and 2323, and an SSH or FTP greeting must be recognised as what it is.
     */
    public static List<ServiceProbe> tcpProbes() {
        return List.of(new SshProbe(), new FtpProbe(), new TelnetProbe(), new HttpProbe(), new RtspProbe(), new MqttProbe());
    }

    /** UDP discovery probes, waiting {@link #UDP_WAIT} for an answer. */
    public static List<UdpProbe> udpProbes() {
        return udpProbes(UDP_WAIT);
    }

    /** UDP discovery probes waiting {@code wait} (audit.udp-timeout); SSDP adds a second for the MX delay. */
    public static List<UdpProbe> udpProbes(Duration wait) {
        return List.of(new SsdpProbe(wait), new MdnsProbe(wait), new CoapProbe(wait));
    }

    /**
     * A fresh set of authenticators. The SSH one holds a client and its threads once used: pass the list to
     * {@link #close(List)} when the audit ends.
     */
    public static List<Authenticator> authenticators() {
        return List.of(new TelnetAuthenticator(), new SshAuthenticator(), new FtpAuthenticator(), new HttpAuthenticator(),
                new RtspAuthenticator(), new MqttAuthenticator());
    }

    /** Releases what authenticators hold (the SSH client's threads). Never throws. */
    public static void close(List<Authenticator> authenticators) {
        for (Authenticator a : authenticators) {
            if (a instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // shutting down: nothing useful to do with a failure to stop
                }
            }
        }
    }
}
