"""Realistic EMR Serverless lifecycle on top of moto's emr-serverless backend.

Stock moto puts an application in STARTED and a job run in SUCCESS the moment
they are created.  This module wraps the backend methods (so both the REST API
and the Step Functions integration see the same behaviour) to give:

* applications: CREATED -> (start) STARTING -> STARTED -> (stop) STOPPED -> (delete) TERMINATED
* job runs:     SUBMITTED -> SCHEDULED -> RUNNING -> SUCCESS | FAILED | CANCELLED
* resource utilisation on GetJobRun, computed from the Spark worker configuration
* fault injection and a call log (see registry.py)
* the optional local job runner hand-off (a real process stands in for Spark)
"""

from __future__ import annotations

import functools
import gzip
import logging
import math
import os
import re
import shlex
import shutil
import signal
import subprocess
import tempfile
import threading
from typing import Any, Callable, NamedTuple

from moto.core.utils import utcnow
from moto.emrserverless import exceptions as emr_exceptions
from moto.emrserverless.exceptions import ValidationException
from moto.emrserverless.models import EMRServerlessBackend

from . import emr_attempts, registry
from .settings import SETTINGS
from .validation import validate_request

LOG = logging.getLogger("emrflow.emulator")

JOB_TERMINAL = frozenset({"SUCCESS", "FAILED", "CANCELLED"})
APP_TERMINAL = frozenset({"TERMINATED"})

_LOCK = threading.RLock()
_ORIGINAL: dict[str, Any] = {}
_processes: set[subprocess.Popen] = set()
_shutting_down = threading.Event()


# --------------------------------------------------------------------------- helpers


def _touch(obj: Any) -> None:
    obj.updated_at = utcnow()


def _set_app_state(app: Any, state: str, details: str = "") -> None:
    app.state = state
    app.state_details = details
    _touch(app)


def _app_state(backend: EMRServerlessBackend, application_id: str | None) -> str | None:
    app = backend.applications.get(application_id) if application_id else None
    return app.state if app is not None else None


def _job_state(backend: EMRServerlessBackend, application_id: str, job_run_id: str) -> str | None:
    for job in backend.job_runs.get(application_id, []):
        if job.id == job_run_id:
            return job.state
    return None


def _begin_start(app: Any) -> None:
    """Put an application in STARTING and make it STARTED after the app delay."""
    app._emrflow_gen = getattr(app, "_emrflow_gen", 0) + 1
    generation = app._emrflow_gen
    _set_app_state(app, "STARTING")

    def _started() -> None:
        with _LOCK:
            if getattr(app, "_emrflow_gen", 0) == generation and app.state == "STARTING":
                _set_app_state(app, "STARTED")

    timer = threading.Timer(SETTINGS.app_delay_seconds, _started)
    timer.daemon = True
    timer.start()


def _invalidate_pending_start(app: Any) -> None:
    app._emrflow_gen = getattr(app, "_emrflow_gen", 0) + 1


# --------------------------------------------------------------- patched backend API


def _create_application(self: EMRServerlessBackend, **kwargs: Any) -> Any:
    op = "createApplication"
    try:
        registry.take_operation_fault(op, None)
        validate_request("CreateApplication", {
            "name": kwargs.get("name"),
            "releaseLabel": kwargs.get("release_label"),
            "type": kwargs.get("application_type"),
            "clientToken": kwargs.get("client_token"),
            "initialCapacity": kwargs.get("initial_capacity"),
            "maximumCapacity": kwargs.get("maximum_capacity"),
            "tags": kwargs.get("tags"),
            "autoStartConfiguration": kwargs.get("auto_start_configuration"),
            "autoStopConfiguration": kwargs.get("auto_stop_configuration"),
            "networkConfiguration": kwargs.get("network_configuration"),
        })
        app = _ORIGINAL["create_application"](self, **kwargs)
    except Exception as exc:
        registry.record_call(op, None, None, error=exc)
        raise
    with _LOCK:
        app.created_at = utcnow()
        _set_app_state(app, "CREATED")
        app._emrflow_gen = 0
    registry.record_call(op, app.id, app.state)
    return app


