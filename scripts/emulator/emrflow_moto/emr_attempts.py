"""Job run attempts (retryPolicy), ListJobRunAttempts and GetDashboardForJobRun.

Stock moto 5.2.1 ignores StartJobRun's ``retryPolicy`` and has neither
``ListJobRunAttempts`` nor ``GetDashboardForJobRun``.  This module gives:

* attempts: a job run started with ``retryPolicy.maxAttempts`` N > 1 whose attempt
  fails is run again from the start (attempt 2, 3, ... up to N), like EMR Serverless
  batch jobs from emr-7.1.0; GetJobRun shows ``attempt`` / ``attemptCreatedAt``.  The
  existing ``jobRun`` fault (POST /emrflow-api/faults) is taken once per attempt, so
  ``{"jobRun": {"state": "FAILED"}}`` fails only the first attempt.
* driver logs per attempt: attempt 1 under ``{logUri}/applications/A/jobs/J/SPARK_DRIVER/``,
  attempt N >= 2 under ``.../jobs/J/attempts/N/SPARK_DRIVER/`` (the layout emrflow
  assumes for AWS; not verified there).  A line is written when the attempt starts
  RUNNING, so a follower sees the log grow.
* ListJobRunAttempts: every attempt, finished ones with their state and details.
* GetDashboardForJobRun: a URL on this server (GET /emrflow-sparkui/...) that answers
  200 while fresh and 403 once expired (after ``SETTINGS.dashboard_ttl_seconds``, or
  at once after POST /emrflow-api/dashboards/expire).  A job run that ended more than
  ``DASHBOARD_DAYS`` days ago gets a ValidationException (POST /emrflow-api/job-runs/age
  ``{"days": N}`` moves every job run's end N days back, to test that).
"""

from __future__ import annotations

import datetime
import gzip
import secrets
import threading
import time
from typing import Any

from moto.core.responses import ActionResult
from moto.core.utils import utcnow
from moto.emrserverless import urls as emr_urls
from moto.emrserverless.exceptions import ValidationException
from moto.emrserverless.models import EMRServerlessBackend
from moto.emrserverless.responses import EMRServerlessResponse

from .settings import SETTINGS

# How long after a job run ends the emulator still serves its Spark UI (emrflow's assumption for AWS).
DASHBOARD_DAYS = 30
SPARK_UI_PREFIX = "/emrflow-sparkui/"

_lock = threading.RLock()
# token -> expiry (epoch seconds); a token missing here was never issued.
_links: dict[str, float] = {}


# ------------------------------------------------------------------------ attempts


def begin(job: Any, retry_policy: Any) -> None:
    """Called when a job run is created: attempt 1."""
    if retry_policy is not None:
        if not isinstance(retry_policy, dict):
            raise ValidationException("retryPolicy must be a structure")
        attempts = retry_policy.get("maxAttempts")
        if attempts is not None and (not isinstance(attempts, int) or not 1 <= attempts <= 10):
            raise ValidationException("retryPolicy.maxAttempts must be between 1 and 10")
    job.retry_policy = retry_policy
    job.attempt = 1
    job.attempt_created_at = job.created_at
    job.attempt_updated_at = job.created_at
    job._emrflow_attempts = []


def max_attempts(job: Any) -> int:
    return int((getattr(job, "retry_policy", None) or {}).get("maxAttempts") or 1)


def retry_after_failure(job: Any, details: str | None) -> bool:
    """Called (under the lifecycle lock) when an attempt fails. True: the failure is kept as
    the attempt's and the job run goes on with the next attempt instead of ending FAILED."""
    cancel = getattr(job, "_emrflow_cancel", None)
    if job.attempt >= max_attempts(job) or (cancel is not None and cancel.is_set()):
        return False
    now = utcnow()
    job._emrflow_attempts.append(_summary(job, "FAILED", details, now))
    job.attempt += 1
    job.attempt_created_at = now
    job.attempt_updated_at = now
    job.state = "PENDING"
    job.state_details = f"Attempt {job.attempt - 1} failed; starting attempt {job.attempt}."
    job.updated_at = now
    return True


def touched(job: Any) -> None:
    if hasattr(job, "attempt_updated_at"):
        job.attempt_updated_at = utcnow()


def _summary(job: Any, state: str, details: str | None, updated: Any) -> dict[str, Any]:
    return {
        "applicationId": job.application_id,
        "id": job.id,
        "name": job.name,
        "mode": "BATCH",
        "arn": job.arn,
        "createdBy": job.created_by,
        "jobCreatedAt": job.created_at,
        "createdAt": job.attempt_created_at,
        "updatedAt": updated,
        "executionRole": job.execution_role_arn,
        "state": state,
        "stateDetails": details or None,
        "releaseLabel": job.release_label,
        "type": "Spark",
        "attempt": job.attempt,
    }


def attempts(job: Any) -> list[dict[str, Any]]:
    """Every attempt, oldest first: the finished ones and the current one."""
    current = _summary(job, job.state, job.state_details, getattr(job, "attempt_updated_at", job.updated_at))
    return list(getattr(job, "_emrflow_attempts", [])) + [current]


def log_base(prefix: str, job: Any) -> str:
    """The S3 key prefix of one attempt's driver logs under the job's logUri."""
    parts = [prefix.strip("/"), "applications", job.application_id, "jobs", job.id]
    if getattr(job, "attempt", 1) >= 2:
        parts += ["attempts", str(job.attempt)]
    return "/".join(p for p in parts + ["SPARK_DRIVER"] if p)


