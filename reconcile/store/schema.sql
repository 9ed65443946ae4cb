-- The reconcile database: one DuckDB file holds everything a run needs and produces.
-- Offsets (start/end, sentence_start/sentence_end) index articles.text; text[start:end] is the number.

CREATE TABLE IF NOT EXISTS articles (
    article_id   VARCHAR PRIMARY KEY,        -- sha256 of text: a renamed file is not new, an edited one is
    source       VARCHAR NOT NULL,           -- path (or name) it was first seen under
    title        VARCHAR,
    published    DATE,
    text         VARCHAR NOT NULL,
    ingested_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    url          VARCHAR,                    -- metadata as the input gave it (or the saved page said); NULL = unknown
    outlet       VARCHAR,
    author       VARCHAR,
    language     VARCHAR,                    -- ISO 639-1 when known
    source_group VARCHAR                     -- article_id of the first-seen near-duplicate (itself when unique)
);

CREATE TABLE IF NOT EXISTS article_sources (  -- every path an article was seen under
    article_id   VARCHAR NOT NULL,
    source       VARCHAR NOT NULL,
    first_seen   TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (article_id, source)
);

-- Near-duplicate detection (reconcile/ingest/duplicates.py): each article's MinHash signature, and its
-- LSH band keys, so that a new article is compared only with the articles sharing a key with it.
CREATE TABLE IF NOT EXISTS article_minhash (
    article_id   VARCHAR PRIMARY KEY,
    signature    BLOB NOT NULL               -- 128 little-endian uint32 MinHash values of the text's word 5-grams
);

CREATE TABLE IF NOT EXISTS article_bands (
    band         SMALLINT NOT NULL,
    key          BIGINT NOT NULL,
    article_id   VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS runs (
    run_id             VARCHAR PRIMARY KEY,
    started_at         TIMESTAMP NOT NULL,
    finished_at        TIMESTAMP,
    status             VARCHAR NOT NULL,     -- running | finished | interrupted
    model              VARCHAR NOT NULL,
    base_url           VARCHAR,
    prompt_version     VARCHAR NOT NULL,
    schema_version     VARCHAR NOT NULL,
    concurrency        INTEGER,
    articles_new       INTEGER DEFAULT 0,
    articles_skipped   INTEGER DEFAULT 0,
    articles_failed    INTEGER DEFAULT 0,
    claims             INTEGER DEFAULT 0,
    model_calls        INTEGER DEFAULT 0,
    cache_hits         INTEGER DEFAULT 0,
    retries            INTEGER DEFAULT 0,
    dropped            INTEGER DEFAULT 0,
    prompt_tokens      BIGINT DEFAULT 0,
    completion_tokens  BIGINT DEFAULT 0,
    server_seconds     DOUBLE DEFAULT 0,     -- time the model server reports for the requests it served
    wall_seconds       DOUBLE
);

-- One row per (article, extraction version): done, failed or superseded. At most one per article is done: the
-- one whose claims are stored (a later successful extraction supersedes it). A failed article is retried.
CREATE TABLE IF NOT EXISTS extractions (
    article_id         VARCHAR NOT NULL,
    extractor_version  VARCHAR NOT NULL,     -- model + prompt version + schema version
    run_id             VARCHAR NOT NULL,
    status             VARCHAR NOT NULL,     -- done | failed | superseded
    error              VARCHAR,
    claims             INTEGER DEFAULT 0,
    dropped            INTEGER DEFAULT 0,
    model_calls        INTEGER DEFAULT 0,
    cache_hits         INTEGER DEFAULT 0,
    retries            INTEGER DEFAULT 0,
    prompt_tokens      BIGINT DEFAULT 0,
    completion_tokens  BIGINT DEFAULT 0,
    seconds            DOUBLE,
    finished_at        TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (article_id, extractor_version)
);

CREATE TABLE IF NOT EXISTS ingest_failures (  -- files that never became articles
    run_id   VARCHAR NOT NULL,
    source   VARCHAR NOT NULL,
    reason   VARCHAR NOT NULL,
    failed_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- The claims table is derived from the one claim definition, core.claims.Claim (reconcile/store/claim_schema.py):
-- its CREATE TABLE, and an ADD COLUMN for every field a file made before it lacks, stand here.
-- claims: claim_schema.claims_ddl()

-- Model outputs that failed validation after the allowed re-asks: counted and kept for diagnosis, never facts.
CREATE TABLE IF NOT EXISTS rejections (
    article_id         VARCHAR NOT NULL,
    extractor_version  VARCHAR NOT NULL,
    number_id          VARCHAR,
    start              INTEGER,
    "end"              INTEGER,
    reason             VARCHAR NOT NULL,
    payload            VARCHAR,
    rules              VARCHAR               -- the registered rules that fired, the last the one that dropped it
);

-- Model responses keyed on sha256 of the request body (messages, model, parameters, response schema).
CREATE TABLE IF NOT EXISTS llm_cache (
    request_hash       VARCHAR PRIMARY KEY,
    model              VARCHAR,
    response           VARCHAR NOT NULL,     -- the raw JSON body the server returned
    prompt_tokens      INTEGER,
    completion_tokens  INTEGER,
    created_at         TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- Claims tables of the expulsion-only layout (an ``action`` column) are replaced before this script runs:
-- see ``reconcile.store.database.migrate_claims``.

-- Databases made before article metadata and near-duplicate groups were stored.
ALTER TABLE articles ADD COLUMN IF NOT EXISTS url VARCHAR;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS outlet VARCHAR;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS author VARCHAR;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS language VARCHAR;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS source_group VARCHAR;
-- Claims stored before the counted head (filled in on open: store.database.backfill_counted_heads) or before
-- parties were spans of the text (prompts/extract_v3) get those columns from claim_schema.claims_ddl() above.
-- Rejections stored before rules were named (core.rules, issue 19).
ALTER TABLE rejections ADD COLUMN IF NOT EXISTS rules VARCHAR;

-- Databases made before "superseded": every model that ever finished an article left a done record, but only
-- the latest one's claims are stored. Keep that one done (a no-op on databases made since).
UPDATE extractions e SET status = 'superseded'
WHERE status = 'done' AND EXISTS (
    SELECT 1 FROM extractions later
    WHERE later.article_id = e.article_id AND later.status = 'done' AND later.finished_at > e.finished_at
);