def _application_call(op: str) -> Callable[[Callable[[EMRServerlessBackend, str], None]], Callable[..., None]]:
    """Wraps an application state change: a registered fault first, then the change under the
    lock, and the call (with the state it left, or its error) in the call log."""

    def wrap(change: Callable[[EMRServerlessBackend, str], None]) -> Callable[..., None]:
        @functools.wraps(change)
        def call(self: EMRServerlessBackend, application_id: str) -> None:
            try:
                registry.take_operation_fault(op, application_id)
                with _LOCK:
                    change(self, application_id)
            except Exception as exc:
                registry.record_call(op, application_id, _app_state(self, application_id), error=exc)
                raise
            registry.record_call(op, application_id, _app_state(self, application_id))

        return call

    return wrap


@_application_call("startApplication")
def _start_application(self: EMRServerlessBackend, application_id: str) -> None:
    app = self.get_application(application_id)
    if app.state in APP_TERMINAL:
        raise ValidationException(f"Application {application_id} is in {app.state} state and cannot be started.")
    if app.state in ("CREATED", "STOPPED"):
        _begin_start(app)
    # STARTING / STARTED: nothing to do, like the service.


@_application_call("stopApplication")
def _stop_application(self: EMRServerlessBackend, application_id: str) -> None:
    app = self.get_application(application_id)
    if app.state in APP_TERMINAL:
        raise ValidationException(f"Application {application_id} is in {app.state} state and cannot be stopped.")
    active = [job.id for job in self.job_runs.get(application_id, []) if job.state not in JOB_TERMINAL]
    if active:
        raise ValidationException(
            f"Application {application_id} has job runs that are not finished "
            f"({', '.join(active)}). All scheduled and running jobs must be completed "
            "or cancelled before stopping an application."
        )
    if app.state in ("STARTING", "STARTED"):
        _invalidate_pending_start(app)
        _set_app_state(app, "STOPPED")


@_application_call("deleteApplication")
def _delete_application(self: EMRServerlessBackend, application_id: str) -> None:
    # moto already insists on CREATED or STOPPED, like the service.
    _ORIGINAL["delete_application"](self, application_id=application_id)
    app = self.get_application(application_id)
    _invalidate_pending_start(app)
    _set_app_state(app, "TERMINATED")


def _start_job_run(
    self: EMRServerlessBackend,
    application_id: str,
    client_token: str,
    execution_role_arn: str,
    job_driver: Any,
    configuration_overrides: Any,
    tags: Any,
    execution_timeout_minutes: int | None,
    name: str | None,
    retry_policy: Any = None,
) -> Any:
    op = "startJobRun"
    auto_started = False
    try:
        registry.take_operation_fault(op, application_id)
        validate_request("StartJobRun", {
            "applicationId": application_id,
            "clientToken": client_token,
            "executionRoleArn": execution_role_arn,
            "jobDriver": job_driver,
            "configurationOverrides": configuration_overrides,
            "tags": tags,
            "executionTimeoutMinutes": execution_timeout_minutes,
            "name": name,
            "retryPolicy": retry_policy,
        })
        with _LOCK:
            app = self.get_application(application_id)
            if app.state in ("TERMINATED", "CREATING", "STOPPING"):
                raise ValidationException(
                    f"Application {application_id} is in {app.state} state. Cannot start job run."
                )
            if app.state in ("CREATED", "STOPPED"):
                auto_start = (app.auto_start_configuration or {}).get("enabled", True)
                if not auto_start:
                    raise ValidationException(
                        f"Application {application_id} is in {app.state} state and auto-start "
                        "is disabled. Start the application before submitting job runs."
                    )
                _begin_start(app)
                auto_started = True
            job = _ORIGINAL["start_job_run"](
                self,
                application_id=application_id,
                client_token=client_token,
                execution_role_arn=execution_role_arn,
                job_driver=job_driver,
                configuration_overrides=configuration_overrides,
                tags=tags,
                execution_timeout_minutes=execution_timeout_minutes,
                name=name,
            )
            job.state = "SUBMITTED"
            job.state_details = None
            job.created_at = utcnow()
            job.updated_at = job.created_at
            job.created_by = f"arn:aws:iam::{self.account_id}:root"
            job.execution_role = execution_role_arn  # GetJobRun's executionRole (moto omits it)
            job.started_at = None
            job.ended_at = None
            job.total_resource_utilization = None
            job.billed_resource_utilization = None
            job.total_execution_duration_seconds = None
            job._emrflow_cancel = threading.Event()
            job._emrflow_proc = None
            emr_attempts.begin(job, retry_policy)
    except Exception as exc:
        registry.record_call(op, application_id, None, error=exc)
        raise
    worker = threading.Thread(
        target=_job_worker, args=(self, job), name=f"emrflow-job-{job.id}", daemon=True
    )
    worker.start()
    registry.record_call(
        op,
        application_id,
        job.state,
        job_run_id=job.id,
        autoStartedApplication=True if auto_started else None,
    )
    return job


