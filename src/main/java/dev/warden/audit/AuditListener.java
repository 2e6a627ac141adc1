package dev.warden.audit;

import dev.warden.assess.Assessment;
import dev.warden.login.LoginResult;
import dev.warden.probe.Service;
import dev.warden.target.Target;

/** Hooks on the audit's progress (progress bar, store, logs). Every method has an empty default. */
public interface AuditListener {
    default void auditStarted(String auditId, int hosts) {}

    default void hostStarted(Target target) {}

    default void serviceFound(Target target, Service service) {}

    default void loginTested(Target target, LoginResult result) {}

    default void hostFinished(Target target, Assessment assessment) {}

    /** A host could not be audited at all (e.g. outside the scope); the audit goes on with the others. */
    default void hostFailed(Target target, String reason) {}

    /** Called once per host when it is done, whatever the outcome (for progress). */
    default void hostCompleted(Target target) {}

    default void auditFinished(AuditSummary summary) {}

    static AuditListener all(java.util.List<AuditListener> listeners) {
        return new AuditListener() {
            @Override public void auditStarted(String id, int hosts) { listeners.forEach(l -> l.auditStarted(id, hosts)); }
            @Override public void hostStarted(Target t) { listeners.forEach(l -> l.hostStarted(t)); }
            @Override public void serviceFound(Target t, Service s) { listeners.forEach(l -> l.serviceFound(t, s)); }
            @Override public void loginTested(Target t, LoginResult r) { listeners.forEach(l -> l.loginTested(t, r)); }
            @Override public void hostFinished(Target t, Assessment a) { listeners.forEach(l -> l.hostFinished(t, a)); }
            @Override public void hostFailed(Target t, String reason) { listeners.forEach(l -> l.hostFailed(t, reason)); }
            @Override public void hostCompleted(Target t) { listeners.forEach(l -> l.hostCompleted(t)); }
            @Override public void auditFinished(AuditSummary s) { listeners.forEach(l -> l.auditFinished(s)); }
        };
    }
}
