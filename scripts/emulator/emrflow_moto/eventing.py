"""What moto 5.2.1 lacks for schedules and failure alerts.

* ``fire_schedule``: EventBridge Scheduler does not run schedules in moto.  The control endpoint
  ``POST /emrflow-api/fire-schedule`` does what Scheduler does when a schedule comes due: it
  assumes the schedule's role (which must exist, trust scheduler.amazonaws.com and allow
  ``states:StartExecution`` on the target) and starts the target state machine with the
  schedule's input, the execution named by a uuid.
* Step Functions execution status events: moto's interpreter sends none.  When an execution ends,
  an ``aws.states`` "Step Functions Execution Status Change" event is matched against the rules
  of the account's default event bus (moto's own pattern matcher), and for each SNS target the
  input transformer is applied and the message published, provided the topic's policy lets
  events.amazonaws.com publish for that rule (moto's events backend cannot target SNS at all).
  Every delivery is logged: ``GET /emrflow-api/alerts``.
"""

from __future__ import annotations

import datetime
import json
import re
import threading
import uuid
from typing import Any

_lock = threading.Lock()
_deliveries: list[dict[str, Any]] = []
_ORIGINAL: dict[str, Any] = {}


class ScheduleFireError(ValueError):
    pass


def deliveries() -> list[dict[str, Any]]:
    with _lock:
        return list(_deliveries)


def reset() -> None:
    with _lock:
        _deliveries.clear()


def _statements(document: Any) -> list[dict[str, Any]]:
    doc = json.loads(document) if isinstance(document, str) else document
    statements = doc.get("Statement", [])
    return statements if isinstance(statements, list) else [statements]


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _allows(document: Any, action: str, resource: str) -> bool:
    for s in _statements(document):
        if s.get("Effect") != "Allow":
            continue
        if action in _as_list(s.get("Action", [])) and any(r in (resource, "*") for r in _as_list(s.get("Resource", []))):
            return True
    return False


def fire_schedule(spec: Any) -> dict[str, Any]:
    """Start the execution the named schedule would start now."""
    from moto.iam.models import iam_backends
    from moto.scheduler.models import scheduler_backends
    from moto.stepfunctions.responses import get_backend

    if not isinstance(spec, dict) or not spec.get("name"):
        raise ScheduleFireError("give {'name': SCHEDULE, 'group': GROUP, 'account': ..., 'region': ...}")
    account = spec.get("account", "123456789012")
    region = spec.get("region", "us-east-1")
    try:
        schedule = scheduler_backends[account][region].get_schedule(spec.get("group"), spec["name"])
    except Exception as exc:  # moto's not-found errors
        raise ScheduleFireError(f"no schedule {spec.get('group')}/{spec['name']}: {exc}")
    target = schedule.target
    role_name = target["RoleArn"].split("/")[-1]
    iam = iam_backends[account]["global"]
    try:
        role = iam.get_role(role_name)
    except Exception:
        raise ScheduleFireError(f"the schedule's role {target['RoleArn']} does not exist")
    trust = role.assume_role_policy_document
    if not any("scheduler.amazonaws.com" in _as_list(s.get("Principal", {}).get("Service", [])) for s in _statements(trust)):
        raise ScheduleFireError(f"role {role_name} does not trust scheduler.amazonaws.com")
    if not any(_allows(doc, "states:StartExecution", target["Arn"]) for doc in role.policies.values()):
        raise ScheduleFireError(f"role {role_name} may not states:StartExecution on {target['Arn']}")
    execution = get_backend(account, region).start_execution(
        target["Arn"], name=str(uuid.uuid4()), execution_input=target.get("Input", "{}")
    )
    return {"executionArn": execution.execution_arn}


def _millis(value: Any) -> int | None:
    if isinstance(value, datetime.datetime):
        return int(value.timestamp() * 1000)
    return None


