"""The EMR Serverless application API a shared application needs, which moto 5.2.1 lacks.

* ``schedulerConfiguration`` (maxConcurrentRuns, queueTimeoutMinutes) on CreateApplication,
  UpdateApplication and GetApplication, with the service's defaults from emr-7.3.0 on;
* job runs wait ``QUEUED`` while the application already runs maxConcurrentRuns of them, and
  fail when they waited queueTimeoutMinutes;
* UpdateApplication as the service does it: only a CREATED or STOPPED application, every member
  it is sent (an empty ``initialCapacity`` removes the pre-initialised workers), in the call log;
* TagResource, UntagResource and ListTagsForResource on applications and job runs
  (``/tags/{resourceArn}``).
"""

from __future__ import annotations

import re
import threading
import time
from typing import Any

from moto.core.responses import ActionResult, EmptyResult
from moto.core.utils import utcnow
from moto.emrserverless import urls as emr_urls
from moto.emrserverless.exceptions import ResourceNotFoundException, ValidationException
from moto.emrserverless.models import EMRServerlessBackend
from moto.emrserverless.responses import EMRServerlessResponse

from . import emr_lifecycle, registry
from .settings import SETTINGS
from .validation import validate_request

# The service's defaults when a release that has job concurrency (emr-7.3.0+) is given none.
DEFAULT_MAX_CONCURRENT_RUNS = 15
DEFAULT_QUEUE_TIMEOUT_MINUTES = 360

_ORIGINAL: dict[str, Any] = {}
_RELEASE = re.compile(r"emr-(\d+)\.(\d+)\.(\d+)")


def _has_job_concurrency(release_label: str | None) -> bool:
    match = _RELEASE.match(release_label or "")
    return bool(match) and tuple(int(g) for g in match.groups()) >= (7, 3, 0)


def _scheduler(release_label: str | None, given: dict | None) -> dict | None:
    if not _has_job_concurrency(release_label):
        if given:
            raise ValidationException(
                f"Scheduler configuration is not supported for release label {release_label}."
            )
        return None
    given = given or {}
    scheduler = {
        "maxConcurrentRuns": given.get("maxConcurrentRuns", DEFAULT_MAX_CONCURRENT_RUNS),
        "queueTimeoutMinutes": given.get("queueTimeoutMinutes", DEFAULT_QUEUE_TIMEOUT_MINUTES),
    }
    # The service's documented ranges (the API model states none).
    for name, low, high in (("maxConcurrentRuns", 1, 1000), ("queueTimeoutMinutes", 15, 720)):
        value = scheduler[name]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ValidationException(f"schedulerConfiguration.{name} must be between {low} and {high}, got {value!r}.")
    return scheduler


# ------------------------------------------------------------------ responses


def _create_application(self: EMRServerlessResponse) -> ActionResult:
    given = self._get_param("schedulerConfiguration")
    release = self._get_param("releaseLabel")
    scheduler = _scheduler(release, given)  # refused before anything is created
    result = _ORIGINAL["create_application"](self)
    app = self.emrserverless_backend.get_application(result.result["applicationId"])
    app.scheduler_configuration = scheduler
    return result


def _update_application(self: EMRServerlessResponse) -> ActionResult:
    backend = self.emrserverless_backend
    application_id = self._get_param("applicationId")
    op = "updateApplication"
    try:
        registry.take_operation_fault(op, application_id)
        members = {
            name: self._get_param(name)
            for name in ("releaseLabel", "initialCapacity", "maximumCapacity", "autoStartConfiguration",
                         "autoStopConfiguration", "schedulerConfiguration", "networkConfiguration")
        }
        validate_request("UpdateApplication", {"applicationId": application_id,
                                               "clientToken": self._get_param("clientToken"), **members})
        with emr_lifecycle._LOCK:
            app = backend.get_application(application_id)
            if app.state not in ("CREATED", "STOPPED"):
                raise ValidationException(
                    f"Application {application_id} must be in one of the following statuses [CREATED, STOPPED]. "
                    f"Current status: {app.state}"
                )
            release = members["releaseLabel"] or app.release_label
            scheduler = _scheduler(release, members["schedulerConfiguration"]) \
                if members["schedulerConfiguration"] is not None or release != app.release_label \
                else getattr(app, "scheduler_configuration", None)
            app.release_label = release
            app.scheduler_configuration = scheduler
            # None means "not sent"; an empty map is sent on purpose and clears the workers.
            for name, attribute in (("initialCapacity", "initial_capacity"), ("maximumCapacity", "maximum_capacity"),
                                    ("autoStartConfiguration", "auto_start_configuration"),
                                    ("autoStopConfiguration", "auto_stop_configuration"),
                                    ("networkConfiguration", "network_configuration")):
                if members[name] is not None:
                    setattr(app, attribute, members[name])
            app.updated_at = utcnow()
    except Exception as exc:
        registry.record_call(op, application_id, emr_lifecycle._app_state(backend, application_id), error=exc)
        raise
    registry.record_call(op, application_id, app.state)
    return ActionResult({"application": app})


