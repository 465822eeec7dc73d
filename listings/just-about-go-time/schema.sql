-- ANCHOR: schema
-- Something that happened: an instant. The server's clock orders and expires;
-- the device's clock is kept as a claim.
CREATE TABLE check_ins (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device_id   text        NOT NULL,
    taken_at    timestamptz NOT NULL,  -- device clock, as sent
    received_at timestamptz NOT NULL   -- server clock, authoritative
);
CREATE INDEX check_ins_received_at ON check_ins (received_at);

-- True when name is a zone in the server's tz database (not an abbreviation
-- such as 'CEST', not an offset such as '+02:00').
CREATE FUNCTION is_time_zone(name text) RETURNS boolean
    LANGUAGE sql STABLE
    RETURN EXISTS (SELECT FROM pg_timezone_names AS z WHERE z.name = is_time_zone.name);

-- Something that will happen at a local time: the wall time and the zone are
-- the facts; the instant is derived when read, under the rules in force then.
CREATE TABLE appointments (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title       text      NOT NULL,
    local_start timestamp NOT NULL,
    zone        text      NOT NULL CHECK (is_time_zone(zone))
);

CREATE VIEW appointment_instants AS
SELECT id, title, local_start, zone,
       local_start AT TIME ZONE zone AS starts_at
FROM appointments;
-- ANCHOR_END: schema
