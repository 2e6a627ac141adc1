package dev.warden.label;

import dev.warden.assess.Assessment;
import dev.warden.assess.DeviceEvidence;
import dev.warden.assess.Finding;
import dev.warden.assess.Verdict;
import dev.warden.login.Credential;
import dev.warden.probe.Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an assessment into a signed label document (schema warden.label/1, docs/label-format.md): the device, a verdict
 * with evidence and remediation per provision, the findings, the services, and an Ed25519 signature over the canonical
 * form of everything else.
 */
public final class Labeler {
    public static final String SCHEMA = "warden.label/1";
    private final SigningKey key;
    private final String tool;

    public Labeler(SigningKey key, String tool) {
        this.key = key;
        this.tool = tool;
    }

    public Map<String, Object> label(String auditId, Instant issuedAt, Assessment a, boolean showPasswords) {
        var doc = unsigned(auditId, issuedAt, a, showPasswords, key.keyId(), key.publicKeyBase64(), tool);
        byte[] sig = key.sign(Canonical.bytes(doc));
        doc.put("signature", ordered("algorithm", "Ed25519", "value", Base64.getEncoder().encodeToString(sig)));
        return doc;
    }

    static Map<String, Object> unsigned(String auditId, Instant issuedAt, Assessment a, boolean showPasswords, String keyId,
                                        String publicKey, String tool) {
        DeviceEvidence d = a.device();
        var doc = new LinkedHashMap<String, Object>();
        doc.put("schema", SCHEMA);
        doc.put("labelId", auditId + "/" + d.ip());
        doc.put("auditId", auditId);
        doc.put("issuedAt", issuedAt.toString());
        doc.put("issuer", ordered("tool", tool, "keyId", keyId, "publicKey", publicKey));
        doc.put("device", device(d));
        doc.put("grade", a.grade());
        var verdicts = new ArrayList<Map<String, Object>>();
        for (Verdict v : a.verdicts()) {
            var m = ordered("baseline", v.provision().baseline(), "provision", v.provision().id(), "title", v.provision().title(),
                    "verdict", v.status().label(), "evidence", v.evidence());
            if (v.remediation() != null) m.put("remediation", v.remediation());
            m.put("checks", v.checks());
            verdicts.add(m);
        }
        doc.put("verdicts", verdicts);
        doc.put("findings", findings(a.findings(), showPasswords));
        var services = new ArrayList<Map<String, Object>>();
        for (Service s : d.services()) {
            services.add(ordered("port", s.port(), "transport", s.transport().name().toLowerCase(), "protocol", s.protocol(),
                    "tls", s.tls(), "banner", s.banner()));
        }
        doc.put("services", services);
        if (!d.notes().isEmpty()) doc.put("notes", d.notes());
        return doc;
    }

    static Map<String, Object> device(DeviceEvidence d) {
        var m = new LinkedHashMap<String, Object>();
        m.put("ip", d.ip());
        putIf(m, "name", d.name());
        putIf(m, "mac", d.mac());
        putIf(m, "macVendor", d.macVendor());
        putIf(m, "manufacturer", d.identity().manufacturer());
        putIf(m, "model", d.identity().model());
        putIf(m, "firmware", d.identity().firmware());
        putIf(m, "cpe", d.identity().cpe());
        putIf(m, "type", d.identity().type());
        m.put("identification", d.identity().evidence());
        return m;
    }

    public static List<Map<String, Object>> findings(List<Finding> findings, boolean showPasswords) {
        var out = new ArrayList<Map<String, Object>>();
        for (Finding f : findings) {
            var m = ordered("check", f.checkId(), "severity", f.severity().label(), "port", f.port(), "protocol", f.protocol(),
                    "summary", f.summary(), "evidence", f.evidence());
            if (f.user() != null) m.put("user", f.user());
            if (f.secret() != null) m.put("password", showPasswords ? f.secret() : Credential.mask(f.secret()));
            m.put("provisions", f.provisions());
            m.put("remediation", f.remediation());
            out.add(m);
        }
        return out;
    }

    static LinkedHashMap<String, Object> ordered(Object... kv) {
        var m = new LinkedHashMap<String, Object>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private static void putIf(Map<String, Object> m, String k, Object v) {
        if (v != null) m.put(k, v);
    }
}
