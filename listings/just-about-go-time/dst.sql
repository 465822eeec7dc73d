-- Calendar arithmetic and local times that do not exist or exist twice.
-- ANCHOR: dst
SET TimeZone = 'America/New_York';
SELECT '2026-03-07 12:00'::timestamptz + interval '1 day'    AS plus_1_day,
       '2026-03-07 12:00'::timestamptz + interval '24 hours' AS plus_24_hours;

SELECT '2026-03-08 02:30'::timestamptz AS skipped_0230,
       '2026-11-01 01:30'::timestamptz AS repeated_0130;
-- ANCHOR_END: dst

-- ANCHOR: offsets
SET TimeZone = 'UTC';
SELECT timestamp '2026-05-12 09:30' AT TIME ZONE 'Europe/Berlin' AS berlin_wall_to_instant,
       timestamptz '2026-05-12 07:30+00' AT TIME ZONE 'Europe/Berlin' AS instant_to_berlin_wall,
       timestamptz '2026-05-12 07:30+00' AT TIME ZONE '+02:00' AS posix_plus_02_is_west;
-- ANCHOR_END: offsets
