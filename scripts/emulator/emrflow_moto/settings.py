"""Run-time settings of the extension (set by the launcher)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Settings:
    # Total time a job run needs to go SUBMITTED -> SCHEDULED -> RUNNING -> SUCCESS
    # when no job runner is configured (each step takes a third of it).
    job_delay_seconds: float = 0.3
    # Time an application spends in STARTING before it is STARTED.
    app_delay_seconds: float = 0.2
    # Command line of the local job runner (split with shlex), or None.
    job_runner: str | None = None
    # Real seconds one minute of a job run's queue timeout (queueTimeoutMinutes) lasts.
    queue_minute_seconds: float = 60.0
    # Polling interval of the .sync integrations inside the Step Functions engine.
    sync_poll_seconds: float = 0.05


SETTINGS = Settings()
