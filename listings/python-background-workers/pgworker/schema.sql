-- The job queue: one table in the application's own PostgreSQL database.

-- ANCHOR: jobs
CREATE TABLE jobs (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         text        NOT NULL,
    payload      jsonb       NOT NULL DEFAULT '{}',
    -- Producer-side idempotency: one job per business event, however often it is enqueued.
    dedupe_key   text        UNIQUE,
    state        text        NOT NULL DEFAULT 'ready'
                             CHECK (state IN ('ready', 'running', 'done', 'dead')),
    attempts     integer     NOT NULL DEFAULT 0,
    max_attempts integer     NOT NULL DEFAULT 5 CHECK (max_attempts > 0),
    -- When a worker may claim the job: its scheduled time while ready,
    -- the end of its lease while running.
    visible_at   timestamptz NOT NULL DEFAULT now(),
    -- A new token for every claim: only the current holder can finish the job.
    lease_token  uuid,
    last_error   text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz
);

-- Finished jobs pile up; the index that claims read holds only the live ones.
CREATE INDEX jobs_claimable ON jobs (visible_at) WHERE state IN ('ready', 'running');
-- ANCHOR_END: jobs
