package dev.warden.assess;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A provision of a baseline that a network test can speak to, cited by its exact identifier. */
public record Provision(String baseline, String id, String title) {
    public static final String EN = "ETSI EN 303 645";
    public static final String PSTI = "UK PSTI";
    public static final String SB327 = "California SB-327";
    public static final String CRA = "EU CRA";

    public static final Provision EN_5_1_1 = new Provision(EN, "5.1-1", "No universal default passwords");
    public static final Provision EN_5_1_3 = new Provision(EN, "5.1-3", "Authentication uses best-practice cryptography");
    public static final Provision EN_5_1_5 = new Provision(EN, "5.1-5", "Brute-force protection on network interfaces");
    public static final Provision EN_5_3_2 = new Provision(EN, "5.3-2", "Software can be updated securely (no known exploitable vulnerability left unpatched)");
    public static final Provision EN_5_5_1 = new Provision(EN, "5.5-1", "Communicate securely: best-practice cryptography");
    public static final Provision EN_5_5_5 = new Provision(EN, "5.5-5", "Security-relevant functions only after authentication");
    public static final Provision EN_5_6_1 = new Provision(EN, "5.6-1", "Unused interfaces disabled");
    public static final Provision EN_5_6_2 = new Provision(EN, "5.6-2", "Minimal unauthenticated disclosure of security-relevant information");
    public static final Provision PSTI_1 = new Provision(PSTI, "Sch1-1", "Passwords unique per product or defined by the user");
    public static final Provision SB327_B = new Provision(SB327, "1798.91.04(b)", "Preprogrammed password unique to each device");
    public static final Provision CRA_2A = new Provision(CRA, "AnnexI-I(2)(a)", "No known exploitable vulnerabilities");
    public static final Provision CRA_2B = new Provision(CRA, "AnnexI-I(2)(b)", "Secure by default configuration");
    public static final Provision CRA_2D = new Provision(CRA, "AnnexI-I(2)(d)", "Protection from unauthorised access");
    public static final Provision CRA_2E = new Provision(CRA, "AnnexI-I(2)(e)", "Confidentiality of data in transit");
    public static final Provision CRA_2J = new Provision(CRA, "AnnexI-I(2)(j)", "Limit attack surfaces");

    /** Every provision a label reports on, in the order the label lists them. */
    public static final List<Provision> ALL = List.of(EN_5_1_1, EN_5_1_3, EN_5_1_5, EN_5_3_2, EN_5_5_1, EN_5_5_5, EN_5_6_1,
            EN_5_6_2, PSTI_1, SB327_B, CRA_2A, CRA_2B, CRA_2D, CRA_2E, CRA_2J);

    private static final Map<String, Provision> BY_KEY = ALL.stream().collect(Collectors.toMap(Provision::key, Function.identity()));

    public String key() {
        return baseline + " " + id;
    }

    public static Provision byKey(String key) {
        Provision p = BY_KEY.get(key);
        if (p == null) throw new IllegalArgumentException("unknown provision '" + key + "'");
        return p;
    }
}
