package dev.warden.capture;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The part of libpcap's C API that live capture uses, bound through the FFM API ({@code java.lang.foreign}): one
 * {@link MethodHandle} per function, looked up once per process in {@value #SONAME} (Debian's libpcap0.8, which is
 * libpcap 1.x despite its name). Only handles and structure layouts live here; {@link LiveCapture} holds the logic.
 *
 * <p>Structures, as laid out by the C compiler on 64-bit Linux (LP64):
 * <pre>
 *   struct pcap_pkthdr { struct timeval ts (long tv_sec @0, long tv_usec @8); uint32 caplen @16; uint32 len @20; }
 *   struct pcap_stat   { uint32 ps_recv @0; uint32 ps_drop @4; uint32 ps_ifdrop @8; }
 *   struct bpf_program { uint32 bf_len @0; (4 bytes padding) struct bpf_insn *bf_insns @8; }
 * </pre>
 * With nanosecond precision (pcap_set_tstamp_precision) tv_usec holds nanoseconds.
 */
@SuppressWarnings("restricted") // native access is enabled for Warden (launcher, jar manifest, surefire)
final class Libpcap {
    static final String SONAME = "libpcap.so.0.8";
    /** libpcap's own SONAME, for systems that do not carry Debian's compatibility name. */
    static final String SONAME_UPSTREAM = "libpcap.so.1";

    static final int ERRBUF_SIZE = 256;
    static final long PKTHDR_TV_SEC = 0, PKTHDR_TV_FRAC = 8, PKTHDR_CAPLEN = 16, PKTHDR_LEN = 20;
    static final long STAT_SIZE = 16; // 12 on Linux; a few spare bytes cost nothing if a build adds a field
    static final long BPF_PROGRAM_SIZE = 16;

    // pcap_activate and pcap_next_ex results (pcap/pcap.h)
    static final int WARNING = 1, WARNING_PROMISC_NOTSUP = 2, WARNING_TSTAMP_TYPE_NOTSUP = 3;
    static final int ERROR = -1, ERROR_BREAK = -2, ERROR_NO_SUCH_DEVICE = -5, ERROR_PERM_DENIED = -8, ERROR_IFACE_NOT_UP = -9,
            ERROR_PROMISC_PERM_DENIED = -11, ERROR_TSTAMP_PRECISION_NOTSUP = -12;
    static final int TSTAMP_PRECISION_NANO = 1;
    static final int NETMASK_UNKNOWN = 0xFFFF_FFFF;

    final String library;
    final MethodHandle create, setSnaplen, setPromisc, setTimeout, setBufferSize, setImmediateMode, setTstampPrecision, activate,
            getTstampPrecision, datalink, nextEx, setnonblock, stats, breakloop, close, geterr, statustostr, compile, setfilter, freecode, libVersion,
            openDead;

    private static volatile Object loaded; // a Libpcap, or the message saying why it could not be loaded

    private Libpcap(String library, SymbolLookup lib) {
        this.library = library;
        Linker linker = Linker.nativeLinker();
        class Bind {
            MethodHandle fn(String name, FunctionDescriptor d) {
                return linker.downcallHandle(lib.findOrThrow(name), d);
            }
        }
        var b = new Bind();
        var intOfHandle = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        var intOfHandleInt = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT);
        create = b.fn("pcap_create", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        setSnaplen = b.fn("pcap_set_snaplen", intOfHandleInt);
        setPromisc = b.fn("pcap_set_promisc", intOfHandleInt);
        setTimeout = b.fn("pcap_set_timeout", intOfHandleInt);
        setBufferSize = b.fn("pcap_set_buffer_size", intOfHandleInt);
        setImmediateMode = b.fn("pcap_set_immediate_mode", intOfHandleInt);
        setTstampPrecision = b.fn("pcap_set_tstamp_precision", intOfHandleInt);
        activate = b.fn("pcap_activate", intOfHandle);
        getTstampPrecision = b.fn("pcap_get_tstamp_precision", intOfHandle);
        datalink = b.fn("pcap_datalink", intOfHandle);
        nextEx = b.fn("pcap_next_ex", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        setnonblock = b.fn("pcap_setnonblock", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        stats = b.fn("pcap_stats", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        breakloop = b.fn("pcap_breakloop", FunctionDescriptor.ofVoid(ADDRESS));
        close = b.fn("pcap_close", FunctionDescriptor.ofVoid(ADDRESS));
        geterr = b.fn("pcap_geterr", FunctionDescriptor.of(ADDRESS, ADDRESS));
        statustostr = b.fn("pcap_statustostr", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        compile = b.fn("pcap_compile", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT));
        setfilter = b.fn("pcap_setfilter", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        freecode = b.fn("pcap_freecode", FunctionDescriptor.ofVoid(ADDRESS));
        libVersion = b.fn("pcap_lib_version", FunctionDescriptor.of(ADDRESS));
        openDead = b.fn("pcap_open_dead", FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT));
    }

    /**
     * The process-wide binding, loaded on first use.
     *
     * @throws CaptureException naming the library when it is not installed (or lacks a function this binding needs)
     */
    static Libpcap get() throws CaptureException {
        Object l = loaded;
        if (l == null) {
            synchronized (Libpcap.class) {
                l = loaded;
                if (l == null) loaded = l = load();
            }
        }
        if (l instanceof String why) throw new CaptureException("libpcap", -1, why);
        return (Libpcap) l;
    }

    private static Object load() {
        for (String name : new String[]{SONAME, SONAME_UPSTREAM}) {
            SymbolLookup lib;
            try {
                lib = SymbolLookup.libraryLookup(name, Arena.global());
            } catch (IllegalArgumentException notFound) {
                continue;
            }
            try {
                return new Libpcap(name, lib);
            } catch (java.util.NoSuchElementException e) {
                return name + " lacks a function live capture needs (" + e.getMessage() + "); libpcap 1.5 or later is required";
            }
        }
        return "not installed (neither " + SONAME + " nor " + SONAME_UPSTREAM + " could be loaded); on Debian: apt-get install libpcap0.8";
    }

    /** A C string returned by libpcap (owned by it), as Java text. */
    static String string(MemorySegment cString) {
        return cString.equals(MemorySegment.NULL) ? "" : cString.reinterpret(Long.MAX_VALUE).getString(0);
    }

    String version() {
        try {
            return string((MemorySegment) libVersion.invokeExact());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException("libpcap call failed: " + t, t);
    }
}
