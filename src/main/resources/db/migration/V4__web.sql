-- API tokens of 'warden serve' (docs/serve.md). Only the SHA-256 of a token is kept; the token itself is shown once,
-- when it is made. Natural keys and text only, so the same script runs on SQLite and PostgreSQL.
CREATE TABLE api_token (
    id            VARCHAR(16) PRIMARY KEY,   -- public handle (first 12 hex digits of the hash, prefixed 't'): safe to show and log
    name          VARCHAR(100) NOT NULL,
    role          VARCHAR(10) NOT NULL,      -- viewer, operator, admin
    token_hash    CHAR(64) NOT NULL UNIQUE,  -- lower-case hex SHA-256 of the token's UTF-8 bytes
    created_at    VARCHAR(40) NOT NULL,
    revoked_at    VARCHAR(40)
);
