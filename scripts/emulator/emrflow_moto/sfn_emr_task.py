"""The EMR Serverless optimised integrations for moto's Step Functions interpreter.

Stock moto routes ``arn:aws:states:::emr-serverless:*`` to a generic forwarder that
passes AWS's PascalCase parameters straight to boto3 (which rejects them) and has
no ``.sync`` support.  This task type:

* accepts ``createApplication``, ``startApplication``, ``stopApplication``,
  ``deleteApplication``, ``startJobRun`` and ``cancelJobRun``, each plain or ``.sync``;
* checks the parameter names against the EMR Serverless model at CreateStateMachine
  time (PascalCase, as the Step Functions docs write them);
* calls moto's emr-serverless backend in-process (so lifecycle, faults and the call
  log apply), and answers with the shapes the service integration returns;
* maps service errors to ``EMRServerless.<ErrorCode>`` and failed/cancelled
  ``.sync`` job runs to ``States.TaskFailed`` with the job run as the Cause.
"""

from __future__ import annotations

import calendar
import datetime
import json
import time
import uuid
from typing import Any, Callable

import botocore.session
from botocore.model import ListShape, MapShape, Shape, StructureShape

from moto.emrserverless.exceptions import ValidationException
from moto.emrserverless.models import emrserverless_backends
from moto.stepfunctions.parser.api import (
    HistoryEventType,
    InvalidDefinition,
    TaskFailedEventDetails,
)
from moto.stepfunctions.parser.asl.component.common.error_name.custom_error_name import (
    CustomErrorName,
)
from moto.stepfunctions.parser.asl.component.common.error_name.failure_event import (
    FailureEvent,
    FailureEventException,
)
from moto.stepfunctions.parser.asl.component.common.error_name.states_error_name import (
    StatesErrorName,
)
from moto.stepfunctions.parser.asl.component.common.error_name.states_error_name_type import (
    StatesErrorNameType,
)
from moto.stepfunctions.parser.asl.component.common.parargs import Parameters
from moto.stepfunctions.parser.asl.component.common.payload.payloadvalue.payloadarr.payload_arr import (
    PayloadArr,
)
from moto.stepfunctions.parser.asl.component.common.payload.payloadvalue.payloadbinding.payload_binding import (
    PayloadBindingValue,
)
from moto.stepfunctions.parser.asl.component.common.payload.payloadvalue.payloadtmpl.payload_tmpl import (
    PayloadTmpl,
)
from moto.stepfunctions.parser.asl.component.state.exec.state_task import (
    state_task_factory,
)
from moto.stepfunctions.parser.asl.component.state.exec.state_task.credentials import (
    StateCredentials,
)
from moto.stepfunctions.parser.asl.component.state.exec.state_task.service.resource import (
    ResourceCondition,
    ResourceRuntimePart,
)
from moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_callback import (
    StateTaskServiceCallback,
)
from moto.stepfunctions.parser.asl.eval.environment import Environment
from moto.stepfunctions.parser.asl.eval.event.event_detail import EventDetails
from moto.stepfunctions.parser.models import StepFunctionsParserBackend

from . import registry
from .emr_lifecycle import JOB_TERMINAL
from .registry import _STATUS
from .settings import SETTINGS

# Step Functions action -> EMR Serverless operation.
ACTIONS = {
    "createApplication": "CreateApplication",
    "startApplication": "StartApplication",
    "stopApplication": "StopApplication",
    "deleteApplication": "DeleteApplication",
    "startJobRun": "StartJobRun",
    "cancelJobRun": "CancelJobRun",
}

_model = None


def _service_model() -> Any:
    global _model
    if _model is None:
        _model = botocore.session.get_session().get_service_model("emr-serverless")
    return _model


def _pascal(name: str) -> str:
    return name[:1].upper() + name[1:]


def _input_shape(action: str) -> StructureShape:
    return _service_model().operation_model(ACTIONS[action]).input_shape


def allowed_parameters(action: str) -> set[str] | None:
    if action not in ACTIONS:
        return None
    return {_pascal(m) for m in _input_shape(action).members}


class ParameterError(Exception):
    pass


class DefinitionError(ValueError):
    """A definition problem reported as the service does at CreateStateMachine."""


