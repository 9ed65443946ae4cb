"""The model client: instructor over the openai client, a caching transport, and bounded retries.

Two kinds of retry, kept apart because they fix different things:

* transport faults (connection refused, timeout, HTTP 429/5xx) are retried with exponential backoff
  by tenacity — the same request again, after a pause (a 429's ``Retry-After`` when it gives one), all
  through the run's ``Gate`` (``llm.gate``: batch-wide circuit breaker, Retry-After pause, cancellation);
* answers that fail validation are re-asked by instructor with the error message appended, at most
  ``max_reasks`` times — a different request, which the model can get right. An answer cut off at the
  token limit is re-asked the same way (instructor gives up on those at once, so we do it here).

instructor wraps every endpoint error in its own ``InstructorRetryException`` after a single try; the
endpoint errors are unwrapped again so that tenacity sees and retries them.

If an answer still fails after that, the caller receives the last raw answer so that the numbers
that *were* attributed correctly are kept and only the faulty ones are dropped.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import httpx2 as httpx  # the HTTP client the openai package is built on
import instructor
import openai
from instructor.core import IncompleteOutputException, InstructorRetryException
from pydantic import BaseModel, ValidationError
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from reconcile.config import Settings, StructuredMode, split_endpoint
from reconcile.errors import EndpointDown
from reconcile.llm.gate import Gate
from reconcile.llm.transport import CachingTransport, CallStats, ResponseCache, charging, current_stats

Model = TypeVar("Model", bound=BaseModel)

_INSTRUCTOR_MODES = {
    StructuredMode.JSON_SCHEMA: instructor.Mode.JSON_SCHEMA,
    StructuredMode.TOOLS: instructor.Mode.TOOLS,
    StructuredMode.JSON: instructor.Mode.JSON,
    StructuredMode.MD_JSON: instructor.Mode.MD_JSON,
}

TRANSIENT_ERRORS = (
    openai.APIConnectionError,  # includes APITimeoutError
    openai.RateLimitError,
    openai.InternalServerError,
)

# Refusals that every request of the run would get alike: the first one stops the run (``Gate.stop``).
STOPPING_STATUSES = {
    401: "the endpoint refused the API key",
    403: "the endpoint refused access with this API key",
    404: "the endpoint has no such model or path",
}

MAX_RETRY_AFTER = 60.0  # seconds; an endpoint that asks for a longer wait fails the question instead

_CUT_OFF_REASK = (
    "Your answer was cut off at the token limit and is not valid JSON. Answer again, complete and short: "
    'a number that is not a claim needs only {"m": "none"}.'
)


class ModelUnavailable(RuntimeError):
    """The endpoint did not give a usable answer after all transport retries."""


class AnswerUnusable(RuntimeError):
    """The model's answer could not be parsed at all (invalid JSON, cut off) after all re-asks."""


class ValidationContext(dict[str, Any]):
    """The validation context of a question (its sentence window), which instructor must not template.

    instructor renders every message as a Jinja template whenever it is given a context it finds true
    (``handle_templating``): 3 ms of CPU per request to compile a 2 kB system prompt, the largest share of
    the client's own cost once answers come fast (a fleet of endpoints), and a sentence with ``{{`` or
    ``{%`` in it would reach the model altered, or not at all. This dict is false, so instructor skips the
    templating, and it still reaches pydantic's validators (instructor passes it whenever it is not None).
    ``tests/test_untrusted_input.py`` holds both halves to it."""

    def __bool__(self) -> bool:
        return False


@dataclass(slots=True)
class Asked(Generic[Model]):
    """The outcome of one question: a validated answer, or the last raw answer and why it failed."""

    answer: Model | None
    raw: dict[str, Any] | None
    error: str | None
    attempts: int


