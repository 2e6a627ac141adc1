-- Audits, devices, what they expose, what was found, and the signed labels. Natural keys only, so the same script
-- runs on SQLite and PostgreSQL.
CREATE TABLE audit (
    id            VARCHAR(64) PRIMARY KEY,
    started_at    VARCHAR(40) NOT NULL,
    finished_at   VARCHAR(40),
    elapsed_ms    BIGINT,
    scope         TEXT NOT NULL,
    targets       INTEGER NOT NULL,
    devices       INTEGER
);

CREATE TABLE device (
    device_key    VARCHAR(80) PRIMARY KEY,   -- mac:aa:bb:.. when the MAC is known, ip:a.b.c.d otherwise
    ip            VARCHAR(45) NOT NULL,
    mac           VARCHAR(17),
    mac_vendor    TEXT,
    manufacturer  TEXT,
    model         TEXT,
    firmware      TEXT,
    cpe           TEXT,
    device_type   TEXT,
    grade         VARCHAR(2),
    first_seen    VARCHAR(40) NOT NULL,
    last_seen     VARCHAR(40) NOT NULL,
    last_audit    VARCHAR(64) NOT NULL REFERENCES audit(id)
);

CREATE TABLE service (
    audit_id      VARCHAR(64) NOT NULL REFERENCES audit(id),
    device_key    VARCHAR(80) NOT NULL REFERENCES device(device_key),
    port          INTEGER NOT NULL,
    transport     VARCHAR(3) NOT NULL,
    protocol      VARCHAR(20) NOT NULL,
    tls           BOOLEAN NOT NULL,
    banner        TEXT NOT NULL,
    facts         TEXT NOT NULL,             -- JSON object
    PRIMARY KEY (audit_id, device_key, port, transport)
);

CREATE TABLE finding (
    audit_id      VARCHAR(64) NOT NULL REFERENCES audit(id),
    device_key    VARCHAR(80) NOT NULL REFERENCES device(device_key),
    seq           INTEGER NOT NULL,
    check_id      VARCHAR(64) NOT NULL,
    severity      VARCHAR(10) NOT NULL,
    port          INTEGER NOT NULL,
    protocol      VARCHAR(20) NOT NULL,
    summary       TEXT NOT NULL,
    evidence      TEXT NOT NULL,
    provisions    TEXT NOT NULL,             -- JSON array of provision keys
    remediation   TEXT NOT NULL,
    username      TEXT,
    secret        TEXT,                      -- the working default password; never printed unless asked
    PRIMARY KEY (audit_id, device_key, seq)
);

CREATE TABLE label (
    audit_id      VARCHAR(64) NOT NULL REFERENCES audit(id),
    device_key    VARCHAR(80) NOT NULL REFERENCES device(device_key),
    grade         VARCHAR(2) NOT NULL,
    issued_at     VARCHAR(40) NOT NULL,
    document      TEXT NOT NULL,             -- the signed label, exactly as signed
    PRIMARY KEY (audit_id, device_key)
);

CREATE INDEX finding_check ON finding(check_id);
CREATE INDEX label_device ON label(device_key, issued_at);
