-- Views for reading the reconcile database with plain SQL (any DuckDB client) or Arrow (Pipeline.to_arrow).
-- Created by every run (after reconciliation) and, as temporary views, when an older file is opened read-only.
-- Column names follow docs/claim-model.md.

-- claim_values (one row per stored claim) is derived from core.claims.Claim: reconcile/store/claim_schema.py.

-- One row per disagreement: two counted figures of one event whose intervals are disjoint, with its kind
-- (revision, source_disagreement, contradiction) and one-line detail, and both sides with their article,
-- publication date, source and quote (the side reported first, then ``other_*``). The event's consensus
-- stays its summary (events.value).
CREATE OR REPLACE VIEW event_conflicts AS
SELECT
    f.event_id,
    e.measure,
    e.unit,
    e.place,
    e.actor,
    e.target,
    e.date_low,
    e.date_high,
    e.value AS consensus,
    f.kind,
    f.strict,
    f.detail,
    v.article,
    v.published,
    v.source,
    v.source_text,
    v.value,
    v.low,
    v.high,
    v.number_text,
    v.quote,
    o.article AS other_article,
    o.published AS other_published,
    o.source AS other_source,
    o.source_text AS other_source_text,
    o.value AS other_value,
    o.low AS other_low,
    o.high AS other_high,
    o.number_text AS other_number_text,
    o.quote AS other_quote,
    f.other_event_id,
    f.claim_id,
    f.other_claim_id,
    f.conflict_id
FROM conflicts f
JOIN events e USING (event_id)
LEFT JOIN claim_values v ON v.claim_id = f.claim_id
LEFT JOIN claim_values o ON o.claim_id = f.other_claim_id;

-- One row per explained difference (never a flag): its kind (cumulative, unit_or_scope), the reason that
-- explains it (further, earlier_figures, running_total, sum_of_earlier, same_article, nested_unit, scope),
-- its detail, and both sides as in event_conflicts (a side that is a whole event has no value).
CREATE OR REPLACE VIEW explained_differences AS
SELECT
    r.event_id,
    e.measure,
    e.unit,
    e.place,
    r.kind,
    r.reason,
    r.detail,
    v.article,
    v.published,
    v.source_text,
    v.value,
    v.number_text,
    v.quote,
    r.other_event_id,
    o.article AS other_article,
    o.published AS other_published,
    o.source_text AS other_source_text,
    o.value AS other_value,
    o.number_text AS other_number_text,
    o.quote AS other_quote,
    r.claim_id,
    r.other_claim_id,
    r.relation_id
FROM event_relations r
JOIN events e USING (event_id)
LEFT JOIN claim_values v ON v.claim_id = r.claim_id
LEFT JOIN claim_values o ON o.claim_id = r.other_claim_id;
