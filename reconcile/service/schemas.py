"""Request and response bodies of the HTTP API; the OpenAPI spec is generated from these types.

Stored things keep their one definition: events are ``reconcile.events.model.Event`` as the Python API
returns them, claims are ``reconcile.core.claims.Claim`` with the article fields ``reconcile claims --json``
adds. Only what exists nowhere else (submissions, jobs, pages) is defined here. Request bodies forbid
unknown fields, so a misspelt ``txt`` is a 422 rather than an article silently without text.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from reconcile.core.claims import Claim
from reconcile.events.model import Conflict, Event, EventValue

MAX_BATCH = 1000  # articles per submission: a bigger batch is several submissions (each its own job)


class ArticleIn(BaseModel):
    """One article to ingest: its text and what is known about it (all but ``text`` optional)."""

    model_config = ConfigDict(extra="forbid")

    text: Annotated[str, Field(min_length=1, description="The article's text (plain text, or HTML)")]
    source: str | None = Field(
        default=None, max_length=2000, description="A name for it (default: its url, else api/JOB/N)"
    )
    title: str | None = Field(default=None, max_length=2000)
    url: str | None = Field(default=None, max_length=2000)
    outlet: str | None = Field(default=None, max_length=500)
    author: str | None = Field(default=None, max_length=500)
    language: str | None = Field(default=None, max_length=20, description="ISO 639-1; detected when not given")
    published: dt.date | None = Field(default=None, description="Publication date: resolves 'on Monday'")


class Submission(BaseModel):
    """A batch of articles, extracted under one profile (default: the server's)."""

    model_config = ConfigDict(extra="forbid")

    articles: Annotated[list[ArticleIn], Field(min_length=1, max_length=MAX_BATCH)]
    profile: str | None = Field(default=None, description="A built-in or installed profile name (GET /v1/profiles)")


JobState = Literal["queued", "running", "succeeded", "failed"]


class JobProgress(BaseModel):
    total: int = Field(description="Articles in the job")
    processed: int = Field(description="Articles stored, skipped as already extracted, or failed")
    fraction: float


class JobCounts(BaseModel):
    new: int = Field(default=0, description="Articles extracted by this job")
    skipped: int = Field(default=0, description="Articles already extracted by the same extractor (not asked again)")
    failed: int = 0
    claims: int = 0


class ModelUse(BaseModel):
    calls: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0


class Failure(BaseModel):
    source: str
    reason: str


class Job(BaseModel):
    """A submission's state: queued → running → succeeded (every article stored) or failed (some were not)."""

    job_id: str
    state: JobState
    profile: str
    created_at: dt.datetime
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    attempts: int = Field(
        default=0, description="Times a server started running it (more than 1: resumed after a crash)"
    )
    progress: JobProgress
    counts: JobCounts
    model: ModelUse
    failures: list[Failure] = Field(default_factory=list)
    article_ids: list[str] = Field(default_factory=list, description="The job's articles, once ingested")
    error: str | None = None


class ExtractRequest(BaseModel):
    """One short text, extracted synchronously (nothing is stored)."""

    model_config = ConfigDict(extra="forbid")

    text: Annotated[str, Field(min_length=1)]
    published: dt.date | None = None
    profile: str | None = None


class ExtractResponse(BaseModel):
    claims: list[Claim]


class ClaimRecord(Claim):
    """A stored claim with its article, as ``reconcile claims --json`` writes it."""

    article: str
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None


class ConflictRecord(Conflict):
    """A flagged difference with the event it belongs to and both values, quotes included."""

    event_id: str
    measure: str
    place: str | None
    actor: str | None
    target: str | None
    unit: str
    date_low: dt.date | None
    date_high: dt.date | None
    value: EventValue | None = Field(default=None, description="The value flagged (None: the event as a whole)")
    other_value: EventValue | None = None


class ArticleRecord(BaseModel):
    article_id: str
    source: str
    title: str | None
    published: dt.date | None
    url: str | None
    outlet: str | None
    author: str | None
    language: str | None
    source_group: str | None
    text: str
    claims: list[ClaimRecord]


class ProfileInfo(BaseModel):
    name: str
    description: str
    default: bool


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a listing; pass ``next_cursor`` back as ``cursor`` for the next (None: the last page)."""

    items: list[T]
    next_cursor: str | None = None


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Readiness(BaseModel):
    ready: bool
    database: bool
    writer: bool
    model_endpoint: str
    model_reachable: bool
    detail: str | None = None


__all__ = [
    "ArticleIn", "ArticleRecord", "ClaimRecord", "ConflictRecord", "Event", "ExtractRequest", "ExtractResponse",
    "Failure", "Health", "Job", "JobCounts", "JobProgress", "ModelUse", "Page", "ProfileInfo", "Readiness",
    "Submission",
]  # fmt: skip
