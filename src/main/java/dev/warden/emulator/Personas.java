package dev.warden.emulator;

import dev.warden.emulator.Persona.Expectation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The device catalogue of the emulator (docs/emulator.md). Vulnerable personas carry the truth an audit must report;
 * decoys and hostile ones carry none, so anything reported on them is a false positive.
 */
public final class Personas {
    private Personas() {}

    /** A XiongMai-based DVR: telnet with root/xc3511 into a BusyBox shell, and the uc-httpd web server. */
    public static Persona xiongmaiDvr(long failureDelayMillis) {
        return new Persona("xiongmai-dvr", "XiongMai-like DVR: telnet root/xc3511, BusyBox shell, uc-httpd",
                ports(23, () -> new TelnetDevice("", (u, p) -> u.equals("root") && p.equals("xc3511"), failureDelayMillis, 3, 0),
                        80, () -> new HttpDevice("uc-httpd 1.0.0", "NETSurveillance WEB", HttpDevice.Auth.NONE, null, null, null)),
                List.of(new Expectation("default-credentials", "telnet", 23, "root", "xc3511")));
    }

    /** An IP camera whose web interface uses HTTP Basic with admin/admin. */
    public static Persona basicAuthCamera() {
        return new Persona("camera-basic", "IP camera: HTTP Basic admin/admin",
                ports(80, () -> new HttpDevice("Boa/0.94.14rc21", "IPCAM", HttpDevice.Auth.BASIC, "IPCamera Login", "admin", "admin")),
                List.of(new Expectation("default-credentials", "http", 80, "admin", "admin")));
    }

    /** An IP camera with Digest login and a vendor default (admin/12345) on port 8080. */
    public static Persona digestCamera() {
        return new Persona("camera-digest", "IP camera: HTTP Digest admin/12345 on 8080",
                ports(8080, () -> new HttpDevice("App-webs/", "Network Camera", HttpDevice.Auth.DIGEST, "DS-2CD2032", "admin", "12345")),
                List.of(new Expectation("default-credentials", "http", 8080, "admin", "12345")));
    }

    /** A router with a Dropbear-like SSH daemon and the Ubiquiti default ubnt/ubnt. */
    public static Persona sshRouter() {
        return new Persona("router-ssh", "router: SSH ubnt/ubnt (dropbear-like banner)",
                ports(22, () -> new SshDevice("SSH-2.0-dropbear_2014.63", "ubnt", "ubnt")),
                List.of(new Expectation("default-credentials", "ssh", 22, "ubnt", "ubnt")));
    }

    /** A home router whose web interface has an HTML login form, admin/admin. */
    public static Persona formRouter() {
        return new Persona("router-form", "router web interface with a login form, admin/admin",
                ports(80, () -> new FormLoginDevice("admin", "admin")),
                List.of(new Expectation("default-credentials", "http", 80, "admin", "admin")));
    }

    /** A hardened device: telnet with a unique password, a 2.4 s failure delay like BusyBox, and lock-out after 5 failures. */
    public static Persona hardened(String uniquePassword) {
        return new Persona("hardened", "unique password, lock-out after 5 failures",
                ports(23, () -> new TelnetDevice("", (u, p) -> u.equals("admin") && p.equals(uniquePassword), 300, 3, 5)),
                List.of());
    }

    /** A device whose banner is full of '#', '$' and '>' but which has no login and runs no command. */
    public static Persona promptDecoy() {
        return new Persona("prompt-decoy", "banner full of #, $ and >, no login, echoes input verbatim",
                ports(23, Hostile::promptDecoy), List.of());
    }

    /** A device that lets in any user name with any password. */
    public static Persona acceptAny() {
        return new Persona("accept-any", "telnet accepts any user name and password",
                ports(23, () -> new TelnetDevice("", (u, p) -> true, 0, 3, 0)),
                List.of(new Expectation("no-authentication", "telnet", 23, null, null)));
    }

    public static Persona tarpit() {
        return new Persona("tarpit", "drips one byte a second on telnet", ports(23, Hostile::tarpit), List.of());
    }

    public static Persona junk() {
        return new Persona("junk", "sends binary junk on telnet", ports(23, () -> Hostile.junk(23)), List.of());
    }

    public static Persona resetter() {
        return new Persona("reset", "resets every connection", ports(23, Hostile::reset, 80, Hostile::reset), List.of());
    }

    /** The demo fleet: one of each persona. */
    public static List<Persona> standard() {
        return List.of(xiongmaiDvr(0), basicAuthCamera(), digestCamera(), hardened("Vq3!x9-Lk2#pT7wz"), promptDecoy(), acceptAny(),
                tarpit(), junk(), resetter(), formRouter(), sshRouter());
    }

    /** A large fleet for load tests: vulnerable and decoy personas in rotation (no hostile ones, which only cost time). */
    public static List<Persona> mixed(int devices) {
        var cycle = List.of(xiongmaiDvr(0), basicAuthCamera(), digestCamera(), promptDecoy(), acceptAny(), hardened("Vq3!x9-Lk2#pT7wz"));
        var out = new ArrayList<Persona>(devices);
        for (int i = 0; i < devices; i++) out.add(cycle.get(i % cycle.size()));
        return out;
    }

    static Map<Integer, Supplier<Handler>> ports(int port, Supplier<Handler> handler) {
        var m = new LinkedHashMap<Integer, Supplier<Handler>>();
        m.put(port, handler);
        return m;
    }

    static Map<Integer, Supplier<Handler>> ports(int port, Supplier<Handler> handler, int port2, Supplier<Handler> handler2) {
        var m = ports(port, handler);
        m.put(port2, handler2);
        return m;
    }
}
