-- Issue 19, "Beyond one machine": the petitions table partitioned by county,
-- measured beside the table as it is. `make bench-partition` runs it in a
-- scratch database (PARTITION_DATABASE_URL, fazhi_partition by default):
--
--   psql -X -v ON_ERROR_STOP=1 -v source=fazhi_province -v year=2026 \
--        -f bench/partition/partition.sql postgres://…/fazhi_partition
--
-- It never writes to the source (the province of `make province`): it reads
-- petitions_petition and core_orgunit through postgres_fdw (PostgreSQL's
-- contrib, in the Debian package) and builds, in schema `part`:
--   orgunit          a copy of core_orgunit
--   petition_plain   a copy of petitions_petition with the same indexes the
--                    two queries below can use, plus a county_id column
--   petition_part    the same rows, PARTITION BY LIST (county_id), one
--                    partition per county
-- then shows what partitioning changes in the constraints (each attempt
-- that PostgreSQL refuses is caught and printed as a NOTICE), and times
-- the county list and the province roll-up three ways: the table as it is
-- (county through the unit's path), the table with a county_id column, and
-- the partitioned table. Citus is not installed here (no Debian package;
-- PyPI's "citus" is an unrelated web framework); docs/scale.md has the plan.

\set ON_ERROR_STOP 1
\if :{?year}
\else
  \set year 2026
\endif
SET client_min_messages = warning;  -- the drops of a previous run, quietly

CREATE EXTENSION IF NOT EXISTS postgres_fdw;
DROP SCHEMA IF EXISTS part CASCADE;
DROP SCHEMA IF EXISTS src CASCADE;
DROP SERVER IF EXISTS province CASCADE;
CREATE SERVER province FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host '127.0.0.1', dbname :'source', fetch_size '50000');
CREATE USER MAPPING FOR CURRENT_USER SERVER province OPTIONS (user 'postgres');
CREATE SCHEMA src;
IMPORT FOREIGN SCHEMA public LIMIT TO (petitions_petition, core_orgunit)
    FROM SERVER province INTO src;
CREATE SCHEMA part;
SET search_path = part, public;
SET client_min_messages = notice;

-- Units, and each unit's county: the second segment of its path
-- (00000001. province, 00000001.00000002. a county, then townships, villages).
CREATE TABLE orgunit AS SELECT * FROM src.core_orgunit;
ALTER TABLE orgunit ADD PRIMARY KEY (id);
CREATE INDEX ON orgunit (path varchar_pattern_ops);
ALTER TABLE orgunit ADD COLUMN county_id bigint;
UPDATE orgunit u SET county_id = c.id
FROM orgunit c WHERE c.depth = 1 AND u.depth >= 1 AND substr(u.path, 1, 18) = c.path;
-- The province's own offices: a partition of their own.
UPDATE orgunit SET county_id = id WHERE depth = 0;
ANALYZE orgunit;

-- The table as it is (same columns), plus county_id for the second way.
CREATE TABLE petition_plain AS
SELECT p.*, u.county_id FROM src.petitions_petition p JOIN orgunit u ON u.id = p.unit_id;
ALTER TABLE petition_plain ADD PRIMARY KEY (id);
ALTER TABLE petition_plain ADD UNIQUE (number);
-- The indexes of petitions.Petition.Meta the two queries may use.
CREATE INDEX ON petition_plain (unit_id, received_on);
CREATE INDEX ON petition_plain (stage, received_on);
CREATE INDEX ON petition_plain (received_on, id);
CREATE INDEX ON petition_plain (responsible_unit_id);
CREATE INDEX ON petition_plain (accused_unit_id);
CREATE INDEX ON petition_plain (county_id, stage, received_on);
ANALYZE petition_plain;

-- The partitioned copy: one partition per county.
CREATE TABLE petition_part (LIKE petition_plain INCLUDING DEFAULTS)
    PARTITION BY LIST (county_id);
DO $$
DECLARE c record;
BEGIN
    FOR c IN SELECT id FROM orgunit WHERE depth <= 1 ORDER BY id LOOP
        EXECUTE format('CREATE TABLE petition_part_%s PARTITION OF petition_part FOR VALUES IN (%s)',
                       c.id, c.id);
    END LOOP;
END $$;

\echo
\echo '== What partitioning changes in the constraints =='
-- 1. The primary key must hold the partition key.
DO $$ BEGIN
    ALTER TABLE petition_part ADD PRIMARY KEY (id);
    RAISE NOTICE 'PRIMARY KEY (id): accepted';
EXCEPTION WHEN others THEN
    RAISE NOTICE 'PRIMARY KEY (id) refused: %', SQLERRM;
END $$;
ALTER TABLE petition_part ADD PRIMARY KEY (county_id, id);
\echo 'PRIMARY KEY (county_id, id): accepted'
-- 2. So must every unique constraint: the document number is unique per
--    county only (numbers carry the township's prefix, core.numbering).
DO $$ BEGIN
    ALTER TABLE petition_part ADD UNIQUE (number);
    RAISE NOTICE 'UNIQUE (number): accepted';
EXCEPTION WHEN others THEN
    RAISE NOTICE 'UNIQUE (number) refused: %', SQLERRM;
END $$;
ALTER TABLE petition_part ADD UNIQUE (county_id, number);
\echo 'UNIQUE (county_id, number): accepted'
-- 3. A foreign key to a petition must name the whole key: the referring
--    tables (stage changes, petitioners, clocks …) carry county_id too.
DO $$ BEGIN
    CREATE TABLE stage_change_try (id bigint, petition_id bigint REFERENCES petition_part (id));
    RAISE NOTICE 'REFERENCES petition_part (id): accepted';
EXCEPTION WHEN others THEN
    RAISE NOTICE 'REFERENCES petition_part (id) refused: %', SQLERRM;
END $$;
CREATE TABLE stage_change_try (
    id bigint, county_id bigint, petition_id bigint,
    FOREIGN KEY (county_id, petition_id) REFERENCES petition_part (county_id, id)
);
\echo 'FOREIGN KEY (county_id, petition_id) REFERENCES petition_part (county_id, id): accepted'
DROP TABLE stage_change_try;
INSERT INTO petition_part SELECT * FROM petition_plain;
CREATE INDEX ON petition_part (unit_id, received_on);
CREATE INDEX ON petition_part (stage, received_on);
CREATE INDEX ON petition_part (received_on, id);
CREATE INDEX ON petition_part (responsible_unit_id);
CREATE INDEX ON petition_part (accused_unit_id);
CREATE INDEX ON petition_part (county_id, stage, received_on);
ANALYZE petition_part;

\echo
\echo '== Data =='
SELECT (SELECT count(*) FROM petition_plain) AS petitions,
       (SELECT count(*) FROM orgunit WHERE depth = 1) AS counties,
       (SELECT count(*) FROM orgunit WHERE kind = 'township') AS townships,
       pg_size_pretty(pg_total_relation_size('petition_plain')) AS plain_size,
       (SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid)))
          FROM pg_inherits WHERE inhparent = 'petition_part'::regclass) AS partitioned_size;
