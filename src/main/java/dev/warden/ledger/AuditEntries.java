package dev.warden.ledger;

import dev.warden.assess.Assessment;
import dev.warden.label.Canonical;
import dev.warden.label.Labeler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ledger entries for one audited device, appended as one batch (one signed tree head): the signed label, then one
 * entry per finding. Subject is the device's IP. Passwords are always masked here, whatever the audit printed: a
 * ledger entry can never be taken back.
 */
public final class AuditEntries {
    private AuditEntries() {}

    /** {@code maskedLabel} is the signed label document built without plaintext passwords. */
    public static List<Ledger.NewEntry> of(String auditId, Assessment assessment, Map<String, Object> maskedLabel) {
        String ip = assessment.device().ip();
        var out = new ArrayList<Ledger.NewEntry>();
        out.add(new Ledger.NewEntry("label", ip, Canonical.bytes(maskedLabel)));
        var findings = Labeler.findings(assessment.findings(), false);
        for (int i = 0; i < findings.size(); i++) {
            var body = new LinkedHashMap<String, Object>();
            body.put("auditId", auditId);
            body.put("labelId", maskedLabel.get("labelId"));
            body.put("index", i);
            body.put("finding", findings.get(i));
            out.add(new Ledger.NewEntry("finding", ip, Canonical.bytes(body)));
        }
        return out;
    }
}
