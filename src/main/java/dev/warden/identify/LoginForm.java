package dev.warden.identify;

import dev.warden.probe.Service;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A web login form that a fingerprint declares: where to POST, the field names, and how the device says yes or no.
 * Generic form guessing would be unreliable and could trigger actions; Warden only fills forms a fingerprint describes.
 */
public record LoginForm(String path, String userField, String passwordField, String extra, Pattern success, Pattern failure) {

    /** The form's description as service facts, for the authenticator to read. */
    public Service attachTo(Service s) {
        Map<String, String> f = new HashMap<>();
        f.put("http.form.path", path);
        f.put("http.form.user", userField);
        f.put("http.form.password", passwordField);
        f.put("http.form.extra", extra);
        f.put("http.form.success", success.pattern());
        f.put("http.form.failure", failure.pattern());
        return s.withFacts(f);
    }
}