-- The scope reads a petition by its registering unit OR its responsible
-- unit; partitioning by the registering unit's county keeps a county's list
-- in one partition only if no responsible unit lies in another county.
SELECT count(*) AS responsible_unit_in_another_county
FROM petition_plain p JOIN orgunit r ON r.id = p.responsible_unit_id
WHERE r.county_id IS DISTINCT FROM p.county_id;

-- Timing: n runs of some statements after one first run; milliseconds.
CREATE FUNCTION pg_temp.timed(qs text[], n int)
RETURNS TABLE (first_ms numeric, p50_ms numeric, p95_ms numeric) LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; ms numeric[] := '{}'; first numeric; q text;
BEGIN
    t0 := clock_timestamp();
    FOREACH q IN ARRAY qs LOOP EXECUTE q; END LOOP;
    first := extract(epoch FROM clock_timestamp() - t0) * 1000;
    FOR i IN 1..n LOOP
        t0 := clock_timestamp();
        FOREACH q IN ARRAY qs LOOP EXECUTE q; END LOOP;
        ms := ms || (extract(epoch FROM clock_timestamp() - t0) * 1000);
    END LOOP;
    SELECT array_agg(x ORDER BY x) INTO ms FROM unnest(ms) x;
    RETURN QUERY SELECT round(first, 1), round(ms[greatest(1, (n + 1) / 2)], 1),
                        round(ms[greatest(1, ceil(0.95 * n)::int)], 1);
END $$;

-- The county: the first county in path order, as scripts/bench_http.py's supervisor.
SELECT id AS county, path AS county_path FROM orgunit WHERE depth = 1 ORDER BY path LIMIT 1 \gset
SELECT string_agg(id::text, ',') AS units FROM orgunit WHERE path LIKE :'county_path' || '%' \gset