def _cancel_job_run(self: EMRServerlessBackend, application_id: str, job_run_id: str) -> tuple[str, str]:
    op = "cancelJobRun"
    try:
        registry.take_operation_fault(op, application_id)
        with _LOCK:
            job = self.get_job_run(application_id=application_id, job_run_id=job_run_id)
            if job.state in JOB_TERMINAL:
                raise ValidationException(
                    f"Job run {job_run_id} is in {job.state} state and cannot be cancelled."
                )
            cancel = getattr(job, "_emrflow_cancel", None)
            if cancel is not None:
                cancel.set()
            _finish_job(job, "CANCELLED", "Job run was cancelled.")
        proc = getattr(job, "_emrflow_proc", None)
        if proc is not None:
            _kill(proc)
    except Exception as exc:
        registry.record_call(
            op, application_id, _job_state(self, application_id, job_run_id),
            job_run_id=job_run_id, error=exc,
        )
        raise
    registry.record_call(op, application_id, job.state, job_run_id=job_run_id)
    return application_id, job_run_id


# ------------------------------------------------------------------------ job runs


def _py_files(job: Any) -> list[str]:
    """The --py-files of sparkSubmitParameters (comma-separated URIs), as spark-submit reads them."""
    params = ((job.job_driver or {}).get("sparkSubmit") or {}).get("sparkSubmitParameters") or ""
    try:
        tokens = shlex.split(params)
    except ValueError:
        tokens = params.split()
    files: list[str] = []
    for i, token in enumerate(tokens):
        if token == "--py-files" and i + 1 < len(tokens):
            files += [f for f in tokens[i + 1].split(",") if f]
        elif token.startswith("--py-files="):
            files += [f for f in token[len("--py-files="):].split(",") if f]
    return files


def _parse_spark_conf(job: Any) -> dict[str, str]:
    params = ((job.job_driver or {}).get("sparkSubmit") or {}).get("sparkSubmitParameters") or ""
    conf: dict[str, str] = {}
    try:
        tokens = shlex.split(params)
    except ValueError:
        tokens = params.split()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == "--conf" and i + 1 < len(tokens):
            key, _, value = tokens[i + 1].partition("=")
            conf[key.strip()] = value.strip()
            i += 2
            continue
        if token.startswith("--conf="):
            key, _, value = token[len("--conf="):].partition("=")
            conf[key.strip()] = value.strip()
        i += 1
    for entry in ((job.configuration_overrides or {}).get("applicationConfiguration") or []):
        if entry.get("classification") == "spark-defaults":
            for key, value in (entry.get("properties") or {}).items():
                conf.setdefault(key, str(value))
    return conf


