package jobq

// Schema creates the queue: a clock function, the jobs table and its two partial indexes.
const Schema = `
-- ANCHOR: clock
-- Every timestamp the queue compares or schedules comes from the database, never from a worker.
-- Tests replace this function with one that reads a settable clock.
CREATE FUNCTION jobq_now() RETURNS timestamptz LANGUAGE sql STABLE RETURN now();
-- ANCHOR_END: clock

-- ANCHOR: table
CREATE TABLE jobs (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         text        NOT NULL,
    args         jsonb       NOT NULL,
    unique_key   text,                       -- at most one live job per key
    state        text        NOT NULL DEFAULT 'ready'
                 CHECK (state IN ('ready', 'running', 'done', 'dead')),
    run_at       timestamptz NOT NULL DEFAULT jobq_now(), -- ready: not before; running: lease end
    attempts     int         NOT NULL DEFAULT 0,
    max_attempts int         NOT NULL DEFAULT 5,
    lease_token  uuid,
    last_error   text
);

-- The claim reads only live jobs, however many finished ones the table holds.
CREATE INDEX jobs_claimable ON jobs (run_at) WHERE state IN ('ready', 'running');

-- Unique jobs: a second live job with the same key cannot exist.
CREATE UNIQUE INDEX jobs_unique_live ON jobs (unique_key)
    WHERE state IN ('ready', 'running');
-- ANCHOR_END: table
`

// FakeClock replaces jobq_now() with a clock that tests and scenarios move by hand.
const FakeClock = `
CREATE TABLE fake_clock (t timestamptz NOT NULL);
INSERT INTO fake_clock VALUES ('2026-12-03 09:00:00+00');
CREATE OR REPLACE FUNCTION jobq_now() RETURNS timestamptz LANGUAGE sql STABLE
    BEGIN ATOMIC SELECT t FROM fake_clock; END;
`
