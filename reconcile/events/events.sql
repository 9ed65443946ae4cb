-- Reconciliation: group claims into events, then type every difference between their values.
--
-- Loaded by reconcile/events/grouping.py, which first writes the run's parameters (rc_params, rc_unit_anc:
-- the profile's grouping keys and unit classes, as data) and then runs the sections below in order (each
-- starts with "-- name: <section>") inside one transaction. Everything reads `claims` and `articles`; only
-- the four tables created here (events, event_claims, conflicts, event_relations) are written, plus the nullable column
-- articles.source_group (ingest's near-duplicate cluster), added if missing so this runs with or without it.
--
-- The engine knows no topic: what a figure counts (measure), how figures of that measure behave
-- (measure_kind) and how units nest come from the profile, through the claims and the parameters.
--
-- Vocabulary used throughout
--   measure kind  stock (a tally that is revised: a toll), flow (additive waves: expulsions, arrests),
--                 level (one quantity sources estimate: a crowd, a haul, a magnitude). Unknown = level.
--   measure key   the measure code; for a "worded" measure (rc_params.worded, the profile's catch-all) the
--                 code plus counted_head, the lemmatised head of the article's own words for what is
--                 counted (core/heads.py), so "5 floors" never meets "3 cars" while "five suspicious
--                 boats" meets "five boats".
--   party key     how grouping names a party: its code, or for a multi-party group (actor or target
--                 'MULTI') the code with its members, 'MULTI[DNK,ESP,EST,ITA,SWE]', so two different
--                 coalitions are never one event while the same coalition reported twice still meets.
--                 A group stored without members falls back to its own wording, 'MULTI[?italy, spain, ...]'.
--   place key     the claim's place; an ISO 3166-2-like code ('IDN-AC') has a root, its country ('IDN').
--   partition     measure key | place root | actor key | target key [| source] (the blocking key). A missing
--                 party or place is '-', and so is a target in words that name no party ("pirates": loose
--                 wording splits nothing, as actors do not in news); a key the profile does not group by
--                 (rc_params) is '*'. Everything
--                 compared with each other lives in one partition, so work is only ever joined within a
--                 partition, never across all claims, and a run can be sharded by partition.
--                 A claim whose actor was named but not resolved (actor_text, no actor) is a partition of
--                 its own (never grouped, never compared).
--   place         within a partition, a claim placed at the country only ('IDN') takes the one finer
--                 place its partition names ('IDN-AC'); with two (West Papua and Aceh) it stays apart.
--   event key     partition | place | unit | scope. Direction is part of it (DEU->RUS is not RUS->DEU),
--                 aggregates never share an event with single claims, units are never mixed.
--   window        [d_lo, d_hi]: the claim's date range (event_date, or date_low..date_high; an open
--                 "since April" runs to the article's publication date). NULL = date unknown.
--   precise       a window of at most 3 days. Precise claims define events (islands of overlapping
--                 windows; for a stock, windows up to 7 days apart still chain: a toll reported on
--                 Monday, Tuesday and Wednesday is one toll); wide windows and undated claims attach.
--   published     the article's publication date; when it has none, its story's day (rc_story: a dated
--                 copy, else the latest full date its text writes or day its own precise claims report).
--   reported      when the figure was reported: the article's publication date (known or read off its own
--                 dates, see published). An article that dates nothing has no report date: its "9.1 in
--                 2004" may be written in 2004 or 2013, so it never makes a contradiction.
--   unanchored    no window and no publication date (the article dates nothing): nothing says when the
--                 figure is from. Such a claim joins an event only where the same specific figure is
--                 already reported, or, for a small figure, where a specific figure of its article joined
--                 a dated event (see attach_undated).
--   precision     an exact figure is compared at its written precision: just under half a unit of its last
--                 written digit either side ("6 miles" meets "6.2 miles"; 24 and 25 dead stay apart).
--   counted       modality not in (denied, threatened): only counted figures make a consensus or are
--                 flagged; the others stay in their event as context.
--   source group  coalesce(articles.source_group, article_id): copies of one wire count once.
--   interval      [low, high] per value, closed, NULL = unbounded. Two values disagree only when their
--                 intervals do not overlap.
--   running total an aggregate that counts everything since some start ("at least 300 since the invasion")
--                 and so includes any wave inside it ("206 at the beginning of April"); see classify.

-- name: schema
CREATE TABLE IF NOT EXISTS events (
    event_id         VARCHAR PRIMARY KEY,  -- 'ev_' || 16 hex; kept across runs (see section assign_ids)
    partition_key    VARCHAR NOT NULL,     -- measure key|place root|actor key|target key (or 'unresolved|<claim_id>')
    event_key        VARCHAR NOT NULL,     -- partition key|place|unit|scope
    measure          VARCHAR NOT NULL,     -- the profile's measure code (killed, participants, expelled, ...)
    measure_kind     VARCHAR NOT NULL,     -- stock | flow | level
    place            VARCHAR,              -- place key (the finer one when a country-level claim joined it)
    actor            VARCHAR,
    actor_members    VARCHAR,              -- actor MULTI: members' codes, sorted, comma-separated; else NULL
    target           VARCHAR,
    target_members   VARCHAR,              -- likewise for a multi-party target
    unit             VARCHAR NOT NULL,
    scope            VARCHAR NOT NULL,     -- single | aggregate | running_total
    tier             VARCHAR NOT NULL,     -- precise | wide | undated | loose: what defined the event's dates
    date_low         DATE,                 -- earliest date of the event's window; NULL = undated
    date_high        DATE,
    n_claims         INTEGER NOT NULL,
    n_articles       INTEGER NOT NULL,
    n_sources        INTEGER NOT NULL,     -- independent sources: distinct source groups (copies count once)
    value            DOUBLE,               -- consensus: median of the agreeing values, within their common interval
    consensus_low    DOUBLE,               -- intersection of the agreeing intervals (NULL = unbounded)
    consensus_high   DOUBLE,
    spread_low       DOUBLE,               -- min low over the counted values (NULL = unbounded)
    spread_high      DOUBLE,               -- max high over the counted values (NULL = unbounded)
    conflict         BOOLEAN NOT NULL DEFAULT false,  -- any flagged difference (see conflict_kind)
    conflict_kind    VARCHAR,              -- most severe kind (model.CONFLICT_KINDS order)
    strict_conflict  BOOLEAN NOT NULL DEFAULT false,  -- true only for contradictions
    unresolved       BOOLEAN NOT NULL DEFAULT false,  -- actor named but not resolved: never grouped
    first_seen       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS event_claims (
    claim_id     VARCHAR PRIMARY KEY,      -- a claim belongs to exactly one event
    event_id     VARCHAR NOT NULL,
    fingerprint  VARCHAR NOT NULL,         -- md5 of the fields grouping and comparison read; a change = rebuild
    counted      BOOLEAN,                  -- false for denied / threatened figures: context, never a vote
    agrees       BOOLEAN,                  -- counted and overlaps the event's consensus
    kind         VARCHAR,                  -- for a disagreeing value: how it is explained (conflict kinds)
    -- The claim's date as reconciliation read it: extraction's, or for an article without a publication date
    -- its phrase resolved against the story's day (rc_redated) and, with no phrase, that day itself (rc_story).
    event_date   DATE,
    date_low     DATE,
    date_high    DATE
);

CREATE TABLE IF NOT EXISTS conflicts (
    conflict_id     VARCHAR PRIMARY KEY,   -- md5 of (kind, event, claim, other claim)
    event_id        VARCHAR NOT NULL,      -- the event both figures belong to
    kind            VARCHAR NOT NULL,      -- contradiction | source_disagreement | revision
    strict          BOOLEAN NOT NULL,      -- kind = 'contradiction'
    claim_id        VARCHAR,               -- one side: the figure reported first (NULL never written now)
    other_event_id  VARCHAR NOT NULL,      -- = event_id: disagreements are drawn within an event only
    other_claim_id  VARCHAR,               -- the other side: the figure reported later (or the same day)
    detail          VARCHAR NOT NULL       -- one human-readable line (with each figure's source, if named)
);

-- Explained differences: never a disagreement, never counted as a flag. Within an event (an increment, a
-- running total and its wave, two figures one article gives side by side) or between two events when the
-- text states the relation (one article gives both: 14 staff, seven of them diplomats; a running total
-- "since" a start that includes a wave; a total that is the sum of the earlier waves).
CREATE TABLE IF NOT EXISTS event_relations (
    relation_id     VARCHAR PRIMARY KEY,   -- md5 of (kind, event, claim, other event, other claim)
    event_id        VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,      -- cumulative | unit_or_scope
    reason          VARCHAR NOT NULL,      -- further | earlier_figures | running_total | sum_of_earlier |
                                           -- same_article | far_apart | nested_unit | scope
    claim_id        VARCHAR,               -- NULL when the whole event is the relation's side (a sum of events)
    other_event_id  VARCHAR NOT NULL,      -- = event_id within an event
    other_claim_id  VARCHAR,
    detail          VARCHAR NOT NULL
);

-- name: keys
-- Near-duplicate clusters are ingest's; a database without them counts every article as its own source.
ALTER TABLE articles ADD COLUMN IF NOT EXISTS source_group VARCHAR;

-- Figures in conflict details as people write them: 14, not 14.0.
CREATE OR REPLACE TEMP MACRO rc_num(x) AS
    CASE WHEN x IS NULL THEN '?' WHEN x = round(x) THEN CAST(CAST(x AS BIGINT) AS VARCHAR) ELSE CAST(x AS VARCHAR) END;
-- Words that name a day or month, not a party or a place (see the `words` of rc_loose).
CREATE OR REPLACE TEMP MACRO rc_calendar_words() AS
    ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'January', 'February', 'March',
     'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December', 'Jan', 'Feb', 'Mar',
     'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec', 'The'];
CREATE OR REPLACE TEMP MACRO rc_finite(x) AS CASE WHEN isinf(x) THEN NULL ELSE x END;
-- A figure specific enough that two undated reports of it are evidence of one happening (see attach_undated).
CREATE OR REPLACE TEMP MACRO rc_specific(x) AS abs(x) >= 10 OR x <> round(x);
-- A member list in canonical form (upper-case codes, distinct, sorted, comma-separated; '' -> NULL), so the
-- same coalition written in another order or spacing still gives the same key.
-- (The CASE spares the list functions on the many claims that have no members.)
CREATE OR REPLACE TEMP MACRO rc_members(m) AS
    CASE WHEN m IS NOT NULL THEN
        nullif(array_to_string(list_sort(list_distinct(
            list_filter(list_transform(string_split(m, ','), lambda x: upper(trim(x))), lambda x: x <> ''))), ','), '')
    END;
-- The party key (see the vocabulary above): the code, plus the members (canonical) when it is a group.
CREATE OR REPLACE TEMP MACRO rc_party(code, members, phrase) AS
    CASE
        WHEN members IS NOT NULL THEN code || '[' || members || ']'
        WHEN code = 'MULTI' THEN 'MULTI[?' || lower(trim(coalesce(phrase, ''))) || ']'
        ELSE code
    END;

-- The day an article without a publication date was written, decided here once (extraction guesses nothing:
-- core.dates resolves a phrase only against a publication date). Its story dates it: a dated copy of it (its
-- near-duplicate group), else the latest of the full dates its text writes (core.dates.text_date, through
-- rc_text_date) and the days its own precise claims report (it was written no earlier). Articles with a date
-- and those nothing dates have no row. (Later, an article nothing dates that shares a specific figure with a
-- dated event is read as of that event: see the second rc_loose.)
CREATE OR REPLACE TEMP TABLE rc_story AS
WITH undated AS (
    SELECT article_id, coalesce(source_group, article_id) AS grp, text, language FROM articles WHERE published IS NULL
), copies AS (
    SELECT u.article_id, max(a.published) AS day
    FROM undated u JOIN articles a ON coalesce(a.source_group, a.article_id) = u.grp AND a.published IS NOT NULL
    GROUP BY u.article_id
), own AS (
    SELECT c.article_id, max(coalesce(c.date_high, c.event_date, c.date_low)) AS day
    FROM claims c SEMI JOIN undated u USING (article_id)
    WHERE date_diff('day', coalesce(c.date_low, c.event_date, c.date_high),
                    coalesce(c.date_high, c.event_date, c.date_low)) <= 3
    GROUP BY c.article_id
)
SELECT u.article_id,
       coalesce(cp.day, greatest(t.day, o.day)) AS story_date,  -- (greatest skips a NULL)
       CASE WHEN cp.day IS NOT NULL THEN 'copy' ELSE 'own_dates' END AS basis
FROM undated u
LEFT JOIN copies cp USING (article_id)
LEFT JOIN own o USING (article_id)
LEFT JOIN (SELECT article_id, rc_text_date(text, coalesce(language, 'en')) AS day FROM undated) t USING (article_id)
WHERE coalesce(cp.day, t.day, o.day) IS NOT NULL;

-- The claims of those articles whose own date phrase could not be resolved without a day ("on Monday"),
-- resolved now against the story's day (core.dates.resolve_date, through rc_resolve_low / rc_resolve_high).
CREATE OR REPLACE TEMP TABLE rc_redated AS
SELECT claim_id, rc_resolve_low(date_text, story_date, language) AS r_low,
       rc_resolve_high(date_text, story_date, language) AS r_high
FROM (
    SELECT c.claim_id, c.date_text, s.story_date, coalesce(a.language, 'en') AS language
    FROM claims c JOIN rc_story s USING (article_id) JOIN articles a USING (article_id)
    WHERE c.date_text IS NOT NULL AND c.event_date IS NULL AND c.date_low IS NULL AND c.date_high IS NULL
);

-- One row per claim with everything grouping needs. A full scan, but linear and cheap.
CREATE OR REPLACE TEMP TABLE rc_keys AS
WITH members AS (  -- each member list made canonical once; a claim redated by its story takes that date
    SELECT c.* REPLACE (rc_members(c.actor_members) AS actor_members, rc_members(c.target_members) AS target_members,
                        CASE WHEN r.r_low IS NOT NULL AND r.r_low = r.r_high THEN r.r_low ELSE c.event_date END
                            AS event_date,
                        coalesce(r.r_low, c.date_low) AS date_low, coalesce(r.r_high, c.date_high) AS date_high)
    FROM claims c LEFT JOIN rc_redated r USING (claim_id)
), parties AS (
    SELECT m.*,
           rc_party(m.actor, m.actor_members, m.actor_text) AS actor_key,
           rc_party(m.target, m.target_members, m.target_text) AS target_key,
           nullif(trim(m.place), '') AS place_key,
           coalesce(m.measure_kind, 'level') AS kind,
           CASE WHEN list_contains(p.worded, m.measure)  -- the head of the counted words (no words: the unit decides)
                THEN m.measure || ':' || coalesce(m.counted_head, '')
                ELSE m.measure END AS measure_key,
           -- "since the invasion", "since April": the claim counts everything from a start on (a running total)
           CASE WHEN lower(ltrim(m.date_text)) LIKE 'since%' THEN trim(m.date_text) END AS since_text,
           p.use_place, p.use_actor, p.use_target, p.use_source, p.params_hash,
           -- "N more": the word right after the number (see rc_more below); the claim's own text only
           CASE WHEN m.hedge IS DISTINCT FROM 'further' AND m."end" > m.sentence_start
                     AND substr(m.quote, m."end" - m.sentence_start + 1, 1) = ' '
                THEN list_contains(p.more_words, regexp_extract(lower(substr(m.quote, m."end" - m.sentence_start + 1, 24)),
                                                                '^\s+(\w+)', 1))
                     AND NOT regexp_matches(lower(substr(m.quote, m."end" - m.sentence_start + 1, 24)), '^\s+\w+\s+than\b')
                ELSE false END AS more_after
    FROM members m CROSS JOIN rc_params p
), base AS (
    SELECT
        c.claim_id, c.article_id, c.measure, c.measure_key, c.kind, c.actor, c.target, c.unit, c.scope, c.hedge,
        -- the claim's own dates (a phrase resolved by its story, above); with none at all, an undated article's
        -- story day, as extraction gives a dated article's figures its publication day
        CASE WHEN a.published IS NULL AND c.event_date IS NULL AND c.date_low IS NULL AND c.date_high IS NULL
             THEN s.story_date ELSE c.event_date END AS claim_date,
        c.date_low AS claim_date_low, c.date_high AS claim_date_high,
        c.actor_key, c.target_key, c.actor_members, c.target_members, c.place_key,
        CASE WHEN regexp_matches(c.place_key, '^[A-Z]{2,3}-[A-Z0-9]{1,3}$') THEN split_part(c.place_key, '-', 1)
             ELSE c.place_key END AS place_root,
        c.value, c.low, c.high, c.since_text, c.source, c.source_text, c.sentence_start,
        -- the written precision of an exact figure: a unit of its last written digit ("6" -> 1, "6.2" -> 0.1,
        -- "2.6 million" -> 100,000); NULL when it cannot be read off the text (large number words)
        CASE WHEN c.hedge <> 'exact' OR c.value IS NULL OR c.value = 0 THEN NULL
             WHEN regexp_matches(c.number_text, '\d\.\d')
                 THEN power(10, -length(regexp_extract(c.number_text, '\d\.(\d+)', 1)))
                      * c.value / nullif(TRY_CAST(regexp_extract(c.number_text, '\d+\.\d+') AS DOUBLE), 0)
             WHEN regexp_matches(c.number_text, '\d')
                 THEN c.value / nullif(TRY_CAST(replace(regexp_extract(c.number_text, '\d[\d,]*'), ',', '') AS DOUBLE), 0)
             WHEN abs(c.value) < 1000 AND c.value = round(c.value) THEN 1
        END AS prec,
        coalesce(c.modality NOT IN ('denied', 'threatened'), true) AS counted,
        coalesce(a.source_group, c.article_id) AS grp,
        coalesce(c.date_low, c.event_date, c.date_high) AS d_lo,
        CASE
            WHEN c.date_high IS NOT NULL THEN c.date_high
            WHEN c.event_date IS NOT NULL THEN c.event_date
            WHEN c.date_low IS NOT NULL THEN greatest(c.date_low, a.published)  -- "since April": open to publication
        END AS d_hi,
        coalesce(a.published, s.story_date) AS published,  -- known, else its story's day (rc_story)
        CASE WHEN c.use_actor AND c.actor IS NULL AND nullif(trim(c.actor_text), '') IS NOT NULL
             THEN 'unresolved|' || c.claim_id
             ELSE concat_ws('|', c.measure_key,
                            CASE WHEN NOT c.use_place THEN '*' ELSE coalesce(place_root, '-') END,
                            CASE WHEN NOT c.use_actor THEN '*' ELSE coalesce(c.actor_key, '-') END,
                            CASE WHEN NOT c.use_target THEN '*'
                                 WHEN regexp_matches(c.target, '^[A-Z]{2,6}$') THEN c.target_key  -- a party code
                                 ELSE '-' END,  -- unresolved wording ("pirates") is no party: it splits nothing
                            CASE WHEN c.use_source THEN coalesce(c.source, '-') END)  -- only when grouped by
        END AS partition_key,
        c.use_place, c.params_hash, c.more_after, c.start AS num_start
    FROM parties c
    LEFT JOIN articles a USING (article_id)
    LEFT JOIN rc_story s USING (article_id)
)
SELECT
    *,
    -- Everything grouping and comparison read (the partition key carries the parties, measure and place;
    -- the parameters' hash makes a change of grouping keys or unit classes rebuild every partition).
    -- Of date_text only a "since ..." phrase is read (running totals), so only such claims' fingerprints include it.
    md5(concat_ws('|', partition_key, place_key, target_key, kind, unit, scope, hedge, value, low, high, d_lo, d_hi, article_id,
                  grp, since_text, source, counted, published, params_hash)) AS fingerprint,
    partition_key LIKE 'unresolved|%' AS unresolved,
    d_lo IS NOT NULL AND date_diff('day', d_lo, d_hi) <= 3 AS precise,
    published AS reported,  -- when the figure was reported, for revision vs contradiction (NULL: unknown)
    coalesce(value, low, high) AS point,
    since_text IS NOT NULL OR scope = 'running_total' AS since,
    CASE kind WHEN 'stock' THEN 7 ELSE 0 END AS chain_days
FROM base;

-- Figures written as an increment after the number: "84 people in the capital and dozens more in the
-- northern provinces" adds to the sentence's earlier figure of the same measure, as "a further" or "another"
-- before a number does (extraction's hedge 'further'); it is not a total to compare with the 130 of the whole
-- flood. Only where its sentence gives an earlier figure of the same measure: in "killing two and injuring
-- dozens more" the "more" is said against the dead, and the dozens injured are a total. (Within the claim's partition only, so shards decide it alike: a part and its increment of one
-- sentence usually share it.) The figure it adds to is then a part of the whole, which is at least that figure: "84 in the
-- capital" agrees with another report's 130 for the whole flood (role 'added_to': compared as "at least 84";
-- stored as written). (The words are rc_params.more_words, English; "more than" is a hedge of
-- its own.)
CREATE OR REPLACE TEMP TABLE rc_more AS
WITH based AS (  -- each increment and the nearest earlier figure of its measure in its sentence
    SELECT m.claim_id, arg_max(o.claim_id, o.num_start) AS base_id
    FROM (SELECT * FROM rc_keys WHERE more_after) m
    JOIN rc_keys o ON o.partition_key = m.partition_key AND o.article_id = m.article_id
                  AND o.sentence_start = m.sentence_start AND o.measure = m.measure AND o.num_start < m.num_start
    GROUP BY m.claim_id
)
SELECT claim_id, max(role) AS role  -- ('increment' wins where a figure is both)
FROM (SELECT claim_id, 'increment' AS role FROM based UNION ALL SELECT base_id, 'added_to' FROM based)
GROUP BY claim_id;

-- (the fingerprint keeps the values as stored: the roles are decided within the partition, which a change
-- there rebuilds anyway)
UPDATE rc_keys k SET
    hedge = CASE r.role WHEN 'increment' THEN 'further' ELSE 'at_least' END,
    low = CASE WHEN r.role = 'added_to' THEN coalesce(k.low, k.value) ELSE k.low END,
    high = CASE WHEN r.role = 'added_to' THEN NULL ELSE k.high END,
    prec = CASE WHEN r.role = 'added_to' THEN NULL ELSE k.prec END
FROM rc_more r
WHERE k.claim_id = r.claim_id;

-- name: dirty
-- Partitions to (re)build: those with a claim that is new or changed, and those whose events lost a claim.
-- Everything else keeps its rows untouched; that is what makes adding an article incremental.
-- An article that dates nothing is read as one (see the second rc_loose): where one of its partitions is
-- rebuilt, all of them are, and so on through the other such articles there (usually none), so an
-- incremental run groups exactly as a full rebuild does.
CREATE OR REPLACE TEMP TABLE rc_dirty AS
WITH RECURSIVE changed AS (
    SELECT DISTINCT k.partition_key
    FROM rc_keys k
    LEFT JOIN event_claims ec USING (claim_id)
    WHERE ec.claim_id IS NULL OR ec.fingerprint <> k.fingerprint
    UNION
    SELECT DISTINCT e.partition_key
    FROM event_claims ec
    JOIN events e USING (event_id)
    LEFT JOIN rc_keys k USING (claim_id)
    WHERE k.claim_id IS NULL OR k.fingerprint <> ec.fingerprint
), dateless AS (
    SELECT DISTINCT partition_key, article_id FROM rc_keys WHERE published IS NULL
), closure(partition_key) AS (
    SELECT partition_key FROM changed
    UNION
    SELECT b.partition_key
    FROM closure c JOIN dateless a USING (partition_key) JOIN dateless b ON b.article_id = a.article_id
)
SELECT partition_key FROM closure;

-- name: dirty_all
-- A full rebuild (reconcile_events(full=True)): every partition, existing ids still kept.
CREATE OR REPLACE TEMP TABLE rc_dirty AS
SELECT partition_key FROM rc_keys
UNION
SELECT partition_key FROM events;

-- name: work
-- The claims of the dirty partitions, with their place and event key. A claim placed at a country only
-- takes the one finer place of that country its partition names at the claim's time (the finer places
-- whose claims' dates span the claim's window; an undated claim: all of them); with none or several it
-- keeps its own. So "five killed in Indonesia" on the day of the Aceh quake is the Aceh toll, while the
-- same words in a report of the Papua quake four years earlier are Papua's.
CREATE OR REPLACE TEMP TABLE rc_work AS
WITH w AS (
    SELECT k.* FROM rc_keys k SEMI JOIN rc_dirty d USING (partition_key)
), fine AS (  -- the finer places each partition names, with the dates their claims span (few rows)
    SELECT partition_key, place_key AS fine, min(d_lo) AS f_lo, max(d_hi) AS f_hi
    FROM w WHERE place_key <> place_root
    GROUP BY partition_key, place_key
), candidates AS (  -- country-level claims and the finer places of their time
    SELECT w.claim_id, min(f.fine) AS fine_lo, max(f.fine) AS fine_hi
    FROM w JOIN fine f USING (partition_key)
    WHERE w.use_place AND w.place_key = w.place_root
      AND (w.d_lo IS NULL OR (f.f_lo <= w.d_hi AND w.d_lo <= f.f_hi))
    GROUP BY w.claim_id
), placed AS (
    SELECT w.*,
           CASE WHEN NOT w.use_place THEN NULL
                WHEN c.fine_lo = c.fine_hi THEN c.fine_lo
                ELSE w.place_key END AS place
    FROM w LEFT JOIN candidates c USING (claim_id)
)
SELECT *, concat_ws('|', partition_key, coalesce(place, '-'), unit, scope) AS event_key FROM placed;

-- name: islands
-- Precise claims: gaps and islands per event key. Sorted by window start, a claim opens a new island when
-- it starts after every window seen so far has ended (plus chain_days for a stock); so same-day and
-- overlapping windows share an island. Then an island that starts within a day of the previous one's end
-- and shares a figure with it continues it: the same 26 arrests reported on the 11th and the 12th are one
-- happening, while 20 and then 30 arrests on consecutive days stay two waves. (Equality join on (event
-- key, figure, next island) over distinct figures, never claim x claim.)
CREATE OR REPLACE TEMP TABLE rc_precise AS
WITH ordered AS (
    SELECT claim_id, event_key, d_lo, d_hi, point, counted,
           max(d_hi + chain_days) OVER (PARTITION BY event_key ORDER BY d_lo, d_hi, claim_id
                                        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS seen_hi
    FROM rc_work
    WHERE precise
), raw AS (
    SELECT *,
           sum(CASE WHEN seen_hi IS NULL OR d_lo > seen_hi THEN 1 ELSE 0 END)
               OVER (PARTITION BY event_key ORDER BY d_lo, d_hi, claim_id ROWS UNBOUNDED PRECEDING) AS raw_island
    FROM ordered
), bounds AS (
    SELECT event_key, raw_island, min(d_lo) AS lo, max(d_hi) AS hi FROM raw GROUP BY event_key, raw_island
), figures AS (
    SELECT DISTINCT event_key, raw_island, point FROM raw WHERE counted AND point IS NOT NULL
), links AS (  -- raw island n continues n - 1
    SELECT DISTINCT b.event_key, b.raw_island
    FROM figures fa
    JOIN figures fb ON fb.event_key = fa.event_key AND fb.point = fa.point AND fb.raw_island = fa.raw_island + 1
    JOIN bounds a ON a.event_key = fa.event_key AND a.raw_island = fa.raw_island
    JOIN bounds b ON b.event_key = fb.event_key AND b.raw_island = fb.raw_island
    WHERE b.lo <= a.hi + 1
), renumbered AS (
    SELECT b.event_key, b.raw_island,
           sum(CASE WHEN l.raw_island IS NULL THEN 1 ELSE 0 END)
               OVER (PARTITION BY b.event_key ORDER BY b.raw_island ROWS UNBOUNDED PRECEDING) AS island
    FROM bounds b LEFT JOIN links l USING (event_key, raw_island)
)
SELECT r.claim_id, r.event_key, r.d_lo, r.d_hi, n.island
FROM raw r JOIN renumbered n USING (event_key, raw_island);

CREATE OR REPLACE TEMP TABLE rc_islands AS
SELECT event_key, 'precise' AS tier, island, min(d_lo) AS i_lo, max(d_hi) AS i_hi
FROM rc_precise
GROUP BY ALL;

-- name: attach_wide
-- Wide windows of single claims join the latest precise island they overlap: "at least 45 since
-- April" is read against the most recent wave (a running total there is then typed 'cumulative').
-- Wide aggregates are running totals of their own ("325 since the invasion") and never join a day's event.
CREATE OR REPLACE TEMP TABLE rc_wide AS
SELECT w.claim_id, w.event_key, w.d_lo, w.d_hi,
       CASE WHEN w.scope = 'single' AND i.i_hi >= w.d_lo THEN i.island END AS island
FROM (SELECT * FROM rc_work WHERE d_lo IS NOT NULL AND NOT precise) w
ASOF LEFT JOIN rc_islands i ON w.event_key = i.event_key AND w.d_hi >= i.i_lo;

-- Wide claims that joined nothing form islands among themselves, by the same gaps-and-islands rule.
CREATE OR REPLACE TEMP TABLE rc_wide_own AS
WITH ordered AS (
    SELECT claim_id, event_key, d_lo, d_hi,
           max(d_hi) OVER (PARTITION BY event_key ORDER BY d_lo, d_hi, claim_id
                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS seen_hi
    FROM rc_wide
    WHERE island IS NULL
)
SELECT claim_id, event_key, d_lo, d_hi,
       sum(CASE WHEN seen_hi IS NULL OR d_lo > seen_hi THEN 1 ELSE 0 END)
           OVER (PARTITION BY event_key ORDER BY d_lo, d_hi, claim_id ROWS UNBOUNDED PRECEDING) AS island
FROM ordered;

INSERT INTO rc_islands
SELECT event_key, 'wide', island, min(d_lo), max(d_hi) FROM rc_wide_own GROUP BY ALL;

-- name: attach_undated
-- An undated claim of a dated article is compatible with any date ("one side unknown"). It joins the
-- latest island that had started by the article's publication date (the event the report was most likely
-- about), else the earliest island of its key; with no island at all, the key's such claims form one event.
CREATE OR REPLACE TEMP TABLE rc_undated AS
WITH u AS (
    SELECT claim_id, event_key, published AS anchor
    FROM rc_work
    WHERE d_lo IS NULL AND published IS NOT NULL
), first_island AS (
    SELECT event_key, arg_min(tier, (i_lo, tier)) AS tier, arg_min(island, (i_lo, tier)) AS island
    FROM rc_islands
    GROUP BY event_key
)
SELECT u.claim_id, u.event_key,
       coalesce(i.tier, f.tier, 'undated') AS tier,
       coalesce(i.island, f.island, 1) AS island
FROM u
ASOF LEFT JOIN rc_islands i ON u.event_key = i.event_key AND u.anchor >= i.i_lo
LEFT JOIN first_island f ON u.event_key = f.event_key;

-- Unanchored claims (no date, no publication date): missing information must not create a conflict, nor
-- merge two look-alike happenings, so the figure itself is the only evidence of identity, and only when it
-- is specific: 10 or more, or with decimals (two heists both had "four robbers"; €80m is telling). Such a
-- claim joins an event only when exactly one event of its key already holds the same specific figure, or,
-- for a running total of a flow ("since the invasion"), when it is larger than every figure of the key's
-- latest event (it can then only be read as including them: cumulative). Otherwise claims with the same
-- specific figure form a 'loose' event of their own, and a small figure is an event of its own, with the
-- same figure where its own source group repeats it (an article, or copies of one story, that says "three
-- killed" in its lead and again further down tells of one happening, whatever other reports say).
-- A specific figure that matches no figure exactly is still about the one event of its key whose figures
-- it is close to (within rc_params.near_factor of the event's range: $137m beside $102m and $108m; $2.5m
-- beside a dated $2.6m), where exactly one such event exists; and specific figures that matched nothing
-- chain among themselves while each is within that factor of the next (€80m and €85m: one haul, reported
-- differently, a disagreement), so the €80m and the €2m heist, or today's toll and a disaster's toll years
-- before, stay two events. Equality joins on (event key, figure) and (event key), never claim x claim.
CREATE OR REPLACE TEMP TABLE rc_loose AS
WITH unanchored_keys AS (  -- usually none: then nothing below touches the placed claims
    SELECT DISTINCT event_key FROM rc_work WHERE d_lo IS NULL AND published IS NULL
), placed AS (
    SELECT * FROM (
        SELECT claim_id, event_key, 'precise' AS tier, island FROM rc_precise
        UNION ALL SELECT claim_id, event_key, 'precise', island FROM rc_wide WHERE island IS NOT NULL
        UNION ALL SELECT claim_id, event_key, 'wide', island FROM rc_wide_own
        UNION ALL SELECT claim_id, event_key, tier, island FROM rc_undated
    ) SEMI JOIN unanchored_keys USING (event_key)
), figures AS (
    SELECT DISTINCT p.event_key, w.point, p.tier, p.island
    FROM placed p JOIN rc_work w USING (claim_id)
    WHERE w.counted AND w.point IS NOT NULL
), unique_figures AS (
    SELECT event_key, point, any_value(tier) AS tier, any_value(island) AS island
    FROM figures GROUP BY event_key, point HAVING count(*) = 1
), words AS (  -- the claims of these keys, with the names their sentence gives (block: the event key)
    SELECT w.claim_id, w.event_key, w.grp, w.point, p.tier, p.island, w.target_key AS any_target,
           -- a target that is a name ("Harry Winston"), not loose wording ("pirates"): its article writes its
           -- first word capitalised inside a sentence
           -- (a party code, "PSE", is already in the blocking key: only wording is read here)
           CASE WHEN regexp_matches(w.target_key, '^[a-z]{3,}')
                 AND regexp_matches(a.text, '[a-z0-9,;:)] ' || upper(left(w.target_key, 1))
                                            || regexp_extract(substr(w.target_key, 2), '^[a-z]+'))
                THEN w.target_key END AS target_key,
           w.d_lo IS NULL AND w.published IS NULL AS unanchored,
           -- (not calendar words, nor the words of the place the block already shares: "Gulf of Aden")
           list_distinct(list_filter(regexp_extract_all(c.quote, '[a-z0-9,;:)] ([A-Z][a-z]{2,})', 1),
                                     lambda x: NOT list_contains(rc_calendar_words(), x)
                                               AND NOT list_contains(string_split_regex(lower(concat_ws(' ',
                                                   c.place, c.place_text)), '[^a-z]+'), lower(x)))) AS names
    FROM rc_work w
    SEMI JOIN unanchored_keys USING (event_key)
    JOIN claims c USING (claim_id)
    JOIN articles a ON a.article_id = w.article_id
    LEFT JOIN placed p USING (claim_id)
    WHERE w.counted AND w.point IS NOT NULL
), links AS (  -- compare within the block: an unanchored claim and another claim that tell of one happening
    SELECT u.claim_id AS a, x.claim_id AS b
    FROM words u
    JOIN words x ON x.event_key = u.event_key AND x.claim_id <> u.claim_id AND x.grp <> u.grp
    CROSS JOIN rc_params p
    WHERE u.unanchored AND x.unanchored
      AND (u.any_target IS NULL OR x.any_target IS NULL OR u.any_target = x.any_target)  -- (two targets: never)
      AND ((u.target_key IS NOT NULL AND u.target_key = x.target_key)
           OR (len(list_intersect(u.names, x.names)) >= p.shared_names AND rc_specific(u.point) AND rc_specific(x.point))
           OR (u.point = x.point AND rc_specific(u.point)))  -- (the same specific figure, as chains read it)
), edges AS (SELECT a, b FROM links UNION SELECT b, a FROM links),
components AS (  -- cluster: connected claims (single link; few claims, so a recursive walk)
    WITH RECURSIVE walk(node, comp) AS (
        SELECT a, a FROM edges
        UNION
        SELECT e.b, w.comp FROM walk w JOIN edges e ON e.a = w.node
    )
    SELECT node AS claim_id, min(comp) AS comp FROM walk GROUP BY node
), component_islands AS (  -- what each component holds: placed events, and articles
    SELECT c.comp, any_value(w.event_key) AS event_key,
           count(DISTINCT (w.tier, w.island)) FILTER (WHERE w.island IS NOT NULL) AS n_placed,
           any_value(w.tier) FILTER (WHERE w.island IS NOT NULL) AS tier,
           any_value(w.island) FILTER (WHERE w.island IS NOT NULL) AS island
    FROM components c JOIN words w USING (claim_id)
    GROUP BY c.comp
), near AS (  -- an unanchored figure's happening by the words of its sentence: the one placed event its
              -- component holds, else the component itself (a loose event of its own)
    SELECT c.claim_id,
           CASE WHEN ci.n_placed = 1 THEN ci.tier ELSE 'loose' END AS tier,
           CASE WHEN ci.n_placed = 1 THEN ci.island
                ELSE 3000000 + dense_rank() OVER (PARTITION BY ci.event_key ORDER BY c.comp) END AS island
    FROM components c JOIN component_islands ci USING (comp) JOIN words w USING (claim_id)
    WHERE w.unanchored AND ci.n_placed <= 1
), chained AS (  -- unanchored specific figures that matched nothing: a chain while each is near the next
    SELECT w.claim_id, w.event_key,
           -- (a named target in words, "Harry Winston" vs "the Carlton hotel", says which happening: chains
           -- never cross two of them, even where the blocking key does not split on words)
           1000 * dense_rank() OVER (PARTITION BY w.event_key ORDER BY w.target_key NULLS FIRST)
           + sum(CASE WHEN prev IS NULL OR w.point > prev * p.near_factor OR prev <= 0 THEN 1 ELSE 0 END)
               OVER (PARTITION BY w.event_key, w.target_key ORDER BY w.point, w.claim_id ROWS UNBOUNDED PRECEDING) AS chain
    FROM (SELECT *, lag(point) OVER (PARTITION BY event_key, target_key ORDER BY point, claim_id) AS prev
          FROM rc_work ANTI JOIN near USING (claim_id)
          WHERE d_lo IS NULL AND published IS NULL AND counted AND point IS NOT NULL AND rc_specific(point)
            AND target_key IS NOT NULL) w
    CROSS JOIN rc_params p
), latest AS (  -- each key's latest event (undated ones only when there is nothing else) and its top figure
    SELECT p.event_key, p.tier, p.island, max(w.point) FILTER (WHERE w.counted) AS top
    FROM placed p JOIN rc_work w USING (claim_id)
    GROUP BY p.event_key, p.tier, p.island
    QUALIFY row_number() OVER (PARTITION BY p.event_key
                               ORDER BY min(coalesce(w.d_lo, DATE '0001-01-01')) DESC, p.tier, p.island DESC) = 1
)
SELECT w.claim_id, w.event_key,
       coalesce(f.tier, l.tier, n.tier, 'loose') AS tier,
       coalesce(f.island, l.island, n.island,
                CASE WHEN ch.chain IS NOT NULL THEN ch.chain
                     WHEN rc_specific(w.point)  -- (not counted, or no figure)
                     THEN 1000000 + dense_rank() OVER (PARTITION BY w.event_key ORDER BY w.point NULLS LAST)
                     ELSE -dense_rank() OVER (PARTITION BY w.event_key ORDER BY w.grp, w.point) END) AS island
FROM rc_work w
LEFT JOIN unique_figures f ON f.event_key = w.event_key AND f.point = w.point AND rc_specific(w.point)
LEFT JOIN latest l ON l.event_key = w.event_key AND w.kind = 'flow' AND w.since AND w.point > l.top
LEFT JOIN near n ON n.claim_id = w.claim_id
LEFT JOIN chained ch ON ch.claim_id = w.claim_id
WHERE w.d_lo IS NULL AND w.published IS NULL;

-- An article with no date at all is still about one time: when one of its specific figures joined a dated
-- event ("€2.6m" of Monday's heist), its other small undated figures are read as of that event's start, as
-- an undated claim of a dated article is (attach_undated): "four robbers" in that report joins Monday's four
-- robbers, not a look-alike heist's. Its specific figures that matched nothing stay apart unless near that
-- event's figures: their own value says they count something else ("€110bn" of a bailout is not the
-- "€25.7bn" of the cuts). Every partition
-- of such an article is rebuilt together (see dirty), so all its claims are in rc_loose.
CREATE OR REPLACE TEMP TABLE rc_loose AS
WITH joined AS (
    SELECT w.article_id, i.i_lo AS day
    FROM rc_loose l
    JOIN rc_work w USING (claim_id)
    JOIN rc_islands i ON i.event_key = l.event_key AND i.tier = l.tier AND i.island = l.island
), anchors AS (
    SELECT article_id, max(day) AS anchor FROM joined GROUP BY article_id
), loose AS (
    SELECT l.*, w.point, rc_specific(w.point) AS specific, w.sentence_start = 0 AS headline, a.anchor
    FROM rc_loose l JOIN rc_work w USING (claim_id) LEFT JOIN anchors a USING (article_id)
), island_figures AS (  -- the range of figures of each placed event of these keys (few)
    SELECT p.event_key, p.tier, p.island, min(w.point) AS f_min, max(w.point) AS f_max
    FROM (
        SELECT claim_id, event_key, 'precise' AS tier, island FROM rc_precise
        UNION ALL SELECT claim_id, event_key, 'precise', island FROM rc_wide WHERE island IS NOT NULL
        UNION ALL SELECT claim_id, event_key, 'wide', island FROM rc_wide_own
        UNION ALL SELECT claim_id, event_key, tier, island FROM rc_undated
        UNION ALL SELECT claim_id, event_key, tier, island FROM rc_loose WHERE tier <> 'loose'
    ) p
    SEMI JOIN (SELECT DISTINCT event_key FROM rc_loose) k USING (event_key)
    JOIN rc_work w USING (claim_id)
    WHERE w.counted AND w.point > 0
    GROUP BY ALL
), placed AS (
    SELECT l.*, i.tier AS i_tier, i.island AS i_island
    FROM loose l
    ASOF LEFT JOIN rc_islands i ON l.event_key = i.event_key AND l.anchor >= i.i_lo
)
-- (a specific figure that matched nothing joins only when it is the article's headline figure, which tells
-- of the article's own story, and near that event's figures, within rc_params.story_factor: the headline's
-- "$2.5 million" beside the body's "$2.6 million" of the dated haul; else its own figure says it is another
-- thing, as a necklace's "$2.5 million" further down the same report is another theft)
SELECT l.claim_id, l.event_key,
       CASE WHEN l.tier = 'loose' AND l.i_island IS NOT NULL AND (NOT l.specific OR f.event_key IS NOT NULL)
            THEN l.i_tier ELSE l.tier END AS tier,
       CASE WHEN l.tier = 'loose' AND l.i_island IS NOT NULL AND (NOT l.specific OR f.event_key IS NOT NULL)
            THEN l.i_island ELSE l.island END AS island
FROM placed l
CROSS JOIN rc_params r
LEFT JOIN island_figures f ON f.event_key = l.event_key AND f.tier = l.i_tier AND f.island = l.i_island
                          AND l.specific AND l.headline AND l.point > 0
                          AND l.point * r.story_factor >= f.f_min AND l.point <= f.f_max * r.story_factor;

-- name: clusters
-- Every claim of the dirty partitions with its cluster: (event key, tier, island), then split by figure
-- where an article says two things. An article does not contradict itself: figures of one key that one
-- article (source group) reports side by side ("24 dead, 12 of them in the hill district"; "three killed, two
-- of them women"; this quake's 6.1 and the 2012 quake's 8.6) count different things. So in an island, every
-- figure that shares an article with another figure, except the island's main figure (the one most source
-- groups give; ties: a written figure over a vague one, whose "hundreds of thousands" beside a camp's 20,000
-- is the wider background, then the larger, as a total is larger than its parts), becomes an event of its
-- own, with every claim of the island giving that same figure. Figures no article pairs with another stay
-- together and are compared (and may contradict).
-- A stock is the exception: the toll of an article that gives several figures (the one it repeats most, ties:
-- a written one, then the larger) stays with the island's main figure, in that article's claims, since a
-- later report of a toll revises it ("five dead" on Tuesday, "24 dead, 12 of them in the hill district" on
-- Wednesday: 24 revises five, the 12 is a part). A hedged figure whose interval holds the main figure is
-- not another figure either: "dozens" beside "35" says the same less precisely, and stays to be compared.
-- Equality joins on (cluster, source group) and (cluster, figure); never claim x claim.
CREATE OR REPLACE TEMP TABLE rc_clusters AS
SELECT *, event_key || '|' || tier || '|' || island AS cluster FROM (
    SELECT claim_id, event_key, 'precise' AS tier, island FROM rc_precise
    UNION ALL
    SELECT claim_id, event_key, 'precise', island FROM rc_wide WHERE island IS NOT NULL
    UNION ALL
    SELECT claim_id, event_key, 'wide', island FROM rc_wide_own
    UNION ALL
    SELECT claim_id, event_key, tier, island FROM rc_undated
    UNION ALL
    SELECT claim_id, event_key, tier, island FROM rc_loose
);

CREATE OR REPLACE TEMP TABLE rc_split AS
WITH multi_keys AS (  -- keys where some article gives two figures (few): only their clusters are examined
    SELECT DISTINCT event_key FROM rc_work
    WHERE counted AND point IS NOT NULL
    GROUP BY event_key, grp HAVING min(point) <> max(point)
), figures AS (  -- counted figures with their cluster and source group, and their interval as compared
    SELECT c.claim_id, c.cluster AS base, w.grp, w.point, w.kind, w.low, w.high, w.hedge <> 'vague' AS written,
           w.source, w.sentence_start,
           coalesce(w.low, CASE WHEN w.high > 0 THEN w.high / p.open_factor END) AS b_lo,  -- (the bounded reading)
           coalesce(w.high, CASE WHEN w.low > 0 THEN w.low * p.open_factor END) AS b_hi
    FROM rc_clusters c SEMI JOIN multi_keys USING (event_key)
    JOIN rc_work w USING (claim_id)
    CROSS JOIN rc_params p
    WHERE w.counted AND w.point IS NOT NULL
), main AS (  -- (ties: a written figure over a vague one, then the larger)
    SELECT base, arg_max(point, (n, written, point)) AS main_point
    FROM (SELECT base, point, count(DISTINCT grp) AS n, bool_or(written) AS written FROM figures GROUP BY base, point)
    GROUP BY base
), paired AS (  -- figures some article of the cluster gives beside another figure
    SELECT DISTINCT f.base, f.point
    FROM figures f
    SEMI JOIN (SELECT base, grp FROM figures GROUP BY base, grp HAVING min(point) <> max(point)) g USING (base, grp)
), article_lead AS (  -- each article's own figure of the cluster: the one it repeats most (ties: written, larger)
    SELECT base, grp, arg_max(point, (n, written, point)) AS point, arg_max(written, (n, written, point)) AS written,
           arg_max(b_lo, (n, written, point)) AS b_lo,
           arg_max(b_hi, (n, written, point)) AS b_hi, arg_max(source, (n, written, point)) AS source,
           arg_max(sentences, (n, written, point)) AS sentences,
           arg_max(said, (n, written, point)) AS said
    FROM (SELECT base, grp, point, count(*) AS n, bool_or(written) AS written, min(b_lo) AS b_lo, max(b_hi) AS b_hi,
                 min(source) AS source, list(DISTINCT sentence_start) AS sentences,
                 -- (which named source gives it in which sentence: a dispute is read in one sentence)
                 list(DISTINCT sentence_start || '|' || source) FILTER (WHERE source IS NOT NULL) AS said
          FROM figures GROUP BY base, grp, point)
    GROUP BY base, grp HAVING count(*) > 1
), leads AS (  -- a stock: the toll of each article that gives several figures stays with the main figure
    SELECT l.base, l.grp, l.point FROM article_lead l
    WHERE EXISTS (SELECT 1 FROM figures f WHERE f.base = l.base AND f.grp = l.grp AND f.kind = 'stock')
), split AS (
    SELECT p.base, p.point, m.main_point FROM paired p JOIN main m USING (base) WHERE p.point <> m.main_point
), parted AS (  -- the figures that become events of their own, before their article's lead is considered
    SELECT f.claim_id, f.base, f.grp, f.point, f.written, f.b_lo, f.b_hi, f.source, f.sentence_start
    FROM figures f JOIN split s USING (base, point)
    ANTI JOIN leads l ON l.base = f.base AND l.grp = f.grp AND l.point = f.point
    -- a hedged figure whose interval holds the main figure says the same thing less precisely ("dozens" beside 35)
    WHERE NOT (coalesce(f.low <= s.main_point, true) AND coalesce(s.main_point <= f.high, true))
), lead_figure AS (  -- where each article's lead went: its own figure's event, or (NULL) the island's main one
    SELECT l.base, l.grp, l.point, l.written, l.b_lo, l.b_hi, l.source, l.sentences, l.said, p.figure
    FROM article_lead l
    LEFT JOIN (SELECT DISTINCT base, grp, point, point AS figure FROM parted) p USING (base, grp, point)
)
-- An article's written figure goes with its own written lead figure when they are compatible (not a vague
-- "dozens" or "several", which hold parts too; their compared intervals overlap, or within
-- rc_params.story_factor of it when one of them is the headline's: "over 200 injured" in the headline and
-- "249 injured" in the body are one toll, not two events; "$2.5 million" in the headline and "$2.6 million"
-- in the body one haul; one country's 21 and, further on, another's 17 are not),
-- and when a different named source gives it in the same sentence, within rc_params.dispute_factor (police's
-- "more than 100,000" and, in the same breath, the organisers' 500,000: a dispute the article reports, to be
-- compared, not two crowds; one country's 21 and, further on, another's 17 according to a news agency are two
-- actions; a source's €60,000 of another robbery beside the €2m haul is not a dispute). The sentence itself
-- must give the lead figure from another named source, and never from this figure's own: "officials said at
-- least four people, a pilot and three passengers, died" is one source's toll and its part, whatever other
-- sources the article names for the four elsewhere. A part ("70 of them in the hill district") is neither, and
-- stays an event of its own.
SELECT p.claim_id,
       CASE WHEN l.point IS NOT NULL AND p.point <> l.point
                 AND (l.written AND p.written AND (p.b_lo IS NULL OR l.b_hi IS NULL OR p.b_lo <= l.b_hi)
                      AND (l.b_lo IS NULL OR p.b_hi IS NULL OR l.b_lo <= p.b_hi)
                      OR (l.written AND rc_specific(p.point) AND rc_specific(l.point) AND p.point > 0 AND l.point > 0
                          AND (p.sentence_start = 0 OR list_contains(l.sentences, 0))  -- (one is the headline's)
                          AND greatest(p.point, l.point) <= least(p.point, l.point) * r.story_factor)
                      OR (p.source IS NOT NULL  -- (the lead figure's own source in that sentence differs)
                          AND len(list_filter(l.said, lambda x: x LIKE p.sentence_start || '|%'
                                                                AND x <> p.sentence_start || '|' || p.source)) > 0
                          AND NOT list_contains(l.said, p.sentence_start || '|' || p.source)
                          AND p.point > 0 AND l.point > 0
                          AND greatest(p.point, l.point) <= least(p.point, l.point) * r.dispute_factor))
            THEN l.figure ELSE p.point END AS figure
FROM parted p
LEFT JOIN lead_figure l ON l.base = p.base AND l.grp = p.grp
CROSS JOIN rc_params r;

CREATE OR REPLACE TEMP TABLE rc_clusters AS
SELECT c.* REPLACE (c.cluster || coalesce('|' || s.figure, '') AS cluster), s.figure
FROM rc_clusters c LEFT JOIN (SELECT * FROM rc_split WHERE figure IS NOT NULL) s USING (claim_id);

CREATE OR REPLACE TEMP TABLE rc_cluster_info AS
SELECT cl.cluster, any_value(k.partition_key) AS partition_key, cl.event_key, cl.tier,
       any_value(k.measure) AS measure, any_value(k.kind) AS measure_kind, any_value(k.place) AS place,
       any_value(k.actor) AS actor, any_value(k.target) AS target,
       any_value(k.actor_members) AS actor_members, any_value(k.target_members) AS target_members,
       any_value(k.unit) AS unit, any_value(k.scope) AS scope, bool_or(k.unresolved) AS unresolved,
       coalesce(any_value(i.i_lo), min(k.d_lo)) AS date_low,
       coalesce(any_value(i.i_hi), max(k.d_hi)) AS date_high,
       count(*) AS n_claims, count(DISTINCT k.article_id) AS n_articles, count(DISTINCT k.grp) AS n_sources,
       -- what names a new event (with event key and tier): its first date, or for a loose event its figure;
       -- plus its figure when it was split off an island
       CASE WHEN cl.tier = 'loose' THEN 'figure ' || any_value(k.point)
            ELSE coalesce(CAST(coalesce(any_value(i.i_lo), min(k.d_lo)) AS VARCHAR), 'undated') END
           || coalesce(' figure ' || any_value(cl.figure), '') AS id_basis,
       min(k.claim_id) AS first_claim
FROM rc_clusters cl
JOIN rc_work k USING (claim_id)
LEFT JOIN rc_islands i ON i.event_key = cl.event_key AND i.tier = cl.tier AND i.island = cl.island
GROUP BY cl.cluster, cl.event_key, cl.tier;

-- name: assign_ids
-- Stable ids. Each previous event of a dirty partition votes for the cluster of the same event key that
-- now holds most of its claims; each cluster keeps the id of the previous event with most claims among
-- those that voted for it. (A claim re-attributed to another actor does not carry its old id along.)
-- Clusters left without an id get 'ev_' + md5(event key | tier | first date or figure)[:16] (deterministic,
-- so a rebuild from scratch gives the same ids), falling back to hashing in the first claim id on a collision.
CREATE OR REPLACE TEMP TABLE rc_old_events AS
SELECT e.* FROM events e SEMI JOIN rc_dirty d USING (partition_key);

CREATE OR REPLACE TEMP TABLE rc_votes AS
SELECT ec.event_id, cl.cluster, count(*) AS n
FROM event_claims ec
JOIN rc_old_events e USING (event_id)
JOIN rc_clusters cl ON cl.claim_id = ec.claim_id AND cl.event_key = e.event_key
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE rc_ids AS
WITH event_choice AS (  -- each old event -> one cluster
    SELECT event_id, cluster, n FROM rc_votes
    QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY n DESC, cluster) = 1
), kept AS (            -- each cluster -> at most one old event
    SELECT cluster, event_id FROM event_choice
    QUALIFY row_number() OVER (PARTITION BY cluster ORDER BY n DESC, event_id) = 1
), fresh AS (
    SELECT ci.cluster, ci.first_claim,
           'ev_' || substr(md5(concat_ws('|', ci.event_key, ci.tier, ci.id_basis)), 1, 16) AS candidate
    FROM rc_cluster_info ci
    ANTI JOIN kept USING (cluster)
), taken AS (           -- ids no fresh cluster may reuse
    SELECT event_id FROM kept
    UNION SELECT event_id FROM events ANTI JOIN rc_old_events USING (event_id)
)
SELECT cluster, event_id, false AS is_new FROM kept
UNION ALL
SELECT f.cluster,
       CASE WHEN f.candidate IN (SELECT event_id FROM taken)
                 OR count(*) OVER (PARTITION BY f.candidate) > 1
            THEN 'ev_' || substr(md5(f.candidate || '|' || f.first_claim), 1, 16)
            ELSE f.candidate END,
       true
FROM fresh f;

-- name: swap
-- Run before replace when most claims are regrouped (grouping.py decides): the four tables are written
-- anew, with the untouched partitions' rows carried over, instead of deleting and re-inserting most of
-- their rows, which costs DuckDB far more at commit (per-row index and log work: 25 s against 1.5 s for
-- a million claims). replace then finds nothing to delete.
CREATE OR REPLACE TEMP TABLE rc_keep_events AS
SELECT * FROM events ANTI JOIN rc_old_events USING (event_id);
CREATE OR REPLACE TEMP TABLE rc_keep_claims AS
SELECT ec.* FROM event_claims ec
ANTI JOIN rc_old_events o ON o.event_id = ec.event_id
ANTI JOIN rc_work w ON w.claim_id = ec.claim_id;
CREATE OR REPLACE TEMP TABLE rc_keep_conflicts AS
SELECT c.* FROM conflicts c
ANTI JOIN rc_old_events o ON o.event_id = c.event_id
ANTI JOIN rc_old_events p ON p.event_id = c.other_event_id;
CREATE OR REPLACE TEMP TABLE rc_keep_relations AS
SELECT r.* FROM event_relations r
ANTI JOIN rc_old_events o ON o.event_id = r.event_id
ANTI JOIN rc_old_events p ON p.event_id = r.other_event_id;
DROP TABLE event_relations;
DROP TABLE conflicts;
DROP TABLE event_claims;
DROP TABLE events;

-- name: swap_restore
INSERT INTO events BY NAME SELECT * FROM rc_keep_events;
INSERT INTO event_claims BY NAME SELECT * FROM rc_keep_claims;
INSERT INTO conflicts BY NAME SELECT * FROM rc_keep_conflicts;
INSERT INTO event_relations BY NAME SELECT * FROM rc_keep_relations;
DROP TABLE rc_keep_relations;
DROP TABLE rc_keep_events;
DROP TABLE rc_keep_claims;
DROP TABLE rc_keep_conflicts;

-- name: replace
-- Swap the dirty partitions' rows for the new ones. first_seen survives for kept ids.
DELETE FROM conflicts WHERE event_id IN (SELECT event_id FROM rc_old_events)
                         OR other_event_id IN (SELECT event_id FROM rc_old_events);
DELETE FROM event_relations WHERE event_id IN (SELECT event_id FROM rc_old_events)
                               OR other_event_id IN (SELECT event_id FROM rc_old_events);
DELETE FROM event_claims WHERE event_id IN (SELECT event_id FROM rc_old_events);
DELETE FROM event_claims WHERE claim_id IN (SELECT claim_id FROM rc_work);  -- claims that moved partition
DELETE FROM events WHERE event_id IN (SELECT event_id FROM rc_old_events);

INSERT INTO events (event_id, partition_key, event_key, measure, measure_kind, place, actor, actor_members, target,
                    target_members, unit, scope, tier, date_low, date_high, n_claims, n_articles, n_sources,
                    unresolved, first_seen, updated_at)
SELECT ids.event_id, ci.partition_key, ci.event_key, ci.measure, ci.measure_kind, ci.place, ci.actor,
       ci.actor_members, ci.target, ci.target_members, ci.unit, ci.scope, ci.tier, ci.date_low, ci.date_high,
       ci.n_claims, ci.n_articles, ci.n_sources, ci.unresolved,
       coalesce(o.first_seen, current_timestamp), current_timestamp
FROM rc_cluster_info ci
JOIN rc_ids ids USING (cluster)
LEFT JOIN rc_old_events o USING (event_id);

INSERT INTO event_claims (claim_id, event_id, fingerprint, counted, event_date, date_low, date_high)
SELECT cl.claim_id, ids.event_id, k.fingerprint, k.counted, k.claim_date, k.claim_date_low, k.claim_date_high
FROM rc_clusters cl
JOIN rc_ids ids USING (cluster)
JOIN rc_work k USING (claim_id);

-- name: consensus
-- Values of the rebuilt events as closed intervals; NULL bounds become infinities for the sweep.
-- For a stock only the latest report day votes: the current toll is the latest figure, and earlier,
-- different figures are what it revised (all values are still compared with the result).
CREATE OR REPLACE TEMP TABLE rc_vals AS
WITH v AS (
    SELECT ec.event_id, k.claim_id, k.article_id, k.grp, k.kind, k.hedge, k.point, k.reported, k.d_lo, k.d_hi,
           k.sentence_start,
           k.unit, k.scope, k.since, k.since_text, k.low, k.high, k.counted, k.source,
           -- compared at their written precision, just under half a unit of the last digit either side: "6"
           -- miles is [5.55, 6.45] and meets "6.2" (a conversion), while 24 and 25 dead, or 2.5 and 2.6 million,
           -- stay apart.
           -- An open hedge is read as a reader reads it (rc_params.open_factor, grouping.OPEN_HEDGE_FACTOR):
           -- "more than 100,000" is a hundred thousand and some, not anything up to infinity, so half a
           -- million disagrees with it; "up to N" likewise reaches down to N / factor. Storage and export keep
           -- the open interval; only comparison (consensus and disagreements) reads this bounded one. A stock's
           -- floor stays open: "at least five injured" is a toll later counts raise, not a figure that
           -- "dozens" contradicts.
           coalesce(k.low - 0.45 * coalesce(k.prec, 0),
                    CASE WHEN k.kind <> 'stock' AND k.high > 0 THEN k.high / p.open_factor END,
                    CAST('-inf' AS DOUBLE)) AS lo,
           coalesce(k.high + 0.45 * coalesce(k.prec, 0),
                    CASE WHEN k.kind <> 'stock' AND k.low > 0 THEN k.low * p.open_factor END,
                    CAST('inf' AS DOUBLE)) AS hi
    FROM rc_ids ids
    JOIN event_claims ec USING (event_id)
    JOIN rc_work k USING (claim_id)
    CROSS JOIN rc_params p
)
SELECT *,
       counted AND (kind <> 'stock' OR reported IS NOT DISTINCT FROM
                    max(reported) FILTER (WHERE counted) OVER (PARTITION BY event_id)) AS votes
FROM v;

-- Consensus point per event by a sweep over interval endpoints (O(k log k) per event, no pairwise join):
-- the point covered by the most voting intervals (for a stock: of the latest report day), then by the most
-- counted intervals of any day; ties go to the lowest such point (the conservative reading, which also
-- makes the earlier, smaller figure the reference for revisions and running totals).
-- Each source group votes once per interval (copies of one wire are one voice).
-- Increments ("a further 20") count only when nothing else does: they are not totals for the event.
-- The intervals covering that point pairwise overlap: they are the values that agree.
CREATE OR REPLACE TEMP TABLE rc_point AS
WITH voices AS (
    SELECT DISTINCT event_id, grp, lo, hi, hedge = 'further' AS increment, votes FROM rc_vals WHERE counted
), ends AS (
    SELECT event_id, lo AS x, 0 AS side, 1 AS delta,
           CASE WHEN increment OR NOT votes THEN 0 ELSE 1 END AS main, CASE WHEN increment THEN 0 ELSE 1 END AS wide
    FROM voices
    UNION ALL
    SELECT event_id, hi, 1, -1, CASE WHEN increment OR NOT votes THEN 0 ELSE -1 END, CASE WHEN increment THEN 0 ELSE -1 END
    FROM voices WHERE hi < CAST('inf' AS DOUBLE)
), running AS (  -- at equal x, openings (side 0) come before closings: intervals are closed
    SELECT event_id, x, side,
           sum(main) OVER w AS depth_main, sum(wide) OVER w AS depth_wide, sum(delta) OVER w AS depth
    FROM ends
    WINDOW w AS (PARTITION BY event_id ORDER BY x, side ROWS UNBOUNDED PRECEDING)
)
SELECT event_id, x AS p, depth FROM running WHERE side = 0
QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY depth_main DESC, depth_wide DESC, depth DESC, x) = 1;

-- Only counted values can agree; an event of denied figures only has no consensus (no row in rc_point).
CREATE OR REPLACE TEMP TABLE rc_vals AS
SELECT v.*, coalesce(v.counted AND v.lo <= p.p AND p.p <= v.hi, false) AS agrees
FROM rc_vals v LEFT JOIN rc_point p USING (event_id);

CREATE OR REPLACE TEMP TABLE rc_summary AS
-- The event's value: the median point value of the agreeing claims, clamped into their common interval
-- ("at least 40" and "45" -> 45; "nearly 200" alone -> 200, not the interval's lower end).
SELECT v.event_id,
       least(greatest(quantile_disc(v.point, 0.5) FILTER (WHERE v.agrees), max(v.low) FILTER (WHERE v.agrees)),
             min(v.high) FILTER (WHERE v.agrees)) AS value,
       max(v.low) FILTER (WHERE v.agrees) AS consensus_low,  -- the agreeing intervals' intersection, as written
       min(v.high) FILTER (WHERE v.agrees) AS consensus_high,
       CASE WHEN bool_or(v.low IS NULL) FILTER (WHERE v.counted) THEN NULL ELSE min(v.low) FILTER (WHERE v.counted) END
           AS spread_low,
       CASE WHEN bool_or(v.high IS NULL) FILTER (WHERE v.counted) THEN NULL ELSE max(v.high) FILTER (WHERE v.counted) END
           AS spread_high,
       min(v.reported) FILTER (WHERE v.agrees) AS reported_min,
       max(v.reported) FILTER (WHERE v.agrees) AS reported_max,
       min(v.d_lo) FILTER (WHERE v.agrees) AS d_lo_min,
       max(v.d_hi) FILTER (WHERE v.agrees) AS d_hi_max,
       coalesce(bool_or(v.since) FILTER (WHERE v.agrees), false) AS since,
       min(v.since_text) FILTER (WHERE v.agrees) AS since_text,
       any_value(v.scope) AS scope,  -- one per event: scope is part of the event key
       any_value(v.kind) AS kind,    -- one per event: the measure is part of the partition
       -- the named sources behind the consensus (a flagged value from another source is theirs to dispute)
       list_sort(list_distinct(list(v.source) FILTER (WHERE v.agrees AND v.source IS NOT NULL))) AS agree_sources,
       list_distinct(list(v.grp) FILTER (WHERE v.agrees)) AS agree_groups,  -- the articles (clusters) behind it
       array_to_string(list_sort(list_distinct(list(v.source) FILTER (WHERE v.agrees AND v.source IS NOT NULL))), ', ')
           AS agree_source_labels,
       max(v.reported) FILTER (WHERE v.votes) AS vote_reported,  -- a stock: the latest report day
       -- a representative agreeing value: one that voted, with a named source when there is one, earliest
       arg_min(v.claim_id, (NOT v.votes, v.source IS NULL, v.reported, v.claim_id)) FILTER (WHERE v.agrees)
           AS reference_claim,
       arg_min(v.reported, (NOT v.votes, v.source IS NULL, v.reported, v.claim_id)) FILTER (WHERE v.agrees)
           AS reference_reported
FROM rc_vals v
LEFT JOIN rc_point p USING (event_id)
GROUP BY v.event_id, p.p;

-- Series (flows only: waves add up): the events of one event key in date order (undated last), with the
-- running total of the consensus values before each one. A difference d between two figures is
-- "cumulative" when d equals the sum of a run of consecutive earlier events: prefix(m) = prefix(this) - d
-- for some earlier m. That is an equality join on (event key, prefix), linear, never a scan over all pairs.
CREATE OR REPLACE TEMP TABLE rc_series AS
SELECT e.event_id, e.event_key, e.date_low, e.date_high, s.value,
       row_number() OVER w AS pos,
       round(coalesce(sum(s.value) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0), 6) AS prefix
FROM events e
JOIN rc_summary s USING (event_id)
WHERE NOT e.unresolved AND e.measure_kind = 'flow'
WINDOW w AS (PARTITION BY e.event_key ORDER BY e.date_low NULLS LAST, e.date_high, e.event_id);

-- name: classify
-- Every pair of counted figures of an event whose (compared) intervals are disjoint is typed, as a reader
-- compares them: four hauls are six comparisons, not four figures against one consensus. Side a is the
-- figure reported first (undated last; ties: claim id), side b the other. The first explanation that holds:
--   cumulative (explained)  one side is an increment ("a further 20"); for a flow, the gap is exactly a run
--                           of earlier figures of the same key (38 = 35 + 3); or, between aggregates of a
--                           flow, the larger is a running total that includes the other (below)
--   unit_or_scope (explained)  one article (source group) gives both and no two named sources differ: it
--                           does not contradict itself, the two count different things (a part, another
--                           group, another event it recalls)
--   source_disagreement     two different named sources, about the same time (for a level, any time: an
--                           estimate is the source's own)
--   revision                reported apart (a stock: on different days; otherwise more than a day apart),
--                           or about windows more than a day apart; also, for a stock or a flow, when either
--                           report has no date at all (missing information never makes their contradiction;
--                           a level's undated figure that joined the event is read as of the event)
--   contradiction           none of the above: same event, unit and time, incompatible values
-- Disagreements go to `conflicts`, explanations to `event_relations`: a reader's flags are the first only.
--
-- Running total vs a wave (flow aggregates only; "at least 300 expelled from the EU since the invasion" vs
-- "206 at the beginning of April"): the larger side is a running total of the other when its window starts
-- earlier and ends no earlier, or it says "since ..." / is a running total, or it is undated while the other
-- has a bounded window.
--
-- Cost: pairs are drawn within an event only, and each distinct figure (its interval) takes part with at
-- most 6 of its claims, 2 in an event of more than 24 counted figures (more copies of one figure add nothing a
-- reader compares), so an event of f figures costs at most (6 f)^2 pairs and a million claims stay linear and
-- within 2x of the consensus-only engine (scripts/bench_reconcile.py).
CREATE OR REPLACE TEMP TABLE rc_pairs AS
WITH figs AS (
    SELECT v.event_id, v.claim_id, v.grp, v.kind, v.hedge, v.point, v.lo, v.hi, v.reported, v.d_lo, v.d_hi,
           v.sentence_start,
           v.source, v.since, v.since_text, v.scope, se.event_key, se.pos, se.prefix,
           coalesce(v.reported, DATE '9999-12-31') AS r_order
    FROM rc_vals v
    LEFT JOIN rc_series se USING (event_id)
    WHERE v.counted AND v.point IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY v.event_id, v.lo, v.hi ORDER BY v.reported NULLS LAST, v.claim_id)
            <= CASE WHEN count(*) OVER (PARTITION BY v.event_id) > 24 THEN 2 ELSE 6 END
), pairs AS (
    SELECT a.event_id, a.kind AS m_kind, a.scope, a.event_key, a.pos, a.prefix,
           a.claim_id AS a_claim, b.claim_id AS b_claim, a.point AS a_point, b.point AS b_point,
           a.hedge AS a_hedge, b.hedge AS b_hedge, a.grp AS a_grp, b.grp AS b_grp,
           -- one article's headline and body giving one thing two specific figures close together ("$2.5 million"
           -- above, "$2.6 million" below: rc_split keeps them in one event by rc_params.story_factor) contradict
           -- each other; any other two figures of one article count different things (same_article)
           (a.sentence_start = 0) <> (b.sentence_start = 0) AND rc_specific(a.point) AND rc_specific(b.point)
               AND a.point > 0 AND b.point > 0
               AND greatest(a.point, b.point) <= least(a.point, b.point) * (SELECT story_factor FROM rc_params)
               AS headline_vs_body,
           a.source AS a_source, b.source AS b_source, a.reported AS a_reported, b.reported AS b_reported,
           a.since AS a_since, b.since AS b_since, a.since_text AS a_since_text, b.since_text AS b_since_text,
           a.d_lo AS a_lo, a.d_hi AS a_hi, b.d_lo AS b_lo, b.d_hi AS b_hi,
           -- how many times apart the two figures are at their nearest (their compared intervals' gap)
           CASE WHEN a.hi < b.lo THEN b.lo / nullif(a.hi, 0) ELSE a.lo / nullif(b.hi, 0) END AS gap_ratio
    FROM figs a
    JOIN figs b ON b.event_id = a.event_id AND (a.r_order, a.claim_id) < (b.r_order, b.claim_id)
    WHERE a.hi < b.lo OR b.hi < a.lo
), facts AS (
    SELECT p.*,
           -- the larger side includes the smaller (see above); NULL-safe
           p.scope <> 'single' AND p.m_kind = 'flow' AND CASE
               WHEN p.a_point > p.b_point THEN p.a_since OR coalesce(p.a_lo < p.b_lo AND p.a_hi >= p.b_hi, false)
                                               OR (p.a_lo IS NULL AND p.b_lo IS NOT NULL)
               ELSE p.b_since OR coalesce(p.b_lo < p.a_lo AND p.b_hi >= p.a_hi, false)
                    OR (p.b_lo IS NULL AND p.a_lo IS NOT NULL) END AS running_total,
           p.a_source IS NOT NULL AND p.b_source IS NOT NULL AND p.a_source <> p.b_source AS two_sources,
           p.a_reported IS NULL OR p.b_reported IS NULL AS time_unknown,
           CASE WHEN p.m_kind = 'stock' THEN p.a_reported <> p.b_reported
                ELSE abs(date_diff('day', p.a_reported, p.b_reported)) > 1
                     OR date_diff('day', p.b_hi, p.a_lo) > 1 OR date_diff('day', p.a_hi, p.b_lo) > 1 END AS apart
    FROM pairs p
)
SELECT f.*,
       CASE
           WHEN f.a_hedge = 'further' OR f.b_hedge = 'further' THEN 'further'
           WHEN f.m_kind = 'flow' AND EXISTS (
               SELECT 1 FROM rc_series m
               WHERE m.event_key = f.event_key AND m.pos < f.pos
                 AND m.prefix = round(f.prefix - abs(f.a_point - f.b_point), 6)
           ) THEN 'earlier_figures'
           WHEN f.running_total THEN 'running_total'
           WHEN f.a_grp = f.b_grp AND NOT f.two_sources AND NOT f.headline_vs_body THEN 'same_article'
           WHEN f.gap_ratio > (SELECT far_factor FROM rc_params) THEN 'far_apart'
           WHEN f.two_sources AND (f.m_kind = 'level' OR NOT coalesce(f.apart, false)) THEN 'source_disagreement'
           WHEN coalesce(f.apart, false) THEN 'revision'
           WHEN f.time_unknown AND f.m_kind <> 'level' THEN 'time_unknown'
           ELSE 'contradiction'
       END AS basis
FROM facts f;

INSERT INTO conflicts
SELECT md5(concat_ws('|', kind, event_id, a_claim, b_claim)), event_id, kind, kind = 'contradiction', a_claim, event_id,
       b_claim,
       CASE kind
           WHEN 'source_disagreement' THEN format('{} according to {} vs {} according to {}: the sources disagree, each figure is theirs',
                                                  rc_num(a_point), a_source, rc_num(b_point), b_source)
           WHEN 'revision' THEN
               CASE WHEN time_unknown THEN format('{} vs {}: one report has no date at all, so the later figure may revise the other; not read as a contradiction',
                                                  rc_num(a_point), rc_num(b_point))
                    ELSE format('{} (reported {}) vs {} (reported {}): reports {} days apart, the later one revises the figure',
                                rc_num(a_point), coalesce(CAST(a_reported AS VARCHAR), '?'), rc_num(b_point),
                                coalesce(CAST(b_reported AS VARCHAR), '?'),
                                coalesce(CAST(abs(date_diff('day', a_reported, b_reported)) AS VARCHAR), '?')) END
           ELSE format('{} vs {}: incompatible values for the same event, reported at about the same time',
                       rc_num(a_point), rc_num(b_point))
       END
FROM (SELECT *, CASE basis WHEN 'time_unknown' THEN 'revision' ELSE basis END AS kind
      FROM rc_pairs WHERE basis IN ('source_disagreement', 'revision', 'time_unknown', 'contradiction'));

INSERT INTO event_relations
SELECT md5(concat_ws('|', kind, event_id, a_claim, event_id, b_claim)), event_id, kind, basis, a_claim, event_id, b_claim,
       CASE basis
           WHEN 'running_total' THEN format('{} vs {}: {} is a running total ({}) that includes the {}, not a contradiction',
                                            rc_num(a_point), rc_num(b_point), rc_num(greatest(a_point, b_point)),
                                            CASE WHEN a_point > b_point THEN coalesce(a_since_text, 'from ' || a_lo, 'undated')
                                                 ELSE coalesce(b_since_text, 'from ' || b_lo, 'undated') END,
                                            rc_num(least(a_point, b_point)))
           WHEN 'further' THEN format('{} vs {}: the {} is reported as an increment ("a further ..."), not a total',
                                      rc_num(a_point), rc_num(b_point),
                                      rc_num(CASE WHEN b_hedge = 'further' THEN b_point ELSE a_point END))
           WHEN 'earlier_figures' THEN format('{} vs {}: the difference ({}) is what was reported earlier for the same parties (running total or increment)',
                                              rc_num(a_point), rc_num(b_point), rc_num(abs(a_point - b_point)))
           WHEN 'far_apart' THEN format('{} vs {}: more than {} times apart, so they count different things (a part, a whole, another group), not one figure reported differently',
                                        rc_num(a_point), rc_num(b_point), rc_num((SELECT far_factor FROM rc_params)))
           ELSE format('{} vs {}: the same article (or a copy of it) reports both, so they count different things (a part, another group or another event it recalls), not a contradiction',
                       rc_num(a_point), rc_num(b_point))
       END
FROM (SELECT *, CASE WHEN basis IN ('same_article', 'far_apart') THEN 'unit_or_scope' ELSE 'cumulative' END AS kind
      FROM rc_pairs WHERE basis IN ('further', 'earlier_figures', 'running_total', 'same_article', 'far_apart'));

-- Whole events of a flow that are running totals: their value is the sum of two or more consecutive earlier
-- events of the same key (3, then 35, then "38 in total"). Recorded so nobody adds them up again.
INSERT INTO event_relations
SELECT md5(concat_ws('|', 'cumulative', e.event_id, '', prev.event_id, '')), e.event_id, 'cumulative', 'sum_of_earlier',
       NULL, prev.event_id, NULL,
       format('{} equals the sum of {} earlier events of the same parties: a running total',
              rc_num(e.value), e.pos - m.pos)
FROM rc_series e
JOIN rc_series m ON m.event_key = e.event_key AND m.pos <= e.pos - 2
                AND m.prefix = round(e.prefix - e.value, 6)
JOIN rc_series prev ON prev.event_key = e.event_key AND prev.pos = e.pos - 1
WHERE e.value > 0
QUALIFY row_number() OVER (PARTITION BY e.event_id ORDER BY m.pos DESC) = 1;

-- Between two events, only where the text states the relation: one article (source group) gives a figure
-- of each ("14 staff, seven of whom have diplomatic status"), same partition and place, compatible dates,
-- values that do not overlap, and either the same unit with a different scope (30 single vs 300 aggregate)
-- or nested unit classes of the profile (rc_unit_anc). Units that do not nest (EUR and USD, people and
-- percent) are never compared, and two articles' figures are never related across events: a running total
-- in one report and a wave in another are two events, not an explanation. Joined within a partition only,
-- on events (few per partition) and then on their (event, source group) pairs, never on all claims.
CREATE OR REPLACE TEMP TABLE rc_rebuilt AS
SELECT e.event_id, e.partition_key, e.place, e.unit, e.scope, e.date_low, e.date_high, s.value, s.consensus_low,
       s.consensus_high
FROM events e JOIN rc_summary s USING (event_id)
WHERE NOT e.unresolved AND s.value IS NOT NULL;

INSERT INTO event_relations
SELECT md5(concat_ws('|', 'unit_or_scope', a.event_id, min(va.claim_id), b.event_id, min(vb.claim_id))),
       a.event_id, 'unit_or_scope', CASE WHEN a.unit = b.unit THEN 'scope' ELSE 'nested_unit' END,
       min(va.claim_id), b.event_id, min(vb.claim_id),
       format('{} {} ({}) vs {} {} ({}): the same article gives both, a different unit or scope, not a contradiction',
              rc_num(a.value), a.unit, a.scope, rc_num(b.value), b.unit, b.scope)
FROM rc_rebuilt a
JOIN rc_rebuilt b ON a.partition_key = b.partition_key AND a.event_id <> b.event_id
                 AND a.place IS NOT DISTINCT FROM b.place
JOIN rc_vals va ON va.event_id = a.event_id AND va.counted AND va.agrees
JOIN rc_vals vb ON vb.event_id = b.event_id AND vb.counted AND vb.agrees AND vb.grp = va.grp
WHERE a.scope <> 'change' AND b.scope <> 'change'  -- a change is never compared with a level (core.claims.Scope)
  AND ((a.unit = b.unit AND a.scope <> b.scope)
       OR EXISTS (SELECT 1 FROM rc_unit_anc u
                  WHERE (u.unit = a.unit AND u.ancestor = b.unit) OR (u.unit = b.unit AND u.ancestor = a.unit)))
  AND (a.date_low IS NULL OR b.date_low IS NULL OR (a.date_low <= b.date_high AND b.date_low <= a.date_high))
  AND (coalesce(a.consensus_high, CAST('inf' AS DOUBLE)) < coalesce(b.consensus_low, CAST('-inf' AS DOUBLE))
       OR coalesce(b.consensus_high, CAST('inf' AS DOUBLE)) < coalesce(a.consensus_low, CAST('-inf' AS DOUBLE)))
GROUP BY a.event_id, b.event_id, a.unit, b.unit, a.scope, b.scope, a.value, b.value;

-- name: finish
-- Write the per-value verdicts and the per-event summary back. A disagreeing value's kind: the most severe
-- disagreement it takes part in, else the explanation of its difference.
CREATE OR REPLACE TEMP TABLE rc_value_kind AS
SELECT claim_id,
       CASE max(CASE kind WHEN 'contradiction' THEN 5 WHEN 'source_disagreement' THEN 4 WHEN 'revision' THEN 3
                          WHEN 'cumulative' THEN 2 WHEN 'unit_or_scope' THEN 1 END)
           WHEN 5 THEN 'contradiction' WHEN 4 THEN 'source_disagreement' WHEN 3 THEN 'revision'
           WHEN 2 THEN 'cumulative' WHEN 1 THEN 'unit_or_scope'
       END AS kind
FROM (
    SELECT a_claim AS claim_id, CASE WHEN basis = 'time_unknown' THEN 'revision'
                                     WHEN basis IN ('same_article', 'far_apart') THEN 'unit_or_scope'
                                     WHEN basis IN ('further', 'earlier_figures', 'running_total') THEN 'cumulative'
                                     ELSE basis END AS kind FROM rc_pairs
    UNION ALL
    SELECT b_claim, CASE WHEN basis = 'time_unknown' THEN 'revision'
                         WHEN basis IN ('same_article', 'far_apart') THEN 'unit_or_scope'
                         WHEN basis IN ('further', 'earlier_figures', 'running_total') THEN 'cumulative'
                         ELSE basis END FROM rc_pairs
)
GROUP BY claim_id;

UPDATE event_claims ec SET agrees = v.agrees, kind = CASE WHEN v.counted AND NOT v.agrees THEN f.kind END
FROM rc_vals v LEFT JOIN rc_value_kind f USING (claim_id)
WHERE ec.claim_id = v.claim_id;

UPDATE events e SET
    value = s.value, consensus_low = s.consensus_low, consensus_high = s.consensus_high,
    spread_low = s.spread_low, spread_high = s.spread_high,
    conflict = k.kind IS NOT NULL,
    conflict_kind = k.kind,
    strict_conflict = coalesce(k.kind = 'contradiction', false)
FROM rc_summary s
LEFT JOIN (
    SELECT event_id,
           CASE max(CASE kind WHEN 'contradiction' THEN 3 WHEN 'source_disagreement' THEN 2 WHEN 'revision' THEN 1 END)
               WHEN 3 THEN 'contradiction' WHEN 2 THEN 'source_disagreement' WHEN 1 THEN 'revision'
           END AS kind
    FROM conflicts
    WHERE event_id IN (SELECT event_id FROM rc_ids)
    GROUP BY event_id
) k USING (event_id)
WHERE e.event_id = s.event_id;

-- name: cleanup
DROP TABLE IF EXISTS rc_story; DROP TABLE IF EXISTS rc_redated; DROP TABLE IF EXISTS rc_more; DROP TABLE IF EXISTS rc_keys; DROP TABLE IF EXISTS rc_dirty; DROP TABLE IF EXISTS rc_work;
DROP TABLE IF EXISTS rc_precise; DROP TABLE IF EXISTS rc_islands; DROP TABLE IF EXISTS rc_wide;
DROP TABLE IF EXISTS rc_wide_own; DROP TABLE IF EXISTS rc_undated; DROP TABLE IF EXISTS rc_loose;
DROP TABLE IF EXISTS rc_clusters; DROP TABLE IF EXISTS rc_split; DROP TABLE IF EXISTS rc_cluster_info; DROP TABLE IF EXISTS rc_old_events;
DROP TABLE IF EXISTS rc_votes; DROP TABLE IF EXISTS rc_ids; DROP TABLE IF EXISTS rc_vals; DROP TABLE IF EXISTS rc_point;
DROP TABLE IF EXISTS rc_summary; DROP TABLE IF EXISTS rc_series;
DROP TABLE IF EXISTS rc_rebuilt; DROP TABLE IF EXISTS rc_pairs; DROP TABLE IF EXISTS rc_value_kind; DROP TABLE IF EXISTS rc_params; DROP TABLE IF EXISTS rc_unit_anc;
DROP MACRO IF EXISTS rc_num; DROP MACRO IF EXISTS rc_calendar_words; DROP MACRO IF EXISTS rc_finite; DROP MACRO IF EXISTS rc_specific; DROP MACRO IF EXISTS rc_party;
DROP MACRO IF EXISTS rc_members;
