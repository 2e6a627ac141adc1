package dev.warden.login;

import dev.warden.probe.Service;

import java.util.List;

/** The outcome of testing one service's login against the dictionary. */
public record LoginResult(Service service, Status status, Credential credential, String evidence, int attempts,
                          String reason, List<Attempt> trail) {
    public enum Status {
        /** A pair from the dictionary logged in: a universal default password. */
        DEFAULT_CREDENTIAL,
        /** A random user name and password logged in: the device does not check credentials. */
        ACCEPTS_ANY,
        /** Every pair tried was refused. */
        NONE_WORKED,
        /** Testing stopped before the dictionary was exhausted or could not start (reason says why). */
        INCOMPLETE
    }
}
