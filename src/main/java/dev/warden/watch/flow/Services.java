package dev.warden.watch.flow;

/**
 * Names for the services a device talks to, so that an incident can say "first SMTP ever" rather than "first tcp/587".
 * Ports of one service share a name (SMTP is 25, 465, 587 and 2525); an unnamed port is named by transport and number.
 */
public final class Services {
    private Services() {}

    public static String name(int protocol, int port) {
        if (protocol == Protocols.GRE) return "GRE";
        if (protocol == Protocols.ICMP || protocol == Protocols.ICMPV6) return "ICMP";
        boolean tcp = protocol == Protocols.TCP, udp = protocol == Protocols.UDP;
        String n = null;
        if (tcp) {
            n = switch (port) {
                case 25, 465, 587, 2525 -> "SMTP";
                case 23, 2323 -> "telnet";
                case 22 -> "SSH";
                case 21 -> "FTP";
                case 80, 8080, 8000, 8008, 8081 -> "HTTP";
                case 443, 8443 -> "HTTPS";
                case 53 -> "DNS";
                case 853 -> "DNS over TLS";
                case 110, 995 -> "POP3";
                case 143, 993 -> "IMAP";
                case 1883, 8883 -> "MQTT";
                case 554 -> "RTSP";
                case 6660, 6661, 6662, 6663, 6664, 6665, 6666, 6667, 6668, 6669, 6697 -> "IRC";
                case 3389 -> "RDP";
                case 445, 139 -> "SMB";
                case 5555 -> "Android debug (ADB)";
                case 7547 -> "TR-069";
                case 37215 -> "Huawei UPnP";
                case 52869 -> "Realtek UPnP";
                case 48101 -> "Mirai report";
                default -> null;
            };
        } else if (udp) {
            n = switch (port) {
                case 53 -> "DNS";
                case 123 -> "NTP";
                case 67, 68 -> "DHCP";
                case 69 -> "TFTP";
                case 1900 -> "SSDP";
                case 5353 -> "mDNS";
                case 5683 -> "CoAP";
                case 27015 -> "Source Engine (VSE)";
                case 161 -> "SNMP";
                case 514 -> "syslog";
                case 443 -> "QUIC";
                case 3478 -> "STUN";
                default -> null;
            };
        }
        return n != null ? n : Protocols.name(protocol) + "/" + port;
    }
}
