package dev.warden.web;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an API token may do. Each role includes the ones before it: a viewer reads, an operator also acts, an admin also manages tokens. */
public enum Role {
    VIEWER, OPERATOR, ADMIN;

    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String s) {
        for (Role r : values()) if (r.id().equals(s == null ? "" : s.trim().toLowerCase(Locale.ROOT))) return r;
        throw new IllegalArgumentException("unknown role '" + s + "' (use " + Arrays.stream(values()).map(Role::id).collect(Collectors.joining(", ")) + ")");
    }
}
