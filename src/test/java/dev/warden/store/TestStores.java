package dev.warden.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Fresh, empty databases for tests on every configured backend: SQLite always; PostgreSQL too when
 * {@code WARDEN_TEST_JDBC_URL} names a database (testbed/postgres prints one), each test in a schema of its own that is
 * dropped afterwards. With {@code WARDEN_REQUIRE_TESTBED=1} a missing PostgreSQL URL fails instead of being skipped.
 * Use as {@code @MethodSource("dev.warden.store.TestStores#backends")}.
 */
public final class TestStores {
    public static final String ENV = "WARDEN_TEST_JDBC_URL";

    private TestStores() {}

    public enum Backend {
        SQLITE, POSTGRESQL;

        /** A new empty database of this kind; close it to remove it. */
        public Database fresh() {
            return this == SQLITE ? sqlite() : postgres();
        }

        @Override
        public String toString() {
            return name().toLowerCase();
        }
    }

    /** The backends to run on, SQLite first. */
    public static Stream<Backend> backends() {
        var out = new ArrayList<Backend>();
        out.add(Backend.SQLITE);
        if (postgresUrl() != null) out.add(Backend.POSTGRESQL);
        else if ("1".equals(System.getenv("WARDEN_REQUIRE_TESTBED"))) {
            throw new IllegalStateException("WARDEN_REQUIRE_TESTBED=1 but " + ENV + " is not set: start testbed/postgres and export its URL");
        }
        return out.stream();
    }

    public static List<Backend> list() {
        return backends().toList();
    }

    static String postgresUrl() {
        String url = System.getenv(ENV);
        return url == null || url.isBlank() ? null : url.trim();
    }

    /** One test's database: a JDBC URL that {@link SqlStore#open} migrates on first use, and can reopen. */
    public static final class Database implements AutoCloseable {
        private final Backend backend;
        private final String url;
        private final AutoCloseable cleanup;

        Database(Backend backend, String url, AutoCloseable cleanup) {
            this.backend = backend;
            this.url = url;
            this.cleanup = cleanup;
        }

        public Backend backend() {
            return backend;
        }

        public String url() {
            return url;
        }

        public Store open() {
            return SqlStore.open(url);
        }

        @Override
        public void close() {
            try {
                cleanup.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot remove the test database " + url + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return backend + " " + url;
        }
    }

    private static Database sqlite() {
        try {
            Path dir = Files.createTempDirectory("warden-store");
            return new Database(Backend.SQLITE, "jdbc:sqlite:" + dir.resolve("warden.db"), () -> {
                try (var files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Database postgres() {
        String base = postgresUrl();
        if (base == null) throw new IllegalStateException(ENV + " is not set");
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(base, "CREATE SCHEMA " + schema);
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new Database(Backend.POSTGRESQL, url, () -> execute(base, "DROP SCHEMA " + schema + " CASCADE"));
    }

    private static void execute(String url, String sql) {
        try (var c = DriverManager.getConnection(url); var st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + url + ": " + sql + ": " + e.getMessage(), e);
        }
    }
}