def _size_gb(value: str | None, default_gb: float) -> float:
    """'14g' / '4096m' / '20G' / '2048' (MiB like Spark) -> GB."""
    if not value:
        return default_gb
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)b?\s*", value.lower())
    if not match:
        return default_gb
    number, unit = float(match.group(1)), match.group(2) or "m"
    factor = {"k": 1 / (1024 * 1024), "m": 1 / 1024, "g": 1.0, "t": 1024.0}[unit]
    return number * factor


def _number(value: str | None, default: float) -> float:
    try:
        return float(value) if value not in (None, "") else default
    except ValueError:
        return default


def worker_configuration(job: Any) -> list[dict[str, float]]:
    """The workers a job run uses: one driver plus executors (EMR Serverless defaults:
    4 vCPU, 14g Spark memory (16 GB worker), 20 GB disk; 3 initial executors)."""
    conf = _parse_spark_conf(job)

    def worker(role: str) -> dict[str, float]:
        cpu = _number(conf.get(f"spark.{role}.cores"), 4.0)
        spark_mem = _size_gb(conf.get(f"spark.{role}.memory"), 14.0)
        # Worker memory = Spark memory + overhead (10 %, at least 384 MB), whole GB.
        memory = float(math.ceil(max(spark_mem * 1.1, spark_mem + 0.375) - 1e-9))
        disk = _size_gb(conf.get(f"spark.emr-serverless.{role}.disk"), 20.0)
        return {"cpu": cpu, "memory": memory, "disk": disk}

    executors = int(
        _number(
            conf.get("spark.executor.instances")
            or conf.get("spark.dynamicAllocation.initialExecutors"),
            3,
        )
    )
    return [worker("driver")] + [worker("executor") for _ in range(max(executors, 0))]


def _compute_utilization(job: Any) -> None:
    started = job.started_at or job.created_at
    ended = job.ended_at or utcnow()
    seconds = max((ended - started).total_seconds(), 0.0)
    workers = worker_configuration(job)
    hours = seconds / 3600.0
    billed_hours = max(seconds, 60.0) / 3600.0  # one-minute minimum per worker
    job.total_execution_duration_seconds = int(round(seconds))
    job.total_resource_utilization = {
        "vCPUHour": round(sum(w["cpu"] for w in workers) * hours, 6),
        "memoryGBHour": round(sum(w["memory"] for w in workers) * hours, 6),
        "storageGBHour": round(sum(w["disk"] for w in workers) * hours, 6),
    }
    job.billed_resource_utilization = {
        "vCPUHour": round(sum(w["cpu"] for w in workers) * billed_hours, 3),
        "memoryGBHour": round(sum(w["memory"] for w in workers) * billed_hours, 3),
        # The first 20 GB of disk per worker are free.
        "storageGBHour": round(sum(max(w["disk"] - 20.0, 0.0) for w in workers) * billed_hours, 3),
    }


def _set_job_state(job: Any, state: str) -> bool:
    with _LOCK:
        if job.state in JOB_TERMINAL:
            return False
        job.state = state
        _touch(job)
        emr_attempts.touched(job)
        if state == "RUNNING" and job.started_at is None:
            job.started_at = job.updated_at
        return True


def _finish_job(job: Any, state: str, details: str | None) -> bool:
    with _LOCK:
        if job.state in JOB_TERMINAL:
            return False
        if state == "FAILED" and emr_attempts.retry_after_failure(job, details):
            return False
        now = utcnow()
        emr_attempts.touched(job)
        if job.started_at is None and state == "SUCCESS":
            job.started_at = now
        job.ended_at = now
        job.state = state
        job.state_details = details or None
        job.updated_at = now
        if job.started_at is not None:
            _compute_utilization(job)
        else:
            job.total_execution_duration_seconds = 0
        return True


