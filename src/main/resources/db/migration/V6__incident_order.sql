-- Incident lists come newest first a page at a time (GET /api/incidents): the order they are read in, indexed.
CREATE INDEX incident_first_seen ON incident(first_seen, id);