def to_api_case(value: Any, shape: Shape, path: str) -> Any:
    """PascalCase Step Functions parameters -> the API's camelCase request members."""
    if isinstance(shape, StructureShape):
        if not isinstance(value, dict):
            raise ParameterError(f"{path} must be an object")
        members = {_pascal(name): (name, member) for name, member in shape.members.items()}
        out = {}
        for key, item in value.items():
            if key not in members:
                raise ParameterError(f'The field "{key}" is not supported by Step Functions at {path}')
            name, member = members[key]
            out[name] = to_api_case(item, member, f"{path}/{key}")
        return out
    if isinstance(shape, ListShape) and isinstance(value, list):
        return [to_api_case(item, shape.member, f"{path}[{i}]") for i, item in enumerate(value)]
    if isinstance(shape, MapShape) and isinstance(value, dict):
        return {key: to_api_case(item, shape.value, f"{path}/{key}") for key, item in value.items()}
    return value


def _epoch_millis(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return calendar.timegm(value.timetuple()) * 1000 + value.microsecond // 1000
    return value


def to_sfn_case(value: Any, shape: Shape | None) -> Any:
    """API camelCase response members -> PascalCase (maps keep their keys)."""
    if value is None:
        return None
    if isinstance(shape, StructureShape) and isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if item is None:
                continue
            out[_pascal(key)] = to_sfn_case(item, shape.members.get(key))
        return out
    if isinstance(shape, ListShape) and isinstance(value, list):
        return [to_sfn_case(item, shape.member) for item in value]
    if isinstance(shape, MapShape) and isinstance(value, dict):
        return {key: to_sfn_case(item, shape.value) for key, item in value.items()}
    if shape is None and isinstance(value, dict):
        return {_pascal(k): to_sfn_case(v, None) for k, v in value.items() if v is not None}
    if shape is not None and shape.type_name == "timestamp" or isinstance(value, datetime.datetime):
        return _epoch_millis(value)
    return value


def job_run_output(job: Any) -> dict[str, Any]:
    """The GetJobRun JobRun of a job run, in Step Functions' PascalCase."""
    api = {
        "applicationId": job.application_id,
        "jobRunId": job.id,
        "name": job.name,
        "arn": job.arn,
        "createdBy": job.created_by,
        "createdAt": job.created_at,
        "updatedAt": job.updated_at,
        "executionRole": job.execution_role_arn,
        "state": job.state,
        "stateDetails": job.state_details,
        "releaseLabel": job.release_label,
        "configurationOverrides": job.configuration_overrides,
        "jobDriver": job.job_driver,
        "tags": job.tags,
        "totalResourceUtilization": getattr(job, "total_resource_utilization", None),
        "networkConfiguration": job.network_configuration,
        "totalExecutionDurationSeconds": getattr(job, "total_execution_duration_seconds", None),
        "executionTimeoutMinutes": job.execution_timeout_minutes,
        "billedResourceUtilization": getattr(job, "billed_resource_utilization", None),
        "startedAt": getattr(job, "started_at", None),
        "endedAt": getattr(job, "ended_at", None),
    }
    return to_sfn_case(api, _service_model().shape_for("JobRun"))


def _application_summary(app: Any) -> dict[str, Any]:
    return {
        "ApplicationId": app.id,
        "Name": app.name,
        "Arn": app.arn,
        "State": app.state,
        "StateDetails": app.state_details or None,
    }


def _service_cause(ex: Any) -> str:
    status = _STATUS.get(ex.error_type, getattr(ex, "code", 400))
    return (
        f"{ex.message} (Service: EmrServerless, Status Code: {status}, "
        f"Error Code: {ex.error_type}, Request ID: {uuid.uuid4()})"
    )


class StateTaskServiceEmrServerless(StateTaskServiceCallback):
    def __init__(self) -> None:
        super().__init__(supported_integration_patterns={ResourceCondition.Sync})

    # ---------------------------------------------------------------- validation

    def _get_supported_parameters(self) -> set[str] | None:
        return allowed_parameters(self.resource.api_action)

    def _validate_service_integration_is_supported(self) -> None:
        arn = self.resource.resource_arn
        action = self.resource.api_action
        if action not in ACTIONS:
            raise DefinitionError(
                f"The resource provided {arn} not recognized. The value is not a valid resource "
                f"ARN, or the resource is not available in this region. Supported EMR Serverless "
                f"actions: {', '.join(ACTIONS)}."
            )
        condition = self.resource.condition
        if condition is not None and condition != ResourceCondition.Sync:
            raise DefinitionError(
                f"The resource provided {arn} does not support the '{condition}' integration pattern "
                "(EMR Serverless supports request-response and .sync)."
            )
        parargs = getattr(self, "parargs", None)
        if isinstance(parargs, Parameters) and isinstance(
            parargs.template_eval_component, PayloadTmpl
        ):
            self._check_template(parargs.template_eval_component, _input_shape(action), "/Parameters")

    def _check_template(self, template: PayloadTmpl, shape: Shape, path: str) -> None:
        if not isinstance(shape, StructureShape):
            return
        members = {_pascal(name): member for name, member in shape.members.items()}
        for binding in template.payload_bindings:
            field = binding.field
            if field not in members:
                raise DefinitionError(
                    f'SCHEMA_VALIDATION_FAILED: The field "{field}" is not supported by Step '
                    f"Functions at {path} (resource {self.resource.resource_arn})"
                )
            member = members[field]
            if not isinstance(binding, PayloadBindingValue):
                continue  # "Field.$": a path, only known at run time
            value = binding.payload_value
            if isinstance(value, PayloadTmpl) and isinstance(member, StructureShape):
                self._check_template(value, member, f"{path}/{field}")
            elif isinstance(value, PayloadArr) and isinstance(member, ListShape):
                for item in value.payload_values:
                    if isinstance(item, PayloadTmpl):
                        self._check_template(item, member.member, f"{path}/{field}")

    # ------------------------------------------------------------------- errors

    def _failure(self, env: Environment, error: str, cause: str) -> FailureEvent:
        if error.startswith("States."):
            typ = StatesErrorNameType.StatesTaskFailed
            if error == "States.Runtime":
                typ = StatesErrorNameType.StatesRuntime
            error_name = StatesErrorName(typ=typ)
        else:
            error_name = CustomErrorName(error_name=error)
        return FailureEvent(
            env=env,
            error_name=error_name,
            event_type=HistoryEventType.TaskFailed,
            event_details=EventDetails(
                taskFailedEventDetails=TaskFailedEventDetails(
                    error=error,
                    cause=cause,
                    resource=self._get_sfn_resource(),
                    resourceType=self._get_sfn_resource_type(),
                )
            ),
        )

    def _from_error(self, env: Environment, ex: Exception) -> FailureEvent:
        if hasattr(ex, "error_type") and hasattr(ex, "message"):
            return self._failure(env, f"EMRServerless.{ex.error_type}", _service_cause(ex))
        if isinstance(ex, ParameterError):
            return self._failure(env, "States.Runtime", str(ex))
        return super()._from_error(env=env, ex=ex)

    # ------------------------------------------------------------ request/response

    @staticmethod
    def _backend(runtime: ResourceRuntimePart) -> Any:
        return emrserverless_backends[runtime.account][runtime.region]

    def _params(self, parameters: dict) -> dict:
        return to_api_case(parameters, _input_shape(self.resource.api_action), "/Parameters")

    @staticmethod
    def _require(params: dict, *names: str) -> None:
        for name in names:
            if not params.get(name):
                raise ValidationException(f"{_pascal(name)} must be specified")

    def _eval_service_task(
        self,
        env: Environment,
        resource_runtime_part: ResourceRuntimePart,
        normalised_parameters: dict,
        state_credentials: StateCredentials,
    ) -> None:
        backend = self._backend(resource_runtime_part)
        params = self._params(normalised_parameters)
        action = self.resource.api_action
        with registry.called_from("stepfunctions"):
            if action == "createApplication":
                self._require(params, "releaseLabel", "type")
                app = backend.create_application(
                    name=params.get("name"),
                    release_label=params.get("releaseLabel"),
                    application_type=params.get("type"),
                    client_token=params.get("clientToken") or str(uuid.uuid4()),
                    initial_capacity=params.get("initialCapacity"),
                    maximum_capacity=params.get("maximumCapacity"),
                    tags=params.get("tags"),
                    auto_start_configuration=params.get("autoStartConfiguration"),
                    auto_stop_configuration=params.get("autoStopConfiguration"),
                    network_configuration=params.get("networkConfiguration"),
                )
                output = {"ApplicationId": app.id, "Name": app.name, "Arn": app.arn}
            elif action in ("startApplication", "stopApplication", "deleteApplication"):
                self._require(params, "applicationId")
                method = {
                    "startApplication": backend.start_application,
                    "stopApplication": backend.stop_application,
                    "deleteApplication": backend.delete_application,
                }[action]
                method(application_id=params["applicationId"])
                output = {"ApplicationId": params["applicationId"]}
            elif action == "startJobRun":
                self._require(params, "applicationId", "executionRoleArn")
                job = backend.start_job_run(
                    application_id=params["applicationId"],
                    client_token=params.get("clientToken") or str(uuid.uuid4()),
                    execution_role_arn=params["executionRoleArn"],
                    job_driver=params.get("jobDriver"),
                    configuration_overrides=params.get("configurationOverrides"),
                    tags=params.get("tags"),
                    execution_timeout_minutes=params.get("executionTimeoutMinutes"),
                    name=params.get("name"),
                    retry_policy=params.get("retryPolicy"),
                )
                output = {"ApplicationId": job.application_id, "JobRunId": job.id, "Arn": job.arn}
            else:  # cancelJobRun
                self._require(params, "applicationId", "jobRunId")
                application_id, job_run_id = backend.cancel_job_run(
                    application_id=params["applicationId"], job_run_id=params["jobRunId"]
                )
                output = {"ApplicationId": application_id, "JobRunId": job_run_id}
        env.stack.append(output)

    # ----------------------------------------------------------------------- .sync

    def _sync_check(
        self, env: Environment, backend: Any, submitted: dict
    ) -> Callable[[], tuple[bool, Any]]:
        action = self.resource.api_action

        def task_failed(cause: dict) -> FailureEventException:
            return FailureEventException(
                self._failure(env, StatesErrorNameType.StatesTaskFailed.to_name(), json.dumps(cause))
            )

        if action == "startJobRun" or action == "cancelJobRun":
            application_id, job_run_id = submitted["ApplicationId"], submitted["JobRunId"]

            def check_job() -> tuple[bool, Any]:
                job = backend.get_job_run(application_id=application_id, job_run_id=job_run_id)
                if job.state not in JOB_TERMINAL:
                    return False, None
                if action == "startJobRun":
                    if job.state == "SUCCESS":
                        return True, job_run_output(job)
                    raise task_failed(job_run_output(job))
                if job.state == "CANCELLED":
                    return True, submitted
                raise task_failed(job_run_output(job))

            return check_job

        application_id = submitted["ApplicationId"]
        wanted, acceptable = {
            "createApplication": ({"CREATED"}, {"CREATING", "CREATED"}),
            "startApplication": ({"STARTED"}, {"CREATED", "STARTING", "STARTED"}),
            "stopApplication": ({"STOPPED", "CREATED"}, {"STOPPING", "STOPPED", "CREATED"}),
            "deleteApplication": ({"TERMINATED"}, {"TERMINATED"}),
        }[action]

        def check_application() -> tuple[bool, Any]:
            app = backend.get_application(application_id=application_id)
            if app.state in wanted:
                return True, submitted
            if app.state not in acceptable:
                raise task_failed(_application_summary(app))
            return False, None

        return check_application

    def _eval_integration_pattern(
        self,
        env: Environment,
        resource_runtime_part: ResourceRuntimePart,
        normalised_parameters: dict,
        state_credentials: StateCredentials,
    ) -> None:
        submitted = env.stack.pop()
        backend = self._backend(resource_runtime_part)
        check = self._sync_check(env, backend, submitted)
        while env.is_running():
            done, result = check()
            if done:
                env.stack.append(result)
                return
            time.sleep(SETTINGS.sync_poll_seconds)
        # The execution was stopped or the state timed out: like the service, try to
        # cancel the job run this task started.
        if self.resource.api_action == "startJobRun":
            try:
                with registry.called_from("stepfunctions"):
                    backend.cancel_job_run(
                        application_id=submitted["ApplicationId"], job_run_id=submitted["JobRunId"]
                    )
            except Exception:
                pass
        env.stack.append(submitted)


_ORIGINAL: dict[str, Any] = {}


def _state_task_service_for(service_name: str) -> Any:
    if service_name == "emr-serverless":
        return StateTaskServiceEmrServerless()
    return _ORIGINAL["state_task_service_for"](service_name=service_name)


def _validate_definition(definition: str) -> None:
    try:
        _ORIGINAL["_validate_definition"](definition=definition)
    except InvalidDefinition as invalid:
        cause = invalid.__context__
        while cause is not None and not isinstance(cause, DefinitionError):
            cause = cause.__context__
        if cause is not None:
            raise InvalidDefinition(message=f"Invalid State Machine Definition: '{cause}'") from None
        raise


def install() -> None:
    if _ORIGINAL:
        return
    _ORIGINAL["_validate_definition"] = StepFunctionsParserBackend._validate_definition
    StepFunctionsParserBackend._validate_definition = staticmethod(_validate_definition)
    _ORIGINAL["state_task_service_for"] = state_task_factory.state_task_service_for
    state_task_factory.state_task_service_for = _state_task_service_for