def _job_worker(backend: EMRServerlessBackend, job: Any) -> None:
    try:
        # An attempt that failed with attempts left leaves the job run PENDING: run it again.
        while True:
            _run_job(backend, job)
            if job.state in JOB_TERMINAL:
                break
    except Exception as exc:  # never leave a job run hanging
        LOG.exception("emrflow emulator: job run %s crashed", job.id)
        _finish_job(job, "FAILED", f"Internal emulator error: {exc}"[:1000])


def _run_job(backend: EMRServerlessBackend, job: Any) -> None:
    step = max(SETTINGS.job_delay_seconds, 0.0) / 3.0
    cancel: threading.Event = job._emrflow_cancel
    if cancel.wait(step):
        return
    # Wait for the application to be STARTED (it may be auto-starting).
    while True:
        with _LOCK:
            state = _app_state(backend, job.application_id)
        if state == "STARTED":
            break
        if state not in ("STARTING", "CREATING"):
            _finish_job(
                job, "FAILED",
                f"Application {job.application_id} is in {state} state; the job run could not be scheduled.",
            )
            return
        if cancel.wait(0.02):
            return
    if not _set_job_state(job, "SCHEDULED") or cancel.wait(step):
        return
    if not _set_job_state(job, "RUNNING"):
        return
    emr_attempts.write_start_line(backend, job)
    fault = registry.take_job_fault()
    if fault is not None:
        if cancel.wait(step):
            return
        # A failing driver logs why: the fault's details go to its stderr.
        _write_driver_logs(backend, job, _started_line(job), (fault["stateDetails"] or "").encode())
        _finish_job(job, fault["state"], fault["stateDetails"])
        return
    if SETTINGS.job_runner:
        _run_with_runner(backend, job, cancel)
        return
    if cancel.wait(step):
        return
    _write_driver_logs(backend, job, _started_line(job), b"")
    _finish_job(job, "SUCCESS", None)


def _started_line(job: Any) -> bytes:
    return (f"emrflow emulator: job run {job.id} attempt {job.attempt} of "
            f"{emr_attempts.max_attempts(job)} RUNNING\n").encode()


# --------------------------------------------------------------- job runner hand-off


def _split_s3(uri: str) -> tuple[str, str]:
    match = re.fullmatch(r"s3a?://([^/]+)/?(.*)", uri or "")
    if not match:
        raise ValueError(f"not an s3:// URI: {uri!r}")
    return match.group(1), match.group(2)


def _fetch(s3: Any, uri: str) -> bytes | None:
    """The object an s3:// URI names, or None when the URI or the object is not there."""
    try:
        bucket, key = _split_s3(uri)
        return s3.get_object(bucket, key).value
    except Exception:
        return None


def _s3(account_id: str) -> Any:
    from moto.s3.models import s3_backends

    return s3_backends[account_id]["aws"]


class _JobArguments(NamedTuple):
    input: str | None
    output: str | None
    rest: list[str]


_LOCATION_FLAGS = ("--input", "--output")


def _job_arguments(job: Any) -> _JobArguments:
    """Splits EntryPointArguments into the S3 locations the emulator must map to local paths
    and everything else, which belongs to the job and goes to the runner untouched.

    The rest stays a list: a job may repeat a flag (--param NAME=VALUE), and each token must
    reach the runner exactly as submitted, never re-split or joined."""
    submitted = ((job.job_driver or {}).get("sparkSubmit") or {}).get("entryPointArguments") or []
    args = [str(a) for a in submitted]
    locations: dict[str, str] = {}
    rest: list[str] = []
    i = 0
    while i < len(args):
        token = args[i]
        flag, eq, value = token.partition("=")
        if flag in _LOCATION_FLAGS and eq:
            locations[flag] = value
            i += 1
        elif token in _LOCATION_FLAGS:
            # A trailing flag without a value is dropped, so the run fails as "missing" below.
            if i + 1 < len(args):
                locations[token] = args[i + 1]
            i += 2
        else:
            rest.append(token)
            i += 1
    return _JobArguments(locations.get("--input"), locations.get("--output"), rest)


