"""emrflow's extension of moto 5.2.x.

Importing this package has no side effects; call :func:`install` once, before
moto serves its first request, to apply every patch:

* ``sfn_fixes``          - many executions per state machine, uuid execution names
* ``emr_lifecycle``      - realistic EMR Serverless states, faults, call log, job runner
* ``emr_attempts``       - retryPolicy attempts, ListJobRunAttempts, GetDashboardForJobRun
* ``emr_application_api`` - job concurrency (QUEUED), UpdateApplication, tagging
* ``sfn_emr_task``       - the ``arn:aws:states:::emr-serverless:*`` optimised integrations
* ``s3_fixes``           - bucket-policy conditions, expected bucket owner
* ``eventing``          - firing a schedule; execution status events to rules' SNS targets
* ``control_api``        - the ``/emrflow-api/*`` HTTP endpoints (a WSGI wrapper)
"""

from __future__ import annotations

from .settings import SETTINGS

_installed = False


def install(
    job_delay_seconds: float | None = None,
    app_delay_seconds: float | None = None,
    queue_minute_seconds: float | None = None,
    job_runner: str | None = None,
) -> None:
    """Apply all patches to the moto modules loaded in this process (idempotent)."""
    global _installed
    if job_delay_seconds is not None:
        SETTINGS.job_delay_seconds = float(job_delay_seconds)
    if app_delay_seconds is not None:
        SETTINGS.app_delay_seconds = float(app_delay_seconds)
    if queue_minute_seconds is not None:
        SETTINGS.queue_minute_seconds = float(queue_minute_seconds)
    if job_runner is not None:
        SETTINGS.job_runner = job_runner or None
    if _installed:
        return
    from . import emr_application_api, emr_attempts, emr_lifecycle, eventing, s3_fixes, sfn_emr_task, sfn_fixes

    sfn_fixes.install()
    emr_lifecycle.install()
    emr_application_api.install()
    emr_attempts.install()
    sfn_emr_task.install()
    s3_fixes.install()
    eventing.install()
    _installed = True


__all__ = ["SETTINGS", "install"]
