-- Runs of 'warden watch' and the incidents they raised, with each incident's timeline (docs/watch.md, docs/serve.md).
-- Every row that matters as evidence is also in the ledger (ledger_seq); these tables are the index people query.
-- Natural keys and text only, so the same script runs on SQLite and PostgreSQL.
CREATE TABLE watch_run (
    id            VARCHAR(16) PRIMARY KEY,   -- W1, W2, ... in the order runs began
    seq           INTEGER NOT NULL UNIQUE,
    started_at    VARCHAR(40) NOT NULL,
    finished_at   VARCHAR(40),
    inputs        TEXT NOT NULL,             -- what was read: files, an interface, a NetFlow listener
    summary       TEXT                       -- JSON: records, packets, flows, devices, skipped
);

CREATE TABLE incident (
    id            VARCHAR(40) PRIMARY KEY,   -- W3-I2: the run, then the incident's number in that run
    run_id        VARCHAR(16) NOT NULL REFERENCES watch_run(id),
    device_ip     VARCHAR(45) NOT NULL,
    device_mac    VARCHAR(17),
    detector      VARCHAR(64) NOT NULL,
    severity      VARCHAR(10) NOT NULL,
    first_seen    VARCHAR(40) NOT NULL,      -- ISO-8601 instants of the traffic (event time)
    last_seen     VARCHAR(40) NOT NULL,
    detected_at   VARCHAR(40) NOT NULL,
    active        BOOLEAN NOT NULL,          -- the detector still saw it when the run last reported
    status        VARCHAR(16) NOT NULL,      -- open, acknowledged, closed: what people did about it
    revision      INTEGER NOT NULL,
    document      TEXT NOT NULL,             -- the latest revision, as JSON Lines prints it
    excerpt_path  TEXT,                      -- pcap excerpt of its packets (packet inputs only)
    excerpt_sha256 CHAR(64),
    excerpt_packets BIGINT,
    ledger_seq    BIGINT,                    -- the latest ledger entry about it
    recorded_at   VARCHAR(40) NOT NULL
);
CREATE INDEX incident_device ON incident(device_ip);
CREATE INDEX incident_run ON incident(run_id);

CREATE TABLE incident_event (
    incident_id   VARCHAR(40) NOT NULL REFERENCES incident(id),
    seq           INTEGER NOT NULL,
    happened_at   VARCHAR(40) NOT NULL,      -- traffic time for what the detector saw, clock time for people's actions
    event_kind    VARCHAR(20) NOT NULL,      -- opened, updated, ended, excerpt, acknowledged, closed
    by_token      VARCHAR(16),
    by_name       VARCHAR(100),
    note          TEXT,
    revision      INTEGER,
    ledger_seq    BIGINT,
    recorded_at   VARCHAR(40) NOT NULL,
    PRIMARY KEY (incident_id, seq)
);