def _log_uri(job: Any) -> str | None:
    monitoring = (job.configuration_overrides or {}).get("monitoringConfiguration") or {}
    return (monitoring.get("s3MonitoringConfiguration") or {}).get("logUri")


def _write_driver_logs(backend: EMRServerlessBackend, job: Any, stdout: bytes, stderr: bytes) -> None:
    log_uri = _log_uri(job)
    if not log_uri:
        return
    try:
        bucket, prefix = _split_s3(log_uri)
        base = emr_attempts.log_base(prefix, job)
        s3 = _s3(backend.account_id)
        s3.put_object(bucket, f"{base}/stdout.gz", gzip.compress(stdout))
        s3.put_object(bucket, f"{base}/stderr.gz", gzip.compress(stderr))
    except Exception as exc:  # logs are best effort, like the service
        LOG.warning("emrflow emulator: could not write driver logs to %s: %s", log_uri, exc)


def _is_checksum_sidecar(name: str) -> bool:
    # Hadoop's local file system writes ".part-0000.csv.crc" next to each file; S3 never has them.
    return name.startswith(".") and name.endswith(".crc")


def _upload_outputs(backend: EMRServerlessBackend, local_dir: str, output_uri: str) -> int:
    bucket, prefix = _split_s3(output_uri)
    prefix = prefix.strip("/")
    s3 = _s3(backend.account_id)
    s3.get_bucket(bucket)  # raises if the bucket does not exist
    count = 0
    if not os.path.isdir(local_dir):
        return 0
    for root, _dirs, files in os.walk(local_dir):
        for file_name in sorted(files):
            if _is_checksum_sidecar(file_name):
                continue
            path = os.path.join(root, file_name)
            rel = os.path.relpath(path, local_dir).replace(os.sep, "/")
            key = f"{prefix}/{rel}" if prefix else rel
            with open(path, "rb") as handle:
                s3.put_object(bucket, key, handle.read())
            count += 1
    return count


def _last_line(data: bytes) -> str:
    for line in reversed(data.decode("utf-8", errors="replace").splitlines()):
        if line.strip():
            return line.strip()[:1000]
    return ""


