-- What timestamptz and timestamp keep of the same input.
-- ANCHOR: storage
SET TimeZone = 'UTC';
SELECT '2026-05-12 09:30:00+02'::timestamptz AS timestamptz_from_plus_02,
       '2026-05-12 09:30:00+02'::timestamp   AS timestamp_from_plus_02;

SET TimeZone = 'Asia/Tokyo';
SELECT '2026-05-12 09:30:00+02'::timestamptz AS same_input_shown_in_tokyo;

SELECT '2026-05-12 09:30:00.1234567+02'::timestamptz AS seven_fraction_digits,
       '2016-12-31 23:59:60+00'::timestamptz    AS leap_second;
-- ANCHOR_END: storage