def _status_event(execution: Any) -> dict[str, Any]:
    status = execution.exec_status.value if hasattr(execution.exec_status, "value") else str(execution.exec_status)
    detail = {
        "executionArn": execution.exec_arn,
        "stateMachineArn": execution.state_machine_arn,
        "name": execution.name,
        "status": status,
        "startDate": _millis(execution.start_date),
        "stopDate": _millis(execution.stop_date),
        "input": json.dumps(execution.input_data),
        "output": None if execution.output is None else json.dumps(execution.output),
        "error": execution.error,
        "cause": execution.cause,
    }
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Step Functions Execution Status Change",
        "source": "aws.states",
        "account": execution.account_id,
        "time": datetime.datetime.now(tz=datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": execution.region_name,
        "resources": [execution.exec_arn],
        "detail": detail,
    }


def _lookup(event: dict[str, Any], path: str) -> Any:
    value: Any = event
    for part in path.lstrip("$").strip(".").split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def transform(transformer: dict[str, Any] | None, event: dict[str, Any]) -> str:
    """An InputTransformer applied as EventBridge does for a plain-text template."""
    if not transformer:
        return json.dumps(event)
    text = transformer.get("InputTemplate", "")
    for name, path in (transformer.get("InputPathsMap") or {}).items():
        value = _lookup(event, path)
        text = text.replace(f"<{name}>", "" if value is None else value if isinstance(value, str) else json.dumps(value))
    return re.sub(r"<aws\.events\.event\.json>", json.dumps(event), text)


def _topic_allows(topic: Any, rule_arn: str) -> bool:
    for s in _statements(topic.policy):
        principal = s.get("Principal", {})
        services = _as_list(principal.get("Service", [])) if isinstance(principal, dict) else []
        if s.get("Effect") != "Allow" or "events.amazonaws.com" not in services:
            continue
        if "sns:Publish" not in _as_list(s.get("Action", [])):
            continue
        source = (s.get("Condition", {}).get("ArnEquals", {}) or s.get("Condition", {}).get("ArnLike", {})).get("aws:SourceArn")
        if source is None or rule_arn in _as_list(source):
            return True
    return False


def deliver(event: dict[str, Any]) -> None:
    """Match an event against the default bus's rules; publish to every SNS target allowed to receive it."""
    from moto.events.models import events_backends
    from moto.sns.models import sns_backends

    account, region = event["account"], event["region"]
    backend = events_backends[account][region]
    bus = backend.describe_event_bus("default")
    for rule in list(bus.rules.values()):
        if rule.state != "ENABLED" or not rule.event_pattern.matches_event(event):
            continue
        for target in rule.targets:
            arn = target["Arn"]
            if ":sns:" not in arn:
                continue
            record = {"rule": rule.arn, "topic": arn, "status": event["detail"]["status"], "execution": event["detail"]["name"]}
            sns = sns_backends[arn.split(":")[4]][arn.split(":")[3]]
            try:
                topic = sns.get_topic(arn)
            except Exception:
                record["error"] = "topic does not exist"
            else:
                if not _topic_allows(topic, rule.arn):
                    record["error"] = "topic policy does not let events.amazonaws.com publish for this rule"
                else:
                    record["message"] = transform(target.get("InputTransformer"), event)
                    sns.publish(record["message"], arn=arn)
            with _lock:
                _deliveries.append(record)


def _terminated(self: Any) -> None:
    _ORIGINAL["terminated"](self)
    try:
        deliver(_status_event(self.execution))
    except Exception as exc:  # an alert must never break the execution itself
        with _lock:
            _deliveries.append({"error": f"delivery failed: {exc!r}"})


def install() -> None:
    if _ORIGINAL:
        return
    from moto.stepfunctions.parser.backend.execution import BaseExecutionWorkerCommunication

    _ORIGINAL["terminated"] = BaseExecutionWorkerCommunication.terminated
    BaseExecutionWorkerCommunication.terminated = _terminated