class ModelClient:
    """Ask one structured question at a time; safe to share between threads."""

    def __init__(self, settings: Settings, base_url: str, cache: ResponseCache, *, refresh: bool = False) -> None:
        """``refresh``: ask the model even when the cache has an answer (and replace it): ``run --redo``."""
        self.settings = settings
        self.gate = Gate(settings.resolved_failure_limit())
        self.transport = CachingTransport(
            cache,
            refresh=refresh,
            max_response_bytes=settings.max_response_bytes,
            request_seconds=settings.timeout_seconds,
        )
        endpoint = split_endpoint(base_url, settings.api_key)
        http = httpx.Client(
            transport=self.transport,
            timeout=httpx.Timeout(settings.timeout_seconds, connect=10.0),
            auth=endpoint.auth,
        )
        self.openai = openai.OpenAI(
            base_url=endpoint.base_url,
            api_key=settings.api_key,
            max_retries=0,
            http_client=http,
            default_query=endpoint.query or None,
        )
        self.instructor = instructor.from_openai(self.openai, mode=_INSTRUCTOR_MODES[settings.mode])

    def _transport_retrying(self) -> Retrying:
        backoff = wait_exponential(multiplier=0.5, min=0.5, max=8)

        def retryable(exc: BaseException) -> bool:
            if not isinstance(exc, TRANSIENT_ERRORS) or self.gate.down is not None:
                return False
            return (retry_after(exc) or 0.0) <= MAX_RETRY_AFTER

        def wait(state: RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            told = retry_after(exc) if exc is not None else None
            return told if told is not None else backoff(state)

        def counted(state: RetryCallState) -> None:  # the run summary's "retries" counts these too
            stats = current_stats()
            if stats is not None:
                stats.transport_retries += 1

        return Retrying(
            retry=retry_if_exception(retryable),
            stop=stop_after_attempt(self.settings.transport_retries + 1),
            wait=wait,
            sleep=self.gate.sleep,  # wakes up and stops when the run is cancelled or the endpoint is down
            before_sleep=counted,
            reraise=True,
        )

    def _observe(self, exc: BaseException) -> None:
        """Tell the gate what a failed request says about the endpoint (see ``llm.gate``)."""
        if isinstance(exc, openai.RateLimitError):
            told = retry_after(exc)
            if getattr(exc, "code", None) == "insufficient_quota":
                self.gate.stop(f"the endpoint's quota is used up (HTTP 429: {_short(exc)})")
            elif told is not None and told <= MAX_RETRY_AFTER:
                self.gate.pause(told)
            else:  # no usable Retry-After: a refusal like any other; in a row, they stop the run
                self.gate.failed(exc)
        elif isinstance(exc, openai.APIStatusError) and exc.status_code in STOPPING_STATUSES:
            reason = STOPPING_STATUSES[exc.status_code]
            self.gate.stop(f"{reason} (HTTP {exc.status_code}: {_short(exc)})")
        elif isinstance(exc, TRANSIENT_ERRORS):
            self.gate.failed(exc)
        else:  # it answered, if only to refuse this one request
            self.gate.succeeded()

    def ask(self, messages: list[dict[str, str]], response_model: type[Model], context: dict[str, Any]) -> Asked[Model]:
        """Ask, re-ask on validation errors, retry transport faults; never raises for a fixable answer.

        ``attempts`` counts requests sent for this question (served by the model or the cache). Its
        responses are cached only once it has an answer to store (valid, or partly valid and salvaged),
        so a replay reproduces the stored result; a question that raises is asked afresh next time.
        """
        outer = current_stats()
        stats = CallStats()  # this question's own, so re-asks can be counted against ``max_reasks``
        try:
            with charging(stats), self.transport.held_back() as held:
                asked = self._ask(messages, response_model, context, stats)
                held.commit()
                return asked
        finally:
            if outer is not None:
                outer.add(stats)

    def _ask(
        self, messages: list[dict[str, str]], response_model: type[Model], context: dict[str, Any], stats: CallStats
    ) -> Asked[Model]:
        def attempts() -> int:
            return max(1, stats.model_calls + stats.cache_hits)

        reasks = self.settings.max_reasks
        while True:
            try:
                return self._ask_once(messages, response_model, context, reasks, attempts)
            except IncompleteOutputException as exc:
                left = self.settings.max_reasks + 1 - attempts()  # requests this question may still make
                if left <= 0:
                    raise AnswerUnusable(
                        f"no usable answer after {attempts()} attempts: answer cut off at the token limit"
                    ) from exc
                reasks = left - 1
                messages = [*messages, {"role": "assistant", "content": _content(exc.last_completion)}]
                messages.append({"role": "user", "content": _CUT_OFF_REASK})

    def _ask_once(
        self,
        messages: list[dict[str, str]],
        response_model: type[Model],
        context: dict[str, Any],
        reasks: int,
        attempts: Callable[[], int],
    ) -> Asked[Model]:
        try:
            for attempt in self._transport_retrying():
                with attempt:
                    self.gate.enter()
                    try:
                        answer = self.instructor.chat.completions.create(
                            model=self.settings.model,
                            messages=messages,  # type: ignore[arg-type]
                            response_model=response_model,
                            max_retries=reasks,  # re-asks after the first try
                            context=ValidationContext(context),  # not a template context (see there)
                            strict=False,
                            temperature=0.0,
                            max_tokens=self.settings.max_output_tokens,
                        )
                    except InstructorRetryException as exc:
                        if isinstance(exc.__cause__, (*TRANSIENT_ERRORS, openai.APIStatusError)):
                            self._observe(exc.__cause__)
                            raise exc.__cause__ from exc.__cause__.__cause__  # keep the transport's reason
                        self.gate.succeeded()
                        raise
                    except (*TRANSIENT_ERRORS, openai.APIStatusError) as exc:
                        self._observe(exc)
                        raise
                    except IncompleteOutputException:
                        self.gate.succeeded()
                        raise
                    self.gate.succeeded()
                    return Asked(answer=answer, raw=None, error=None, attempts=attempts())
        except TRANSIENT_ERRORS as exc:
            if self.gate.down is not None:
                raise EndpointDown(self.gate.down) from exc
            told = retry_after(exc)
            if told is not None and told > MAX_RETRY_AFTER:
                raise ModelUnavailable(
                    f"rate limited: the endpoint asks to wait {told:.0f} s before trying again"
                ) from exc
            tries = attempt.retry_state.attempt_number
            raise ModelUnavailable(f"model endpoint failed after {tries} tries: {describe_failure(exc)}") from exc
        except openai.APIStatusError as exc:  # 4xx other than 429: retrying will not help
            if self.gate.down is not None:
                raise EndpointDown(self.gate.down) from exc
            raise ModelUnavailable(f"model endpoint refused the request: HTTP {exc.status_code}: {exc}") from exc
        except InstructorRetryException as exc:
            raw, problem = _last_answer(exc)
            if raw is None:
                raise AnswerUnusable(f"no usable answer after {attempts()} attempts: {problem}") from exc
            off_schema = schema_problems(raw, response_model)
            if off_schema:  # valid JSON, but not the answer asked for: never cached, the article fails
                raise AnswerUnusable(
                    f"the answer does not match the answer schema after {attempts()} attempts: {off_schema}"
                ) from exc
            return Asked(answer=None, raw=raw, error=problem, attempts=attempts())
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        self.openai.close()


def retry_after(exc: BaseException) -> float | None:
    """Seconds a 429 (or 503) response asks the client to wait (``Retry-After``: seconds or an HTTP date)."""
    response = getattr(exc, "response", None)
    value = response.headers.get("retry-after") if response is not None else None
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def describe_failure(exc: BaseException) -> str:
    """``APIConnectionError: Connection error.`` with the transport's own reason when it has one (an answer
    too large or too slow, see ``llm.transport.read_bounded``)."""
    text = f"{type(exc).__name__}: {exc}"
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:  # instructor's re-raise hides it a link or two down
        seen.add(id(link))
        if isinstance(link, httpx.TransportError) and str(link):
            return f"{text} ({str(link)[:200]})"
        link = link.__cause__ or link.__context__
    return text


def _short(exc: openai.APIStatusError) -> str:
    """The endpoint's own words for a refusal, on one line and short (its body is not ours to print whole)."""
    message = getattr(exc, "message", None) or str(exc)
    body = getattr(exc, "body", None)
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        message = body["message"]
    text = " ".join(str(message).split())
    return text if len(text) <= 200 else text[:199] + "…"


def _last_answer(exc: InstructorRetryException) -> tuple[dict[str, Any] | None, str]:
    """The last answer's JSON object, if it parses, and the last error in words."""
    problem = str(exc.__cause__ or exc).splitlines()[0][:500] if (exc.__cause__ or str(exc)) else "unknown"
    completion = exc.last_completion
    try:
        content = completion.choices[0].message.content if completion is not None else None
        if completion is not None and completion.choices[0].finish_reason == "length":
            return None, "answer cut off at the token limit"
        if not content and completion is not None and completion.choices[0].message.tool_calls:
            content = completion.choices[0].message.tool_calls[0].function.arguments
        data = json.loads(content) if content else None
    except (ValueError, AttributeError, IndexError, TypeError):
        return None, f"invalid JSON ({problem})"
    if not isinstance(data, dict):
        return None, f"answer is not a JSON object ({problem})"
    return data, problem


def _content(completion: Any) -> str:
    """The text of a chat completion, or ``""``."""
    try:
        return str(completion.choices[0].message.content or "")
    except (AttributeError, IndexError, TypeError):
        return ""


def parse_without_context(raw: dict[str, Any], response_model: type[Model]) -> Model | None:
    """Parse a raw answer with the structural checks only (no text checks), or ``None``."""
    try:
        return response_model.model_validate(raw)
    except ValidationError:
        return None


def schema_problems(raw: dict[str, Any], response_model: type[BaseModel]) -> str | None:
    """What makes ``raw`` not an instance of the schema (structure, types, enums), in one line; ``None`` if it is.

    Only the structural checks run (no validation context, so not the checks against the text): an answer
    that only fails those is a real answer whose faulty numbers are rejected one by one, while an answer
    off the schema says nothing reliable about any number, so its article must fail and be asked again.
    """
    try:
        response_model.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        described = [f"{'.'.join(map(str, e['loc'])) or 'answer'}: {e['msg']}" for e in errors[:3]]
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        return "; ".join(described) + more
    return None
