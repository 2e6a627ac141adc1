package dev.warden.cli;

import dev.warden.config.Settings;
import dev.warden.label.SigningKey;
import dev.warden.ledger.Ledger;
import dev.warden.store.SqlStore;
import dev.warden.store.Store;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Where Warden keeps its database and keys, and how its settings are overridden. Shared by every command. */
public final class HomeOptions {
    @Option(names = "--home", paramLabel = "DIR", description = "Warden's home: database, signing key, labels (default: $WARDEN_HOME or ~/.warden)")
    Path home;

    @Option(names = "--db", paramLabel = "PATH|JDBC-URL", description = "Database file or JDBC URL (default: HOME/warden.db)")
    String db;

    @Option(names = "--config", paramLabel = "FILE", description = "Settings file laid over the reference configuration (docs/configuration.md)")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting, e.g. --set audit.probe-timeout=5s")
    List<String> set = new ArrayList<>();

    /** These options as command-line arguments, to run another command with the same home, database and settings. */
    public List<String> asArguments() {
        var out = new ArrayList<String>();
        out.add("--home");
        out.add(home().toString());
        if (db != null) {
            out.add("--db");
            out.add(db);
        }
        if (config != null) {
            out.add("--config");
            out.add(config.toString());
        }
        for (String kv : set) {
            out.add("--set");
            out.add(kv);
        }
        return out;
    }

    public Path home() {
        if (home != null) return home;
        String env = System.getenv("WARDEN_HOME");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".warden");
    }

    public Store openStore() {
        if (db != null && db.startsWith("jdbc:")) return SqlStore.open(db);
        return SqlStore.sqlite(db != null ? Path.of(db) : home().resolve("warden.db"));
    }

    /** The database as a person would name it: the file, or the JDBC URL. */
    public String describeStore() {
        if (db != null && db.startsWith("jdbc:")) return db;
        return (db != null ? Path.of(db) : home().resolve("warden.db")).toString();
    }

    /** The ledger in the same database as the store, for appending under Warden's key. */
    public Ledger openLedger(SigningKey key, Clock clock) {
        return Ledger.open(jdbcUrl(), key, clock);
    }

    /** The ledger in the same database as the store, to read, prove and verify. */
    public Ledger readLedger() {
        return Ledger.readOnly(jdbcUrl());
    }

    private String jdbcUrl() {
        return db != null && db.startsWith("jdbc:") ? db : Ledger.sqliteUrl(db != null ? Path.of(db) : home().resolve("warden.db"));
    }

    public Settings settings() {
        Settings s = Settings.reference();
        if (config != null) s = s.withFile(config);
        for (String kv : set) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--set needs KEY=VALUE, got '" + kv + "'");
            s = s.with(kv.substring(0, eq).trim(), kv.substring(eq + 1));
        }
        return s;
    }
}