def _resource(backend: EMRServerlessBackend, arn: str) -> Any:
    for app in backend.applications.values():
        if app.arn == arn:
            return app
        for job in backend.job_runs.get(app.id, []):
            if job.arn == arn:
                return job
    raise ResourceNotFoundException(arn)


def _tag_resource(self: EMRServerlessResponse) -> EmptyResult:
    resource = _resource(self.emrserverless_backend, self._get_param("resourceArn"))
    tags = self._get_param("tags") or {}
    validate_request("TagResource", {"resourceArn": resource.arn, "tags": tags})
    resource.tags = {**(resource.tags or {}), **tags}
    registry.record_call("tagResource", getattr(resource, "application_id", None) or resource.id, None)
    return EmptyResult()


def _untag_resource(self: EMRServerlessResponse) -> EmptyResult:
    resource = _resource(self.emrserverless_backend, self._get_param("resourceArn"))
    keys = self.querystring.get("tagKeys", []) or self._get_param("tagKeys") or []
    resource.tags = {k: v for k, v in (resource.tags or {}).items() if k not in keys}
    return EmptyResult()


def _list_tags_for_resource(self: EMRServerlessResponse) -> ActionResult:
    resource = _resource(self.emrserverless_backend, self._get_param("resourceArn"))
    return ActionResult({"tags": dict(resource.tags or {})})


# ------------------------------------------------------------------ the queue


def _admitted(backend: EMRServerlessBackend, application_id: str) -> int:
    return sum(
        1 for job in backend.job_runs.get(application_id, [])
        if getattr(job, "_emrflow_admitted", False) and job.state not in emr_lifecycle.JOB_TERMINAL
    )


def _first_queued(backend: EMRServerlessBackend, application_id: str) -> Any:
    for job in backend.job_runs.get(application_id, []):
        if job.state == "QUEUED":
            return job
    return None


def _run_job(backend: EMRServerlessBackend, job: Any) -> None:
    """A job run waits QUEUED (first in, first out) while its application runs its maximum."""
    app = backend.applications.get(job.application_id)
    scheduler = getattr(app, "scheduler_configuration", None) if app is not None else None
    if scheduler:
        limit = scheduler["maxConcurrentRuns"]
        deadline = time.monotonic() + scheduler["queueTimeoutMinutes"] * SETTINGS.queue_minute_seconds
        cancel: threading.Event = job._emrflow_cancel
        while True:
            with emr_lifecycle._LOCK:
                if job.state in emr_lifecycle.JOB_TERMINAL:
                    return
                queued = job.state == "QUEUED"
                first = _first_queued(backend, job.application_id)
                if _admitted(backend, job.application_id) < limit and (not queued or first is job):
                    job._emrflow_admitted = True
                    if queued:
                        emr_lifecycle._set_job_state(job, "SUBMITTED")
                    break
                if not queued:
                    emr_lifecycle._set_job_state(job, "QUEUED")
            if time.monotonic() > deadline:
                emr_lifecycle._finish_job(job, "FAILED", "Job run exceeded the queue timeout of "
                                          f"{scheduler['queueTimeoutMinutes']} minutes.")
                return
            if cancel.wait(0.05):
                return
    else:
        job._emrflow_admitted = True
    _ORIGINAL["run_job"](backend, job)


# ------------------------------------------------------------------ install


def install() -> None:
    if _ORIGINAL:
        return
    _ORIGINAL["create_application"] = EMRServerlessResponse.create_application
    _ORIGINAL["run_job"] = emr_lifecycle._run_job
    EMRServerlessResponse.create_application = _create_application
    EMRServerlessResponse.update_application = _update_application
    EMRServerlessResponse.tag_resource = _tag_resource
    EMRServerlessResponse.untag_resource = _untag_resource
    EMRServerlessResponse.list_tags_for_resource = _list_tags_for_resource
    emr_lifecycle._run_job = _run_job
    # moto serves no /tags/{resourceArn}: an ARN holds '/' (decoded before routing), hence '.+'.
    emr_urls.url_paths["{0}/tags/(?P<resourceArn>.+)$"] = EMRServerlessResponse.dispatch
