"""Near-duplicate texts: one wire story republished by several outlets counts as one source.

Each article's text gets a MinHash signature (datasketch) over its word 5-grams; the signatures are cut
into LSH bands (as many bands and rows as datasketch's ``MinHashLSH`` chooses for the threshold) and the
band keys are kept in the database, so a new article is compared only with the articles sharing a band
key with it, across runs, and memory holds one batch of signatures at a time. A candidate whose
estimated Jaccard similarity reaches ``THRESHOLD`` is a copy: the new article joins its ``source_group``,
the id of the first-seen article of the cluster. A unique article is its own group. Groups never
change once given, so events reconciled earlier keep their source counts.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

import duckdb

from reconcile.store.bulk import arrow_rows, insert_columns

THRESHOLD = 0.5  # estimated Jaccard of word 5-grams: a copy with a new headline and a trimmed ending passes
NUM_PERM = 128
SHINGLE = 5
_WORD = re.compile(r"\w+")


@cache
def _bands() -> tuple[tuple[int, int], ...]:
    """The (start, end) ranges of the LSH bands datasketch picks for ``THRESHOLD`` and ``NUM_PERM``."""
    from datasketch import MinHashLSH

    return tuple(MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM).hashranges)


@cache
def _template() -> Any:
    """A MinHash whose permutations every signature shares (drawing them is a third of the cost of one)."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1)


def signature(text: str) -> Any:
    """The MinHash values (uint32 array) of the text's lowercased word 5-grams."""
    import numpy as np
    from datasketch import MinHash

    words = _WORD.findall(text.lower())
    shingles = [" ".join(words[i : i + SHINGLE]).encode() for i in range(max(1, len(words) - SHINGLE + 1))]
    template = _template()
    minhash = MinHash(num_perm=NUM_PERM, seed=1, permutations=template.permutations, scheme=template.scheme)
    minhash.update_batch(shingles)
    return np.asarray(minhash.hashvalues, dtype="<u4")


def band_keys(values: Any) -> list[int]:
    """One 64-bit key per LSH band (stable across processes, unlike ``hash``)."""
    raw = values.tobytes()
    return [
        int.from_bytes(hashlib.blake2b(raw[4 * a : 4 * b], digest_size=8).digest(), "little", signed=True)
        for a, b in _bands()
    ]


def similarity(a: Any, b: Any) -> float:
    """Estimated Jaccard similarity of two signatures: the share of equal MinHash values."""
    return float((a == b).mean())


def assign_source_groups(cur: duckdb.DuckDBPyConnection, articles: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Source groups for ``(article_id, text)`` pairs not yet indexed, in the order they were seen.

    Compares each with the indexed articles and with the earlier ones of the batch, indexes them all,
    and returns ``article_id -> source_group``. Runs inside the caller's transaction.
    """
    import numpy as np

    if not articles:
        return {}
    signatures = {article_id: signature(text) for article_id, text in articles}
    keys = {article_id: band_keys(signatures[article_id]) for article_id, _ in articles}
    ids = [article_id for article_id, _ in articles]
    bands = len(_bands())
    new_rows = {
        "band": np.tile(np.arange(bands, dtype=np.int16), len(ids)),
        "key": np.fromiter((key for i in ids for key in keys[i]), dtype=np.int64, count=bands * len(ids)),
        "article_id": [article_id for article_id in ids for _ in range(bands)],
    }
    # candidates already in the store: one join of the batch's band keys against the index
    stored: dict[str, list[str]] = {}
    with arrow_rows(cur, new_rows) as batch:
        found = cur.execute(
            f"SELECT DISTINCT n.article_id, b.article_id FROM {batch} n"
            " JOIN article_bands b ON b.band = n.band AND b.key = n.key"
        ).fetchall()
    for new_id, old_id in found:
        stored.setdefault(new_id, []).append(old_id)
    old: dict[str, tuple[Any, str]] = {}  # id -> (signature, source group)
    wanted = sorted({old_id for olds in stored.values() for old_id in olds})
    if wanted:
        for old_id, blob, group in cur.execute(
            "SELECT m.article_id, m.signature, coalesce(a.source_group, m.article_id)"
            " FROM article_minhash m LEFT JOIN articles a USING (article_id) WHERE list_contains(?, m.article_id)",
            [wanted],
        ).fetchall():
            old[old_id] = (np.frombuffer(blob, dtype="<u4"), group)
    groups: dict[str, str] = {}
    in_batch: dict[tuple[int, int], list[str]] = {}  # (band, key) -> earlier ids of this batch
    for article_id in ids:
        candidates = [old[o] for o in sorted(stored.get(article_id, [])) if o in old]
        earlier = {other for band_key in enumerate(keys[article_id]) for other in in_batch.get(band_key, [])}
        candidates += [(signatures[other], groups[other]) for other in sorted(earlier)]
        scored = [(similarity(signatures[article_id], sig), group) for sig, group in candidates]
        matches = [match for match in scored if match[0] >= THRESHOLD]
        groups[article_id] = max(matches, key=lambda match: match[0])[1] if matches else article_id
        for band_key in enumerate(keys[article_id]):
            in_batch.setdefault(band_key, []).append(article_id)
    insert_columns(cur, "article_bands", new_rows)
    insert_columns(
        cur,
        "article_minhash",
        {"article_id": ids, "signature": [signatures[i].tobytes() for i in ids]},
        "ON CONFLICT DO NOTHING",
    )
    return groups
