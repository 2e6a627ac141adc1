-- The evidence ledger (docs/ledger.md): an append-only Merkle tree in the manner of RFC 6962/9162. Natural keys only,
-- hashes as lower-case hex text, times as milliseconds or ISO-8601 text, so the same script runs on SQLite and PostgreSQL.

-- One row per leaf. seq is the leaf index: 0, 1, 2... with no gaps. entry holds the exact leaf data (canonical JSON that
-- repeats seq, kind, subject and recorded_at); the other columns are an index that 'warden ledger verify' checks against it.
CREATE TABLE ledger_entry (
    seq           BIGINT PRIMARY KEY,
    kind          VARCHAR(32) NOT NULL,       -- label, finding, incident, incident-update, ack, ...
    subject       VARCHAR(512) NOT NULL,      -- a device IP, an incident id, ...
    recorded_at   VARCHAR(40) NOT NULL,
    entry         TEXT NOT NULL,
    leaf_hash     CHAR(64) NOT NULL           -- SHA-256(0x00 || entry)
);

-- Complete subtrees above the leaves, written as appends complete them, so that proofs at any size read O(log n) rows.
-- height 1 is the parent of two leaves; (height, idx) covers leaves [idx * 2^height, (idx + 1) * 2^height).
CREATE TABLE ledger_node (
    height        INTEGER NOT NULL,
    idx           BIGINT NOT NULL,
    hash          CHAR(64) NOT NULL,
    PRIMARY KEY (height, idx)
);

-- Signed tree heads, one per committed batch of appends, numbered in signing order.
CREATE TABLE ledger_tree_head (
    head_seq      BIGINT PRIMARY KEY,
    tree_size     BIGINT NOT NULL,
    signed_at     BIGINT NOT NULL,            -- milliseconds since 1970-01-01T00:00:00Z, exactly as signed
    root_hash     CHAR(64) NOT NULL,
    key_id        VARCHAR(16) NOT NULL,
    signature     VARCHAR(100) NOT NULL       -- base64 Ed25519 over the byte form in docs/ledger.md
);

CREATE UNIQUE INDEX ledger_tree_head_size ON ledger_tree_head(tree_size);
CREATE INDEX ledger_entry_subject ON ledger_entry(subject, seq);
CREATE INDEX ledger_entry_kind ON ledger_entry(kind, seq);