def _kill(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        return
    try:
        proc.wait(timeout=3)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _run_with_runner(backend: EMRServerlessBackend, job: Any, cancel: threading.Event) -> None:
    args = _job_arguments(job)
    if not args.input or not args.output:
        _finish_job(
            job, "FAILED",
            "emrflow emulator: EntryPointArguments must contain --input s3://BUCKET/KEY and "
            "--output s3://BUCKET/PREFIX for the job runner",
        )
        return
    s3 = _s3(backend.account_id)
    entry_point = ((job.job_driver or {}).get("sparkSubmit") or {}).get("entryPoint") or ""
    script: bytes | None = None  # stays None for non-S3 entry points: nothing to hand over
    if entry_point.startswith("s3://"):
        script = _fetch(s3, entry_point)
        if script is None:
            _finish_job(job, "FAILED", f"Entry point {entry_point} does not exist.")
            return
    # Each --py-files zip is fetched as submitted, like the script: a run imports what was uploaded.
    py_files: list[tuple[str, bytes]] = []
    for uri in _py_files(job):
        content = _fetch(s3, uri)
        if content is None:
            _finish_job(job, "FAILED", f"File {uri} given by --py-files does not exist.")
            return
        py_files.append((os.path.basename(_split_s3(uri)[1]) or "py-files.zip", content))
    try:
        in_bucket, in_key = _split_s3(args.input)
        source = s3.get_object(in_bucket, in_key)
    except Exception:
        source = None
    if source is None:
        _finish_job(job, "FAILED", f"Input object {args.input} does not exist.")
        return

    workdir = tempfile.mkdtemp(prefix=f"emrflow-job-{job.id}-")
    try:
        input_dir = os.path.join(workdir, "input")
        os.makedirs(input_dir)
        local_input = os.path.join(input_dir, os.path.basename(in_key) or "input")
        with open(local_input, "wb") as handle:
            handle.write(source.value)
        local_output = os.path.join(workdir, "output")  # left absent: Spark refuses to overwrite
        command = shlex.split(SETTINGS.job_runner or "")
        if script is not None:
            # The runner gets the script that was submitted, not one from the working tree,
            # so a run exercises exactly what was uploaded.
            local_script = os.path.join(workdir, "job.py")
            with open(local_script, "wb") as handle:
                handle.write(script)
            command += ["--script", local_script]
        if py_files:
            local_files = []
            for name, content in py_files:
                path = os.path.join(workdir, "py-files", name)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as handle:
                    handle.write(content)
                local_files.append(path)
            command += ["--py-files", ",".join(local_files)]
        command += ["--input", local_input, "--output", local_output] + args.rest
        env = dict(os.environ)
        env.update({
            "EMRFLOW_APPLICATION_ID": job.application_id,
            "EMRFLOW_JOB_RUN_ID": job.id,
        })
        stdout_path = os.path.join(workdir, "driver-stdout.log")
        stderr_path = os.path.join(workdir, "driver-stderr.log")
        timeout = (job.execution_timeout_minutes or 720) * 60
        timed_out = False
        with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
            try:
                proc = subprocess.Popen(
                    command, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                    env=env, start_new_session=True,
                )
            except OSError as exc:
                message = f"Job runner could not be started: {exc}"
                err.write(message.encode())
                err.flush()
                proc = None
            if proc is not None:
                with _LOCK:
                    job._emrflow_proc = proc
                    _processes.add(proc)
                if cancel.is_set() or _shutting_down.is_set():
                    _kill(proc)
                try:
                    proc.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    timed_out = True
                    _kill(proc)
                with _LOCK:
                    _processes.discard(proc)
                    job._emrflow_proc = None
        with open(stdout_path, "rb") as handle:
            stdout = handle.read()
        with open(stderr_path, "rb") as handle:
            stderr = handle.read()
        # Logs and outputs are in S3 before the job run reports a terminal state.
        _write_driver_logs(backend, job, stdout, stderr)
        if job.state in JOB_TERMINAL:  # cancelled meanwhile
            return
        if proc is None:
            _finish_job(job, "FAILED", _last_line(stderr))
        elif timed_out:
            _finish_job(job, "FAILED", f"Job run timed out after {job.execution_timeout_minutes} minutes.")
        elif proc.returncode == 0:
            try:
                _upload_outputs(backend, local_output, args.output)
            except Exception as exc:
                _finish_job(job, "FAILED", f"Could not write output to {args.output}: {exc}"[:1000])
                return
            _finish_job(job, "SUCCESS", None)
        else:
            _finish_job(
                job, "FAILED",
                _last_line(stderr) or f"Job runner exited with code {proc.returncode}",
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def shutdown() -> None:
    """Stop every job runner process this emulator started."""
    _shutting_down.set()
    with _LOCK:
        procs = list(_processes)
    for proc in procs:
        _kill(proc)


# -------------------------------------------------------------------------- install


def install() -> None:
    if _ORIGINAL:
        return
    emr_exceptions.ResourceNotFoundException.code = 404  # the service answers 404, moto 400
    for name in (
        "create_application",
        "start_application",
        "stop_application",
        "delete_application",
        "start_job_run",
        "cancel_job_run",
    ):
        _ORIGINAL[name] = getattr(EMRServerlessBackend, name)
    EMRServerlessBackend.create_application = _create_application
    EMRServerlessBackend.start_application = _start_application
    EMRServerlessBackend.stop_application = _stop_application
    EMRServerlessBackend.delete_application = _delete_application
    EMRServerlessBackend.start_job_run = _start_job_run
    EMRServerlessBackend.cancel_job_run = _cancel_job_run
