"""Fixes to moto's Step Functions interpreter backend (execute_state_machine mode).

Stock moto 5.2.1 deep-copies the whole StateMachine object on StartExecution.  The
state machine references its backend, which references every execution and its
worker threads, so as soon as one execution exists the copy hits an RLock and
StartExecution answers HTTP 500.  It also names unnamed executions "None".

The replacement takes a shallow snapshot (the fields an execution reads are
replaced, never mutated, by UpdateStateMachine) and names unnamed executions with
a uuid like the service does.

The context object's $$.Execution.StartTime is the execution's datetime object where the service
gives an ISO 8601 string ("2026-12-03T06:00:00.123Z"); intrinsic functions on it (States.StringSplit,
as the workflow uses to name a scheduled run) then fail with a TypeError. It is turned into the string.

It also gives the interpreter's own exceptions (InvalidDefinition, ResourceNotFound,
InvalidExecutionInput, TaskDoesNotExist, ...) their error code: moto declares them
with a ``code`` string that its JSON error serializer never reads, so they reached
clients as error type "UnknownError" with an empty code.
"""

from __future__ import annotations

import copy
import datetime
import json
import uuid
from typing import Any

from moto.core.exceptions import AWSError
from moto.stepfunctions.parser import api as parser_api
from moto.stepfunctions.parser.api import InvalidExecutionInput
from moto.stepfunctions.parser.backend.execution import Execution
from moto.stepfunctions.parser.models import StepFunctionsParserBackend

_ORIGINAL: dict[str, Any] = {}


def _snapshot(state_machine: Any) -> Any:
    clone = copy.copy(state_machine)
    clone.executions = []
    return clone


def _start_execution(
    self: StepFunctionsParserBackend,
    state_machine_arn: str,
    name: str | None = None,
    execution_input: str | None = None,
    trace_header: str | None = None,
) -> Execution:
    state_machine = self.describe_state_machine(state_machine_arn)
    exec_name = name or str(uuid.uuid4())
    existing = state_machine._handle_name_input_idempotency(exec_name, execution_input)
    if existing is not None:
        return existing

    if execution_input is None:
        input_data = "{}"
    else:
        input_data = execution_input
        try:
            json.loads(execution_input)
        except Exception as ex:
            raise InvalidExecutionInput(str(ex))

    snapshot = _snapshot(state_machine)
    execution_arn = (
        f"arn:{self.partition}:states:{self.region_name}:{self.account_id}:"
        f"execution:{state_machine.name}:{exec_name}"
    )
    execution = Execution(
        name=exec_name,
        sm_type=snapshot.sm_type,
        role_arn=snapshot.roleArn,
        exec_arn=execution_arn,
        account_id=self.account_id,
        region_name=self.region_name,
        state_machine=snapshot,
        start_date=datetime.datetime.now(tz=datetime.timezone.utc),
        cloud_watch_logging_session=None,
        input_data=input_data,
        trace_header=trace_header,
        activity_store={},
    )
    state_machine.executions.append(execution)
    execution.start()
    return execution


def _fix_error_codes() -> None:
    for value in vars(parser_api).values():
        if (
            isinstance(value, type)
            and issubclass(value, AWSError)
            and value.TYPE is None
            and isinstance(value.__dict__.get("code"), str)
        ):
            value.TYPE = value.__dict__["code"]
            value.STATUS = int(getattr(value, "status_code", 400) or 400)


def _iso_start_time(self: Any) -> Any:
    env = _ORIGINAL["evaluation_environment"](self)
    execution = env.states.context_object.context_object_data["Execution"]
    start = execution.get("StartTime")
    if isinstance(start, datetime.datetime):
        execution["StartTime"] = start.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{start.microsecond // 1000:03d}Z"
    return env


def install() -> None:
    if _ORIGINAL:
        return
    _fix_error_codes()
    from moto.stepfunctions.parser.backend.execution_worker import ExecutionWorker

    _ORIGINAL["evaluation_environment"] = ExecutionWorker._get_evaluation_environment
    ExecutionWorker._get_evaluation_environment = _iso_start_time
    _ORIGINAL["start_execution"] = StepFunctionsParserBackend.start_execution
    StepFunctionsParserBackend.start_execution = _start_execution
