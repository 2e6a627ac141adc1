-- Incident lists and the counts beside them read indexes, not the incidents' documents (about 1.5 KB each):
-- a page of GET /api/incidents in the list's order, its figures by day and status, and the open incidents counted
-- per device for GET /api/devices (with 5,045 stored incidents that count read the whole table: 12-20 ms a request).
CREATE INDEX incident_first_seen ON incident(first_seen, status, id);
CREATE INDEX incident_device_status ON incident(device_ip, device_mac, status);