\echo
\echo '== County list: stage accepted, newest first, 25 rows + the count (the ledger''s two queries) =='
\echo '-- the scope as the ledger writes it (units of the county, registering OR responsible)'
SELECT 'as it is' AS way, * FROM pg_temp.timed(ARRAY[format($q$
    SELECT count(*) FROM petition_plain
    WHERE (unit_id IN (%1$s) OR responsible_unit_id IN (%1$s)) AND stage = 'accepted'$q$, :'units'),
    format($q$
    SELECT id, number, title, received_on FROM petition_plain
    WHERE (unit_id IN (%1$s) OR responsible_unit_id IN (%1$s)) AND stage = 'accepted'
    ORDER BY received_on DESC, id DESC LIMIT 25$q$, :'units')], 30)
UNION ALL
SELECT 'county_id column', * FROM pg_temp.timed(ARRAY[format($q$
    SELECT count(*) FROM petition_plain WHERE county_id = %1$s AND stage = 'accepted'$q$, :county),
    format($q$
    SELECT id, number, title, received_on FROM petition_plain
    WHERE county_id = %1$s AND stage = 'accepted'
    ORDER BY received_on DESC, id DESC LIMIT 25$q$, :county)], 30)
UNION ALL
SELECT 'partitioned by county', * FROM pg_temp.timed(ARRAY[format($q$
    SELECT count(*) FROM petition_part WHERE county_id = %1$s AND stage = 'accepted'$q$, :county),
    format($q$
    SELECT id, number, title, received_on FROM petition_part
    WHERE county_id = %1$s AND stage = 'accepted'
    ORDER BY received_on DESC, id DESC LIMIT 25$q$, :county)], 30);

\echo
\echo '== Province roll-up from the records (no snapshot): per county, the year''s figures =='
\echo '-- first_ms: the first run in this session (the rows may be in shared buffers or'
\echo '-- the OS cache already: this script does not restart PostgreSQL or drop caches)'
SELECT 'as it is (county from the unit''s path)' AS way, * FROM pg_temp.timed(ARRAY[format($q$
    SELECT substr(u.path, 1, 18), count(*),
           count(*) FILTER (WHERE p.stage = 'closed'),
           count(*) FILTER (WHERE p.is_repeat),
           count(*) FILTER (WHERE p.channel = 'visit'),
           avg(p.closed_on - p.received_on) FILTER (WHERE p.closed_on IS NOT NULL)
    FROM petition_plain p JOIN orgunit u ON u.id = p.unit_id
    WHERE p.received_on BETWEEN make_date(%1$s, 1, 1) AND make_date(%1$s, 12, 31)
    GROUP BY 1$q$, :year)], 10)
UNION ALL
SELECT 'county_id column', * FROM pg_temp.timed(ARRAY[format($q$
    SELECT county_id, count(*),
           count(*) FILTER (WHERE stage = 'closed'),
           count(*) FILTER (WHERE is_repeat),
           count(*) FILTER (WHERE channel = 'visit'),
           avg(closed_on - received_on) FILTER (WHERE closed_on IS NOT NULL)
    FROM petition_plain
    WHERE received_on BETWEEN make_date(%1$s, 1, 1) AND make_date(%1$s, 12, 31)
    GROUP BY 1$q$, :year)], 10)
UNION ALL
SELECT 'partitioned by county', * FROM pg_temp.timed(ARRAY[format($q$
    SELECT county_id, count(*),
           count(*) FILTER (WHERE stage = 'closed'),
           count(*) FILTER (WHERE is_repeat),
           count(*) FILTER (WHERE channel = 'visit'),
           avg(closed_on - received_on) FILTER (WHERE closed_on IS NOT NULL)
    FROM petition_part
    WHERE received_on BETWEEN make_date(%1$s, 1, 1) AND make_date(%1$s, 12, 31)
    GROUP BY 1$q$, :year)], 10);

\echo
\echo '== Plans (partition pruning on the county list) =='
EXPLAIN (COSTS OFF)
SELECT id FROM petition_part WHERE county_id = :county AND stage = 'accepted'
ORDER BY received_on DESC, id DESC LIMIT 25;
SELECT current_setting('max_parallel_workers_per_gather') AS parallel_workers,
       current_setting('enable_partitionwise_aggregate') AS partitionwise_aggregate,
       current_setting('shared_buffers') AS shared_buffers;