def write_start_line(backend: EMRServerlessBackend, job: Any) -> None:
    """A driver writes to its log as soon as it runs: so does the emulator, per attempt."""
    from .emr_lifecycle import _log_uri, _s3, _split_s3

    log_uri = _log_uri(job)
    if not log_uri:
        return
    try:
        bucket, prefix = _split_s3(log_uri)
        line = f"emrflow emulator: job run {job.id} attempt {job.attempt} of {max_attempts(job)} RUNNING\n".encode()
        s3 = _s3(backend.account_id)
        s3.put_object(bucket, f"{log_base(prefix, job)}/stdout.gz", gzip.compress(line))
        s3.put_object(bucket, f"{log_base(prefix, job)}/stderr.gz", gzip.compress(b""))
    except Exception:  # logs are best effort, like the service
        pass


# ---------------------------------------------------------------------- dashboards


def _get_dashboard_for_job_run(
    self: EMRServerlessBackend, application_id: str, job_run_id: str, attempt: int | None = None
) -> str:
    job = self.get_job_run(application_id=application_id, job_run_id=job_run_id)
    wanted = attempt or getattr(job, "attempt", 1)
    if not 1 <= wanted <= getattr(job, "attempt", 1):
        raise ValidationException(f"Job run {job_run_id} has no attempt {wanted}.")
    ended = getattr(job, "ended_at", None)
    if ended is not None and utcnow() - ended > datetime.timedelta(days=DASHBOARD_DAYS):
        raise ValidationException(
            f"The Spark UI of job run {job_run_id} is no longer available: it ended more than {DASHBOARD_DAYS} days ago."
        )
    token = secrets.token_hex(16)
    expires = time.time() + SETTINGS.dashboard_ttl_seconds
    with _lock:
        _links[token] = expires
    host = getattr(_request_host, "value", None) or "localhost"
    return f"http://{host}{SPARK_UI_PREFIX}{application_id}/{job_run_id}/{wanted}?token={token}&expires={int(expires)}"


def _list_job_run_attempts(self: EMRServerlessBackend, application_id: str, job_run_id: str) -> list[dict[str, Any]]:
    return attempts(self.get_job_run(application_id=application_id, job_run_id=job_run_id))


_request_host = threading.local()


def _response_get_dashboard(self: EMRServerlessResponse) -> ActionResult:
    _request_host.value = self.headers.get("Host")
    attempt = self._get_param("attempt")
    url = self.emrserverless_backend.get_dashboard_for_job_run(
        application_id=self._get_param("applicationId"),
        job_run_id=self._get_param("jobRunId"),
        attempt=int(attempt) if attempt is not None else None,
    )
    return ActionResult({"url": url})


def _response_list_attempts(self: EMRServerlessResponse) -> ActionResult:
    found = self.emrserverless_backend.list_job_run_attempts(
        application_id=self._get_param("applicationId"), job_run_id=self._get_param("jobRunId")
    )
    return ActionResult({"jobRunAttempts": found})


def _response_start_job_run(self: EMRServerlessResponse) -> ActionResult:
    # moto's own handler drops retryPolicy: the same call, with it.
    job_run = self.emrserverless_backend.start_job_run(
        application_id=self._get_param("applicationId"),
        client_token=self._get_param("clientToken"),
        execution_role_arn=self._get_param("executionRoleArn"),
        job_driver=self._get_param("jobDriver"),
        configuration_overrides=self._get_param("configurationOverrides"),
        tags=self._get_param("tags"),
        execution_timeout_minutes=self._get_int_param("executionTimeoutMinutes"),
        name=self._get_param("name"),
        retry_policy=self._get_param("retryPolicy"),
    )
    return ActionResult({"applicationId": job_run.application_id, "jobRunId": job_run.id, "arn": job_run.arn})


def expire_links() -> int:
    """Every link issued so far expires now (a test's stand-in for an hour passing)."""
    with _lock:
        for token in _links:
            _links[token] = 0.0
        return len(_links)


def link_status(query: str) -> int:
    """HTTP status of a Spark UI link: 200 fresh, 403 expired or unknown."""
    params = dict(p.partition("=")[::2] for p in query.split("&") if p)
    with _lock:
        expires = _links.get(params.get("token", ""))
    return 200 if expires is not None and expires > time.time() else 403


def age_job_runs(days: float) -> int:
    """Moves the end (and start) of every ended job run `days` back."""
    from moto.emrserverless.models import emrserverless_backends

    shift = datetime.timedelta(days=days)
    moved = 0
    for account in emrserverless_backends.values():
        for backend in account.values():
            for jobs in backend.job_runs.values():
                for job in jobs:
                    if getattr(job, "ended_at", None) is not None:
                        job.ended_at -= shift
                        moved += 1
    return moved


def install() -> None:
    if hasattr(EMRServerlessBackend, "get_dashboard_for_job_run"):
        return
    EMRServerlessBackend.get_dashboard_for_job_run = _get_dashboard_for_job_run
    EMRServerlessBackend.list_job_run_attempts = _list_job_run_attempts
    EMRServerlessResponse.get_dashboard_for_job_run = _response_get_dashboard
    EMRServerlessResponse.list_job_run_attempts = _response_list_attempts
    EMRServerlessResponse.start_job_run = _response_start_job_run
    job_run = "{0}/applications/(?P<applicationId>[^/]+)/jobruns/(?P<jobRunId>[^/]+)"
    emr_urls.url_paths[job_run + "/dashboard$"] = EMRServerlessResponse.dispatch
    emr_urls.url_paths[job_run + "/attempts$"] = EMRServerlessResponse.dispatch
