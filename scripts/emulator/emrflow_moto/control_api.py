"""The /emrflow-api/* endpoints, served on the same port as moto.

POST /emrflow-api/faults   register one fault (JSON object) or several (JSON list)
GET  /emrflow-api/faults   the faults still pending
POST /emrflow-api/reset    drop pending faults and the call log
GET  /emrflow-api/calls    the EMR Serverless calls made so far
POST /emrflow-api/foreign-bucket  {"bucket": NAME} a bucket owned by another account
POST /emrflow-api/dashboards/expire  every Spark UI link issued so far expires now
POST /emrflow-api/job-runs/age    {"days": N} every ended job run ended N days earlier
GET  /emrflow-sparkui/...         a Spark UI link: 200 while fresh, 403 once expired
POST /emrflow-api/fire-schedule   {"name": N, "group": G} start what the schedule would start now
GET  /emrflow-api/alerts          the failure alerts delivered to SNS topics so far
"""

from __future__ import annotations

import json
from typing import Any, Callable, Iterable

from . import emr_attempts, registry

PREFIX = "/emrflow-api/"


def _respond(start_response: Callable, status: str, body: Any) -> Iterable[bytes]:
    payload = json.dumps(body).encode("utf-8")
    start_response(
        status,
        [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))],
    )
    return [payload]


def _read_json(environ: dict[str, Any]) -> Any:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    raw = environ["wsgi.input"].read(length) if length > 0 else b""
    if not raw.strip():
        return None
    return json.loads(raw)


class EmrflowApp:
    """WSGI wrapper: /emrflow-api/* is ours, everything else goes to moto."""

    def __init__(self, moto_app: Callable) -> None:
        self.moto_app = moto_app

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith(emr_attempts.SPARK_UI_PREFIX):
            status = emr_attempts.link_status(environ.get("QUERY_STRING", ""))
            return _respond(start_response, "200 OK" if status == 200 else "403 Forbidden",
                            {"sparkUi": "fresh" if status == 200 else "expired"})
        if not path.startswith(PREFIX):
            return self.moto_app(environ, start_response)
        method = environ.get("REQUEST_METHOD", "GET")
        route = path[len(PREFIX):].strip("/")
        try:
            if route == "faults" and method == "POST":
                body = _read_json(environ)
                specs = body if isinstance(body, list) else [body]
                for spec in specs:
                    registry.add_fault(spec)
                return _respond(start_response, "200 OK", {"faults": registry.pending_faults()})
            if route == "faults" and method == "GET":
                return _respond(start_response, "200 OK", {"faults": registry.pending_faults()})
            if route == "reset" and method == "POST":
                registry.reset()
                from .eventing import reset as reset_alerts

                reset_alerts()
                return _respond(start_response, "200 OK", {"reset": True})
            if route == "foreign-bucket" and method == "POST":
                from .s3_fixes import create_foreign_bucket

                return _respond(start_response, "200 OK", create_foreign_bucket(_read_json(environ)["bucket"]))
            if route == "dashboards/expire" and method == "POST":
                return _respond(start_response, "200 OK", {"expired": emr_attempts.expire_links()})
            if route == "job-runs/age" and method == "POST":
                days = (_read_json(environ) or {}).get("days")
                if not isinstance(days, (int, float)) or isinstance(days, bool):
                    raise registry.FaultSpecError("'days' must be a number")
                return _respond(start_response, "200 OK", {"aged": emr_attempts.age_job_runs(days)})
            if route == "fire-schedule" and method == "POST":
                from .eventing import fire_schedule

                return _respond(start_response, "200 OK", fire_schedule(_read_json(environ)))
            if route == "alerts" and method == "GET":
                from .eventing import deliveries

                return _respond(start_response, "200 OK", deliveries())
            if route == "calls" and method == "GET":
                return _respond(start_response, "200 OK", registry.calls())
        except (registry.FaultSpecError, json.JSONDecodeError, ValueError) as exc:
            return _respond(start_response, "400 Bad Request", {"error": str(exc)})
        return _respond(
            start_response, "404 Not Found", {"error": f"no route {method} {path}"}
        )
