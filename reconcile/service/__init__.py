"""``reconcile serve``: the pipeline as an HTTP service (FastAPI under uvicorn), documented by its OpenAPI spec.

Why a service: a dashboard, a CMS hook or a notebook on another machine can send articles and ask for the
day's disagreements without sharing a Python process or a DuckDB file. The pieces, one job each:

- ``schemas``: request and response bodies (pydantic; the OpenAPI spec is generated from them);
- ``problems``: every 4xx/5xx as an RFC 9457 ``application/problem+json`` body;
- ``guards``: body size limit, JSON content type and UTF-8, bearer token;
- ``jobs``: submitted articles persisted as jobs, run one at a time by the single writer thread;
- ``reads``: events, claims, conflicts and articles from an in-memory snapshot rebuilt when the writer
  changes the data;
- ``metrics``: Prometheus text at ``/metrics``;
- ``app``: the routes; ``server``: the database, the model endpoint and uvicorn around them.

Importing this package imports FastAPI; the CLI imports it only for ``reconcile serve``.
"""
