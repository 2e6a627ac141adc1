package dev.warden.assess;

import java.util.List;

/**
 * One thing a check found on a device, with the evidence that shows it and the step the owner can take.
 * {@code secret} holds a working password; output masks it unless the user asked to see passwords.
 */
public record Finding(String checkId, String host, int port, String protocol, Severity severity, String summary,
                      String evidence, List<String> provisions, String remediation, String user, String secret) {
    public Finding {
        provisions = List.copyOf(provisions);
    }
}
