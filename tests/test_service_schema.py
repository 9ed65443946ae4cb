"""Every answer of ``reconcile serve`` matches its own OpenAPI spec (schemathesis against a live server).

Schemathesis reads ``/openapi.json`` from a real server process and sends generated requests, valid and
invalid, to every operation: no 5xx, every status and content type and every body as the spec says. The
examples per operation are few, to keep CI short; the hand-written cases are in ``test_service.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fakeserver import FakeServer, sentence_actor_responder
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance
from service_process import running_service, service_env

TOKEN = "schema-check-token"
# "Schema-valid data must be accepted" cannot hold where validity is more than a shape: a cursor must be one
# the server gave, an article's text must keep some text once cleaned. Those 4xx are tested in test_service.
SEMANTIC = [positive_data_acceptance]


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[schemathesis.BaseSchema]:
    database: Path = tmp_path_factory.mktemp("schema") / "fuzzed.duckdb"
    env = service_env(RECONCILE_API_TOKEN=TOKEN)  # the spec says bearer auth: the server must ask for it
    with FakeServer(sentence_actor_responder()) as model, running_service(database, model.base_url, env=env) as service:
        yield schemathesis.openapi.from_url(service.url + "/openapi.json")


def test_every_answer_matches_the_spec(api_schema: schemathesis.BaseSchema) -> None:
    """Each operation in turn (schemathesis's own pytest plugin does not load under this pytest)."""
    failures = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 12
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, excluded_checks=SEMANTIC, timeout=120)

        try:
            check()
        except (Exception, BaseExceptionGroup) as exc:  # every operation is checked; all failures are reported together
            nested = getattr(exc, "exceptions", ())
            failures.append(f"{operation.method.upper()} {operation.path}: {exc} {' | '.join(map(str, nested))}")
    assert not failures, "\n\n".join(failures)
