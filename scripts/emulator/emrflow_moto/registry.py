"""Fault injection and the call log shared by the direct API and the SFN integration."""

from __future__ import annotations

import contextlib
import datetime
import threading
from typing import Any

from moto.core.exceptions import JsonRESTError

OPERATIONS = (
    "createApplication",
    "startApplication",
    "stopApplication",
    "deleteApplication",
    "startJobRun",
    "cancelJobRun",
    "updateApplication",
)
JOB_FAULT_STATES = ("FAILED", "CANCELLED", "SUCCESS")

# HTTP status codes EMR Serverless uses for its error codes.
_STATUS = {
    "ValidationException": 400,
    "ResourceNotFoundException": 404,
    "ConflictException": 409,
    "ServiceQuotaExceededException": 402,
    "AccessDeniedException": 403,
    "ThrottlingException": 429,
    "InternalServerException": 500,
}


class InjectedError(JsonRESTError):
    """An error raised because a test asked for it through /emrflow-api/faults."""

    def __init__(self, error_type: str, message: str):
        super().__init__(error_type, message)
        self.code = _STATUS.get(error_type, 400)


class FaultSpecError(ValueError):
    pass


_lock = threading.RLock()
_operation_faults: list[dict[str, Any]] = []
_job_faults: list[dict[str, Any]] = []
_calls: list[dict[str, Any]] = []
_source = threading.local()


def _times(spec: dict[str, Any]) -> int:
    times = spec.get("times", 1)
    if not isinstance(times, int) or isinstance(times, bool) or times < 1:
        raise FaultSpecError("'times' must be an integer >= 1")
    return times


def add_fault(spec: Any) -> None:
    """Validate and register one fault specification (see README.md)."""
    if not isinstance(spec, dict):
        raise FaultSpecError("a fault must be a JSON object")
    if "jobRun" in spec:
        job = spec["jobRun"]
        if not isinstance(job, dict):
            raise FaultSpecError("'jobRun' must be an object")
        state = job.get("state", "FAILED")
        if state not in JOB_FAULT_STATES:
            raise FaultSpecError(f"jobRun.state must be one of {list(JOB_FAULT_STATES)}")
        details = job.get("stateDetails")
        if details is not None and not isinstance(details, str):
            raise FaultSpecError("jobRun.stateDetails must be a string")
        times = _times(job if "times" in job else spec)
        with _lock:
            _job_faults.append(
                {"state": state, "stateDetails": details, "times": times}
            )
        return
    operation = spec.get("operation")
    if operation not in OPERATIONS:
        raise FaultSpecError(f"'operation' must be one of {list(OPERATIONS)}")
    error = spec.get("error", "ValidationException")
    if not isinstance(error, str) or not error:
        raise FaultSpecError("'error' must be a non-empty string")
    message = spec.get("message") or (
        "Rate exceeded" if error == "ThrottlingException" else f"Injected {error} for {operation}"
    )
    application_id = spec.get("applicationId")
    with _lock:
        _operation_faults.append(
            {
                "operation": operation,
                "error": error,
                "message": str(message),
                "applicationId": application_id,
                "times": _times(spec),
            }
        )


def take_operation_fault(operation: str, application_id: str | None) -> None:
    """Raise the first pending fault registered for this operation, if any."""
    with _lock:
        for fault in _operation_faults:
            if fault["operation"] != operation:
                continue
            if fault["applicationId"] and fault["applicationId"] != application_id:
                continue
            fault["times"] -= 1
            if fault["times"] <= 0:
                _operation_faults.remove(fault)
            raise InjectedError(fault["error"], fault["message"])


def take_job_fault() -> dict[str, Any] | None:
    with _lock:
        if not _job_faults:
            return None
        fault = _job_faults[0]
        fault["times"] -= 1
        if fault["times"] <= 0:
            _job_faults.pop(0)
        return {"state": fault["state"], "stateDetails": fault["stateDetails"]}


def pending_faults() -> list[dict[str, Any]]:
    with _lock:
        return [dict(f) for f in _operation_faults] + [
            {"jobRun": dict(f)} for f in _job_faults
        ]


@contextlib.contextmanager
def called_from(source: str):
    """Mark EMR Serverless calls made in this block (thread) as coming from `source`."""
    previous = getattr(_source, "value", None)
    _source.value = source
    try:
        yield
    finally:
        _source.value = previous


def record_call(
    operation: str,
    application_id: str | None,
    state_after: str | None,
    job_run_id: str | None = None,
    error: BaseException | None = None,
    **extra: Any,
) -> None:
    entry: dict[str, Any] = {
        "operation": operation,
        "applicationId": application_id,
        "state_after": state_after,
        "source": getattr(_source, "value", None) or "api",
        "time": datetime.datetime.now(datetime.timezone.utc).isoformat(),
    }
    if job_run_id is not None:
        entry["jobRunId"] = job_run_id
    if error is not None:
        entry["error"] = getattr(error, "error_type", None) or type(error).__name__
        entry["message"] = getattr(error, "message", None) or str(error)
    entry.update({k: v for k, v in extra.items() if v is not None})
    with _lock:
        _calls.append(entry)


def calls() -> list[dict[str, Any]]:
    with _lock:
        return [dict(c) for c in _calls]


def reset() -> None:
    with _lock:
        _operation_faults.clear()
        _job_faults.clear()
        _calls.clear()
