"""Tests of the emrflow emulator (launcher + moto extension).

Run from the repository root:  python3 -m unittest scripts/emulator/test_emulator.py
(or `cd scripts/emulator && python3 -m unittest test_emulator`).
Each emulator is a subprocess on a free 127.0.0.1 port, stopped by its pid.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest
import urllib.error
import urllib.request
import uuid

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

HERE = os.path.dirname(os.path.abspath(__file__))
LAUNCHER = os.path.join(HERE, "emrflow_emulator.py")
REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/emrflow-test"
JOB_ROLE = "arn:aws:iam::123456789012:role/emrflow-job"
READY = re.compile(r"^emrflow emulator ready at http://127\.0\.0\.1:(\d+)$")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Emulator:
    """The launcher as a subprocess."""

    def __init__(self, *extra: str, port: int = 0) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, LAUNCHER, "--port", str(port), "--host", "127.0.0.1", *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        line = self.proc.stdout.readline().rstrip("\n")
        match = READY.match(line)
        if not match:
            self.proc.kill()
            _, err = self.proc.communicate()
            raise AssertionError(f"emulator did not start: {line!r} {err}")
        self.port = int(match.group(1))
        self.endpoint = f"http://127.0.0.1:{self.port}"

    def client(self, service: str):
        return boto3.client(
            service,
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id="test",
            aws_secret_access_key="test",
            config=Config(s3={"addressing_style": "path"}),
        )

    def api(self, method: str, path: str, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.endpoint + path, data=data, method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def stop(self, sig: int = signal.SIGTERM) -> tuple[int, str, str]:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, sig)
        try:
            out, err = self.proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(self.proc.pid, signal.SIGKILL)
            out, err = self.proc.communicate()
        return self.proc.returncode, out, err


def stop_cleanly(emulator: Emulator) -> None:
    code, _, err = emulator.stop()
    if code != 0:
        raise AssertionError(f"emulator exited with {code}: {err}")


def wait_execution(sfn, execution_arn: str, timeout: float = 20.0) -> dict:
    deadline = time.time() + timeout
    while time.time() < deadline:
        described = sfn.describe_execution(executionArn=execution_arn)
        if described["status"] != "RUNNING":
            return described
        time.sleep(0.05)
    raise AssertionError(f"execution {execution_arn} still RUNNING after {timeout}s")


def lifecycle_definition(job_parameters: dict | None = None, catch_job: bool = False) -> dict:
    """create.sync -> start.sync -> startJobRun.sync -> stop.sync -> delete.sync."""
    job = {
        "Type": "Task",
        "Resource": "arn:aws:states:::emr-serverless:startJobRun.sync",
        "Parameters": {
            "ApplicationId.$": "$.app.ApplicationId",
            "ExecutionRoleArn": JOB_ROLE,
            "ClientToken.$": "States.UUID()",
            "Name": "salaries",
            "JobDriver": {
                "SparkSubmit": {
                    "EntryPoint": "s3://emrflow-test/scripts/job.py",
                    "EntryPointArguments": ["--input", "s3://emrflow-test/in.csv"],
                    "SparkSubmitParameters": "--conf spark.executor.instances=1",
                }
            },
            **(job_parameters or {}),
        },
        "ResultPath": "$.job",
        "Next": "Stop",
    }
    if catch_job:
        job["Catch"] = [
            {"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.error", "Next": "Stop"}
        ]
    app_ref = {"ApplicationId.$": "$.app.ApplicationId"}
    return {
        "StartAt": "Create",
        "States": {
            "Create": {
                "Type": "Task",
                "Resource": "arn:aws:states:::emr-serverless:createApplication.sync",
                "Parameters": {
                    "Name": "emrflow-test",
                    "ReleaseLabel": "emr-7.9.0",
                    "Type": "SPARK",
                    "ClientToken.$": "States.UUID()",
                    "AutoStopConfiguration": {"Enabled": True, "IdleTimeoutMinutes": 15},
                },
                "ResultPath": "$.app",
                "Next": "Start",
            },
            "Start": {
                "Type": "Task",
                "Resource": "arn:aws:states:::emr-serverless:startApplication.sync",
                "Parameters": app_ref,
                "ResultPath": None,
                "Next": "Run",
            },
            "Run": job,
            "Stop": {
                "Type": "Task",
                "Resource": "arn:aws:states:::emr-serverless:stopApplication.sync",
                "Parameters": app_ref,
                "ResultPath": None,
                "Next": "Delete",
            },
            "Delete": {
                "Type": "Task",
                "Resource": "arn:aws:states:::emr-serverless:deleteApplication.sync",
                "Parameters": app_ref,
                "ResultPath": None,
                "End": True,
            },
        },
    }


RUNNER = textwrap.dedent(
    """\
    import argparse, csv, json, os, sys
    print("argv", json.dumps(sys.argv[1:]))
    p = argparse.ArgumentParser()
    p.add_argument("--script")
    p.add_argument("--input", required=True)
    p.add_argument("--output", required=True)
    p.add_argument("--param", action="append", default=[])
    p.add_argument("--py-files")
    a = p.parse_args()
    if a.script:
        print("script", open(a.script, "rb").read().hex())
    if a.py_files:
        print("pyfiles", open(a.py_files, "rb").read().hex())
    params = dict(item.split("=", 1) for item in a.param)
    print("runner started", params["column"], repr(params.get("filter", "")))
    if params.get("filter") == "FAIL":
        print("Traceback (most recent call last):", file=sys.stderr)
        print("ValueError: no rows match   ", file=sys.stderr)
        print("", file=sys.stderr)
        sys.exit(3)
    rows = list(csv.DictReader(open(a.input)))
    os.makedirs(os.path.join(a.output, "part"), exist_ok=False)
    with open(os.path.join(a.output, "part", "part-00000.csv"), "w") as f:
        f.write("rows,max\\n%d,%d\\n" % (len(rows), max(int(r[params["column"]]) for r in rows)))
    open(os.path.join(a.output, "_SUCCESS"), "w").close()
    open(os.path.join(a.output, ".part-00000.csv.crc"), "w").close()
    print("runner done")
    """
)


class EmulatorCase(unittest.TestCase):
    """One emulator shared by a class's tests; JOB_DELAY is a job run's whole SUBMITTED-to-SUCCESS time."""

    JOB_DELAY = "0.3"

    @classmethod
    def setUpClass(cls) -> None:
        cls.emu = Emulator("--job-delay-seconds", cls.JOB_DELAY)
        cls.addClassCleanup(stop_cleanly, cls.emu)
        cls.sfn = cls.emu.client("stepfunctions")
        cls.emr = cls.emu.client("emr-serverless")

    def setUp(self) -> None:
        self.emu.api("POST", "/emrflow-api/reset")

    def state_machine(self, definition: dict) -> str:
        return self.sfn.create_state_machine(
            name=f"sm-{uuid.uuid4().hex[:12]}", definition=json.dumps(definition), roleArn=ROLE
        )["stateMachineArn"]

    def run_execution(self, definition: dict, execution_input: dict | None = None) -> dict:
        arn = self.state_machine(definition)
        execution = self.sfn.start_execution(
            stateMachineArn=arn, input=json.dumps(execution_input or {})
        )
        return wait_execution(self.sfn, execution["executionArn"])


class EmulatorTest(EmulatorCase):
    """Step Functions + EMR Serverless behaviour, on one shared emulator."""

    # ------------------------------------------------------------------ SFN fix

    def test_many_executions_on_one_state_machine(self) -> None:
        arn = self.state_machine(
            {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": 1, "End": True}}}
        )
        first = self.sfn.start_execution(stateMachineArn=arn)
        second = self.sfn.start_execution(stateMachineArn=arn, name="second")
        third = self.sfn.start_execution(stateMachineArn=arn)
        for execution in (first, second, third):
            self.assertEqual("SUCCEEDED", wait_execution(self.sfn, execution["executionArn"])["status"])
        unnamed = first["executionArn"].rsplit(":", 1)[1]
        self.assertNotEqual("None", unnamed)
        uuid.UUID(unnamed)  # a uuid, like the service
        self.assertTrue(second["executionArn"].endswith(":second"))
        self.assertEqual(3, len(self.sfn.list_executions(stateMachineArn=arn)["executions"]))

    # ------------------------------------------------- schedules and alerts

    def test_start_time_in_the_context_object_is_an_iso_string(self) -> None:
        result = self.run_execution({"StartAt": "P", "States": {"P": {
            "Type": "Pass", "Parameters": {"t.$": "$$.Execution.StartTime",
                                           "parts.$": "States.StringSplit($$.Execution.StartTime, '-T:.Z')"},
            "End": True}}})
        self.assertEqual("SUCCEEDED", result["status"], result)
        output = json.loads(result["output"])
        self.assertRegex(output["t"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        self.assertEqual(7, len(output["parts"]))

    def _scheduled(self, allowed_arn: str) -> tuple[str, str]:
        iam = self.emu.client("iam")
        scheduler = self.emu.client("scheduler")
        arn = self.state_machine({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
        role = f"sched-{uuid.uuid4().hex[:8]}"
        iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "scheduler.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))
        iam.put_role_policy(RoleName=role, PolicyName="p", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "states:StartExecution", "Resource": allowed_arn or arn}]}))
        group = f"g-{uuid.uuid4().hex[:8]}"
        scheduler.create_schedule_group(Name=group)
        scheduler.create_schedule(Name="s", GroupName=group, ScheduleExpression="rate(1 hour)",
                                  FlexibleTimeWindow={"Mode": "OFF"},
                                  Target={"Arn": arn, "RoleArn": f"arn:aws:iam::123456789012:role/{role}", "Input": '{"a": 1}'})
        return group, arn

    def test_firing_a_schedule_starts_its_target_with_its_input(self) -> None:
        group, arn = self._scheduled("")
        fired = self.emu.api("POST", "/emrflow-api/fire-schedule", {"name": "s", "group": group})
        result = wait_execution(self.sfn, fired["executionArn"])
        self.assertEqual("SUCCEEDED", result["status"], result)
        self.assertEqual({"a": 1}, json.loads(result["input"]))
        self.assertEqual(arn, result["stateMachineArn"])

    def test_firing_a_schedule_whose_role_may_not_start_the_target_fails(self) -> None:
        group, _ = self._scheduled("arn:aws:states:us-east-1:123456789012:stateMachine:another")
        with self.assertRaises(urllib.error.HTTPError) as raised:
            self.emu.api("POST", "/emrflow-api/fire-schedule", {"name": "s", "group": group})
        self.assertEqual(400, raised.exception.code)
        self.assertIn("may not states:StartExecution", raised.exception.read().decode())

    def test_a_failed_execution_is_published_to_a_rules_topic_only_when_its_policy_allows(self) -> None:
        events = self.emu.client("events")
        sns = self.emu.client("sns")
        arn = self.state_machine({"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "Cause": "why"}}})
        rule = f"r-{uuid.uuid4().hex[:8]}"
        rule_arn = events.put_rule(Name=rule, EventPattern=json.dumps({
            "source": ["aws.states"], "detail": {"status": ["FAILED"], "stateMachineArn": [arn]}}))["RuleArn"]
        topic = sns.create_topic(Name=f"t-{uuid.uuid4().hex[:8]}")["TopicArn"]
        events.put_targets(Rule=rule, Targets=[{"Id": "t", "Arn": topic, "InputTransformer": {
            "InputPathsMap": {"n": "$.detail.name", "e": "$.detail.error", "c": "$.detail.cause"},
            "InputTemplate": "run <n> failed: <e> (<c>)"}}])
        first = self.sfn.start_execution(stateMachineArn=arn, name="first")
        wait_execution(self.sfn, first["executionArn"])
        time.sleep(0.2)
        alerts = self.emu.api("GET", "/emrflow-api/alerts")
        self.assertEqual(1, len(alerts), alerts)
        self.assertIn("topic policy does not let", alerts[0]["error"])
        sns.set_topic_attributes(TopicArn=topic, AttributeName="Policy", AttributeValue=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
                                                    "Action": "sns:Publish", "Resource": topic,
                                                    "Condition": {"ArnEquals": {"aws:SourceArn": rule_arn}}}]}))
        second = self.sfn.start_execution(stateMachineArn=arn, name="second")
        wait_execution(self.sfn, second["executionArn"])
        time.sleep(0.2)
        alerts = self.emu.api("GET", "/emrflow-api/alerts")
        self.assertEqual("run second failed: E (why)", alerts[-1]["message"], alerts)

    # ------------------------------------------------------ the whole lifecycle

    def test_lifecycle_state_machine_succeeds(self) -> None:
        result = self.run_execution(lifecycle_definition())
        self.assertEqual("SUCCEEDED", result["status"], result)
        output = json.loads(result["output"])
        app_id = output["app"]["ApplicationId"]
        self.assertEqual({"ApplicationId", "Name", "Arn"}, set(output["app"]))
        job = output["job"]
        self.assertEqual("SUCCESS", job["State"])
        self.assertEqual(app_id, job["ApplicationId"])
        self.assertIn("JobRunId", job)
        self.assertEqual("salaries", job["Name"])
        self.assertEqual(
            "s3://emrflow-test/scripts/job.py", job["JobDriver"]["SparkSubmit"]["EntryPoint"]
        )
        # driver + 1 executor, 4 vCPU each, one-minute minimum: 8 vCPU-minutes
        self.assertAlmostEqual(8 / 60, job["BilledResourceUtilization"]["VCPUHour"], places=3)
        self.assertEqual(
            "TERMINATED", self.emr.get_application(applicationId=app_id)["application"]["state"]
        )
        calls = self.emu.api("GET", "/emrflow-api/calls")
        self.assertEqual(
            [
                ("createApplication", "CREATED"),
                ("startApplication", "STARTING"),
                ("startJobRun", "SUBMITTED"),
                ("stopApplication", "STOPPED"),
                ("deleteApplication", "TERMINATED"),
            ],
            [(c["operation"], c["state_after"]) for c in calls],
        )
        self.assertTrue(all(c["applicationId"] == app_id for c in calls))
        self.assertTrue(all(c["source"] == "stepfunctions" for c in calls))

    def test_failed_job_run_goes_to_catch_with_state_details(self) -> None:
        details = "Job failed, please check complete logs. ExitCode: 1. ValueError: boom"
        self.emu.api(
            "POST", "/emrflow-api/faults", {"jobRun": {"state": "FAILED", "stateDetails": details}}
        )
        result = self.run_execution(lifecycle_definition(catch_job=True))
        self.assertEqual("SUCCEEDED", result["status"], result)  # caught, then cleaned up
        error = json.loads(result["output"])["error"]
        self.assertEqual("States.TaskFailed", error["Error"])
        cause = json.loads(error["Cause"])
        self.assertEqual("FAILED", cause["State"])
        self.assertEqual(details, cause["StateDetails"])
        self.assertIn("JobRunId", cause)
        job = self.emr.get_job_run(applicationId=cause["ApplicationId"], jobRunId=cause["JobRunId"])
        self.assertEqual("FAILED", job["jobRun"]["state"])
        self.assertEqual(
            ["createApplication", "startApplication", "startJobRun", "stopApplication", "deleteApplication"],
            [c["operation"] for c in self.emu.api("GET", "/emrflow-api/calls")],
        )

    def test_uncaught_failed_job_run_fails_the_execution(self) -> None:
        self.emu.api("POST", "/emrflow-api/faults", {"jobRun": {"state": "FAILED", "stateDetails": "bad"}})
        result = self.run_execution(lifecycle_definition())
        self.assertEqual("FAILED", result["status"])
        self.assertEqual("States.TaskFailed", result["error"])
        self.assertEqual("bad", json.loads(result["cause"])["StateDetails"])

    def test_throttled_start_is_retried(self) -> None:
        self.emu.api(
            "POST", "/emrflow-api/faults",
            {"operation": "startApplication", "error": "ThrottlingException", "times": 1},
        )
        definition = lifecycle_definition()
        definition["States"]["Start"]["Retry"] = [
            {"ErrorEquals": ["EMRServerless.ThrottlingException"], "IntervalSeconds": 1,
             "MaxAttempts": 2, "BackoffRate": 1.0}
        ]
        result = self.run_execution(definition)
        self.assertEqual("SUCCEEDED", result["status"], result)
        starts = [c for c in self.emu.api("GET", "/emrflow-api/calls") if c["operation"] == "startApplication"]
        self.assertEqual(2, len(starts))
        self.assertEqual("ThrottlingException", starts[0]["error"])
        self.assertNotIn("error", starts[1])
        self.assertEqual([], self.emu.api("GET", "/emrflow-api/faults")["faults"])

    def test_throttle_without_retry_surfaces_as_emrserverless_error(self) -> None:
        self.emu.api(
            "POST", "/emrflow-api/faults",
            {"operation": "startApplication", "error": "ThrottlingException", "message": "Rate exceeded"},
        )
        result = self.run_execution(lifecycle_definition())
        self.assertEqual("FAILED", result["status"])
        self.assertEqual("EMRServerless.ThrottlingException", result["error"])
        self.assertIn("Rate exceeded", result["cause"])

    def test_create_application_fault_is_caught(self) -> None:
        self.emu.api(
            "POST", "/emrflow-api/faults",
            {"operation": "createApplication", "error": "ValidationException",
             "message": "Release label emr-7.9.0 is not supported", "times": 1},
        )
        definition = lifecycle_definition()
        definition["States"]["Create"]["Catch"] = [
            {"ErrorEquals": ["EMRServerless.ValidationException"], "ResultPath": "$.error", "Next": "Failed"}
        ]
        definition["States"]["Failed"] = {"Type": "Pass", "End": True}
        result = self.run_execution(definition)
        self.assertEqual("SUCCEEDED", result["status"], result)
        error = json.loads(result["output"])["error"]
        self.assertEqual("EMRServerless.ValidationException", error["Error"])
        self.assertIn("Release label emr-7.9.0 is not supported", error["Cause"])
        self.assertIn("Service: EmrServerless", error["Cause"])
        calls = self.emu.api("GET", "/emrflow-api/calls")
        self.assertEqual(1, len(calls))
        self.assertEqual("ValidationException", calls[0]["error"])

    def test_definition_with_unknown_parameter_is_rejected(self) -> None:
        definition = lifecycle_definition()
        definition["States"]["Start"]["Parameters"] = {"applicationId.$": "$.app.ApplicationId"}
        with self.assertRaises(ClientError) as raised:
            self.state_machine(definition)
        self.assertEqual("InvalidDefinition", raised.exception.response["Error"]["Code"])
        self.assertIn('The field "applicationId" is not supported', str(raised.exception))
        nested = lifecycle_definition()
        nested["States"]["Run"]["Parameters"]["JobDriver"]["SparkSubmit"]["Entrypoint"] = "s3://x/y.py"
        with self.assertRaises(ClientError) as raised:
            self.state_machine(nested)
        self.assertIn('The field "Entrypoint" is not supported', str(raised.exception))
        callback = lifecycle_definition()
        callback["States"]["Start"]["Resource"] = (
            "arn:aws:states:::emr-serverless:startApplication.waitForTaskToken"
        )
        with self.assertRaises(ClientError) as raised:
            self.state_machine(callback)
        self.assertEqual("InvalidDefinition", raised.exception.response["Error"]["Code"])

    def test_direct_api_fault_and_auto_start(self) -> None:
        self.emu.api(
            "POST", "/emrflow-api/faults",
            {"operation": "startJobRun", "error": "ValidationException", "message": "nope"},
        )
        app_id = self.emr.create_application(name="f", releaseLabel="emr-7.9.0", type="SPARK")["applicationId"]
        with self.assertRaises(ClientError) as raised:
            self.emr.start_job_run(applicationId=app_id, executionRoleArn=JOB_ROLE,
                                   jobDriver={"sparkSubmit": {"entryPoint": "s3://b/j.py"}})
        self.assertEqual("ValidationException", raised.exception.response["Error"]["Code"])
        self.assertEqual("nope", raised.exception.response["Error"]["Message"])
        # A CREATED application with auto-start (the default) starts on job submission.
        job_id = self.emr.start_job_run(applicationId=app_id, executionRoleArn=JOB_ROLE,
                                        jobDriver={"sparkSubmit": {"entryPoint": "s3://b/j.py"}})["jobRunId"]
        self.assertEqual("STARTING", self.emr.get_application(applicationId=app_id)["application"]["state"])
        # Leave no job running: a live one would take the next test's job fault.
        deadline = time.time() + 10
        while self.emr.get_job_run(applicationId=app_id, jobRunId=job_id)["jobRun"]["state"] != "SUCCESS":
            self.assertLess(time.time(), deadline, "the auto-started job run did not finish")
            time.sleep(0.05)

    def _finished_run(self, app_id: str, job_id: str) -> dict:
        deadline = time.time() + 10
        while True:
            run = self.emr.get_job_run(applicationId=app_id, jobRunId=job_id)["jobRun"]
            if run["state"] in ("SUCCESS", "FAILED", "CANCELLED"):
                return run
            self.assertLess(time.time(), deadline, "the job run did not finish")
            time.sleep(0.02)

    def test_retry_policy_runs_another_attempt_and_lists_attempts(self) -> None:
        self.emu.api("POST", "/emrflow-api/faults", {"jobRun": {"state": "FAILED", "stateDetails": "first one fails"}})
        app_id = self.emr.create_application(name="r", releaseLabel="emr-7.9.0", type="SPARK")["applicationId"]
        self.emr.start_application(applicationId=app_id)
        job_id = self.emr.start_job_run(
            applicationId=app_id, executionRoleArn=JOB_ROLE, retryPolicy={"maxAttempts": 3},
            jobDriver={"sparkSubmit": {"entryPoint": "s3://b/j.py"}},
        )["jobRunId"]
        run = self._finished_run(app_id, job_id)
        self.assertEqual(("SUCCESS", 2, {"maxAttempts": 3}), (run["state"], run["attempt"], run["retryPolicy"]))
        attempts = self.emr.list_job_run_attempts(applicationId=app_id, jobRunId=job_id)["jobRunAttempts"]
        self.assertEqual([(1, "FAILED", "first one fails"), (2, "SUCCESS", None)],
                         [(a["attempt"], a["state"], a.get("stateDetails")) for a in attempts])

    def test_dashboard_links_expire(self) -> None:
        app_id = self.emr.create_application(name="u", releaseLabel="emr-7.9.0", type="SPARK")["applicationId"]
        self.emr.start_application(applicationId=app_id)
        job_id = self.emr.start_job_run(applicationId=app_id, executionRoleArn=JOB_ROLE,
                                        jobDriver={"sparkSubmit": {"entryPoint": "s3://b/j.py"}})["jobRunId"]
        self._finished_run(app_id, job_id)  # leave no job running to take the next test's fault
        url = self.emr.get_dashboard_for_job_run(applicationId=app_id, jobRunId=job_id)["url"]
        self.assertEqual(200, urllib.request.urlopen(url).status)
        self.emu.api("POST", "/emrflow-api/dashboards/expire", {})
        with self.assertRaises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(url)
        self.assertEqual(403, raised.exception.code)
        fresh = self.emr.get_dashboard_for_job_run(applicationId=app_id, jobRunId=job_id)["url"]
        self.assertNotEqual(url, fresh)
        self.assertEqual(200, urllib.request.urlopen(fresh).status)
        with self.assertRaises(ClientError) as missing:
            self.emr.get_dashboard_for_job_run(applicationId=app_id, jobRunId=job_id, attempt=2)
        self.assertEqual("ValidationException", missing.exception.response["Error"]["Code"])

    def test_fault_api_rejects_bad_specs(self) -> None:
        with self.assertRaises(urllib.error.HTTPError) as raised:
            self.emu.api("POST", "/emrflow-api/faults", {"operation": "getJobRun"})
        self.assertEqual(400, raised.exception.code)


class SlowJobTest(EmulatorCase):
    """Tests that must see a job run between its states. With a 0.3 s job a poll on a loaded machine
    could miss the 0.1 s SCHEDULED state, or the job could end before a cancel arrived; 1 s a state
    leaves room for both without weakening what the tests check."""

    JOB_DELAY = "3"

    def test_cancel_job_run_sync(self) -> None:
        app = self.emr.create_application(name="c", releaseLabel="emr-7.9.0", type="SPARK")
        self.emr.start_application(applicationId=app["applicationId"])
        job = self.emr.start_job_run(
            applicationId=app["applicationId"], executionRoleArn=JOB_ROLE,
            jobDriver={"sparkSubmit": {"entryPoint": "s3://b/j.py"}},
        )
        result = self.run_execution(
            {"StartAt": "Cancel", "States": {"Cancel": {
                "Type": "Task", "Resource": "arn:aws:states:::emr-serverless:cancelJobRun.sync",
                "Parameters": {"ApplicationId": app["applicationId"], "JobRunId": job["jobRunId"]},
                "End": True}}}
        )
        self.assertEqual("SUCCEEDED", result["status"], result)
        self.assertEqual(
            {"ApplicationId": app["applicationId"], "JobRunId": job["jobRunId"]}, json.loads(result["output"])
        )
        state = self.emr.get_job_run(applicationId=app["applicationId"], jobRunId=job["jobRunId"])
        self.assertEqual("CANCELLED", state["jobRun"]["state"])

    # ------------------------------------------------------------ direct API

    def test_direct_api_lifecycle_and_progression(self) -> None:
        emr = self.emr
        app_id = emr.create_application(name="d", releaseLabel="emr-7.9.0", type="SPARK")["applicationId"]
        self.assertEqual("CREATED", emr.get_application(applicationId=app_id)["application"]["state"])
        emr.start_application(applicationId=app_id)
        self.assertEqual("STARTING", emr.get_application(applicationId=app_id)["application"]["state"])
        job_id = emr.start_job_run(
            applicationId=app_id, executionRoleArn=JOB_ROLE,
            jobDriver={"sparkSubmit": {"entryPoint": "s3://b/j.py"}},
        )["jobRunId"]
        seen: list[str] = []
        deadline = time.time() + 10
        while time.time() < deadline:
            run = emr.get_job_run(applicationId=app_id, jobRunId=job_id)["jobRun"]
            if not seen or seen[-1] != run["state"]:
                seen.append(run["state"])
            if run["state"] in ("SUCCESS", "FAILED", "CANCELLED"):
                break
            time.sleep(0.02)
        self.assertEqual(["SUBMITTED", "SCHEDULED", "RUNNING", "SUCCESS"], seen)
        for key in ("totalResourceUtilization", "billedResourceUtilization"):
            self.assertEqual({"vCPUHour", "memoryGBHour", "storageGBHour"}, set(run[key]))
        # default workers: driver + 3 executors, 4 vCPU / 16 GB each, one-minute minimum
        self.assertAlmostEqual(0.267, run["billedResourceUtilization"]["vCPUHour"], places=3)
        self.assertAlmostEqual(1.067, run["billedResourceUtilization"]["memoryGBHour"], places=3)
        self.assertGreater(run["totalResourceUtilization"]["vCPUHour"], 0)
        self.assertEqual(JOB_ROLE, run["executionRole"])
        self.assertEqual("STARTED", emr.get_application(applicationId=app_id)["application"]["state"])
        with self.assertRaises(ClientError) as raised:
            emr.delete_application(applicationId=app_id)  # must stop first
        self.assertEqual("ValidationException", raised.exception.response["Error"]["Code"])
        emr.stop_application(applicationId=app_id)
        self.assertEqual("STOPPED", emr.get_application(applicationId=app_id)["application"]["state"])
        emr.delete_application(applicationId=app_id)
        self.assertEqual("TERMINATED", emr.get_application(applicationId=app_id)["application"]["state"])
        with self.assertRaises(ClientError):
            emr.start_job_run(applicationId=app_id, executionRoleArn=JOB_ROLE,
                              jobDriver={"sparkSubmit": {"entryPoint": "s3://b/j.py"}})
        self.assertEqual(
            ["createApplication", "startApplication", "startJobRun", "deleteApplication",
             "stopApplication", "deleteApplication", "startJobRun"],
            [c["operation"] for c in self.emu.api("GET", "/emrflow-api/calls")],
        )


class JobRunnerTest(unittest.TestCase):
    """--job-runner: a local process stands in for Spark."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = tempfile.TemporaryDirectory()
        runner = os.path.join(cls.tmp.name, "runner.py")
        with open(runner, "w") as handle:
            handle.write(RUNNER)
        cls.addClassCleanup(cls.tmp.cleanup)
        cls.emu = Emulator("--job-runner", f"{sys.executable} {runner}", "--job-delay-seconds", "0.1")
        cls.addClassCleanup(stop_cleanly, cls.emu)
        cls.s3 = cls.emu.client("s3")
        cls.sfn = cls.emu.client("stepfunctions")
        cls.emr = cls.emu.client("emr-serverless")
        cls.s3.create_bucket(Bucket="emrflow-test")
        cls.s3.put_object(Bucket="emrflow-test", Key="scripts/job.py", Body=b"print('spark')")
        cls.s3.put_object(
            Bucket="emrflow-test", Key="data/in.csv",
            Body=b"job_title,salary_in_usd\nData Engineer,100000\nData Engineer,99100\n",
        )

    @staticmethod
    def locations(output_prefix: str) -> list[str]:
        return ["--input", "s3://emrflow-test/data/in.csv", "--output", f"s3://emrflow-test/{output_prefix}"]

    def run_job(self, arguments: list[str], entry_point: str = "s3://emrflow-test/scripts/job.py",
                spark_submit_parameters: str | None = None) -> dict:
        spark_submit = {"EntryPoint": entry_point, "EntryPointArguments": arguments}
        if spark_submit_parameters is not None:
            spark_submit["SparkSubmitParameters"] = spark_submit_parameters
        definition = lifecycle_definition(
            {
                "JobDriver": {"SparkSubmit": spark_submit},
                "ConfigurationOverrides": {
                    "MonitoringConfiguration": {
                        "S3MonitoringConfiguration": {"LogUri": "s3://emrflow-test/logs/"}
                    }
                },
            },
            catch_job=True,
        )
        arn = self.sfn.create_state_machine(
            name=f"runner-{uuid.uuid4().hex[:8]}", definition=json.dumps(definition), roleArn=ROLE
        )["stateMachineArn"]
        execution = self.sfn.start_execution(stateMachineArn=arn)
        result = wait_execution(self.sfn, execution["executionArn"], timeout=30)
        self.assertEqual("SUCCEEDED", result["status"], result)
        return json.loads(result["output"])

    def log(self, app_id: str, job_id: str, stream: str) -> str:
        key = f"logs/applications/{app_id}/jobs/{job_id}/SPARK_DRIVER/{stream}.gz"
        body = self.s3.get_object(Bucket="emrflow-test", Key=key)["Body"].read()
        return gzip.decompress(body).decode()

    def runner_line(self, job: dict, prefix: str) -> str | None:
        """The rest of the runner's stdout line that starts with PREFIX and a space."""
        for line in self.log(job["ApplicationId"], job["JobRunId"], "stdout").splitlines():
            if line.startswith(prefix + " "):
                return line[len(prefix) + 1:]
        return None

    def test_runner_writes_outputs_and_driver_logs(self) -> None:
        output = self.run_job(
            self.locations("out/run1") + ["--param", "column=salary_in_usd", "--param", "filter=Data.*"]
        )
        job = output["job"]
        self.assertEqual("SUCCESS", job["State"])
        listed = self.s3.list_objects_v2(Bucket="emrflow-test", Prefix="out/run1/")
        keys = sorted(o["Key"] for o in listed.get("Contents", []))
        self.assertEqual(["out/run1/_SUCCESS", "out/run1/part/part-00000.csv"], keys)
        body = self.s3.get_object(Bucket="emrflow-test", Key="out/run1/part/part-00000.csv")["Body"].read()
        self.assertEqual(b"rows,max\n2,100000\n", body)
        stdout = self.log(job["ApplicationId"], job["JobRunId"], "stdout")
        self.assertIn("runner started salary_in_usd 'Data.*'", stdout)
        self.assertIn("runner done", stdout)
        self.assertEqual("", self.log(job["ApplicationId"], job["JobRunId"], "stderr"))

    def test_runner_failure_fails_the_job_with_last_stderr_line(self) -> None:
        output = self.run_job(
            self.locations("out/run2") + ["--param", "column=salary_in_usd", "--param", "filter=FAIL"]
        )
        cause = json.loads(output["error"]["Cause"])
        self.assertEqual("FAILED", cause["State"])
        self.assertEqual("ValueError: no rows match", cause["StateDetails"])
        stderr = self.log(cause["ApplicationId"], cause["JobRunId"], "stderr")
        self.assertIn("Traceback", stderr)
        listed = self.s3.list_objects_v2(Bucket="emrflow-test", Prefix="out/run2/")
        self.assertEqual(0, listed["KeyCount"])

    def test_runner_gets_script_local_paths_and_job_arguments_verbatim(self) -> None:
        # Non-ASCII, CR, NUL and 0xFF: any decoding or newline translation would show.
        script = "# job\nprint('r\u00e9sum\u00e9')\r\n".encode() + b"\x00\xff"
        self.s3.put_object(Bucket="emrflow-test", Key="scripts/verbatim.py", Body=script)
        params = [
            "--param", "column=salary_in_usd",
            "--param", "title_filter=",
            "--param", "label=Senior Data = Lead",
            "--param", "pattern=^Data.*$",
        ]
        # --input and --output sit between the params, in both spellings, to show that only
        # those pairs are taken out and everything else keeps its order.
        arguments = (
            params[:2] + ["--input", "s3://emrflow-test/data/in.csv"]
            + params[2:6] + ["--output=s3://emrflow-test/out/run3"] + params[6:]
        )
        job = self.run_job(arguments, entry_point="s3://emrflow-test/scripts/verbatim.py")["job"]
        self.assertEqual("SUCCESS", job["State"], job)
        argv = json.loads(self.runner_line(job, "argv"))
        self.assertEqual(["--script", "--input", "--output"], argv[0:6:2])
        local_script, local_input, local_output = argv[1:6:2]
        self.assertEqual(params, argv[6:])
        self.assertEqual("job.py", os.path.basename(local_script))
        self.assertEqual(script.hex(), self.runner_line(job, "script"))
        for local in (local_script, local_input, local_output):
            self.assertTrue(os.path.isabs(local), local)
        self.assertEqual("in.csv", os.path.basename(local_input))
        self.assertEqual(os.path.dirname(local_script), os.path.dirname(local_output))
        self.assertFalse(any("s3://" in token for token in argv), argv)
        # The output still lands at the S3 location given as --output=...
        listed = self.s3.list_objects_v2(Bucket="emrflow-test", Prefix="out/run3/")
        self.assertEqual(2, listed["KeyCount"])

    def test_runner_gets_the_submitted_py_files_as_a_local_zip(self) -> None:
        self.s3.put_object(Bucket="emrflow-test", Key="jobs/mods.zip", Body=b"PK-zip-bytes")
        job = self.run_job(
            self.locations("out/run5") + ["--param", "column=salary_in_usd"],
            spark_submit_parameters="--conf spark.driver.cores=1 --py-files s3://emrflow-test/jobs/mods.zip",
        )["job"]
        self.assertEqual("SUCCESS", job["State"], job)
        argv = json.loads(self.runner_line(job, "argv"))
        local_zip = argv[argv.index("--py-files") + 1]
        self.assertTrue(os.path.isabs(local_zip), local_zip)
        self.assertEqual("mods.zip", os.path.basename(local_zip))
        self.assertEqual(b"PK-zip-bytes".hex(), self.runner_line(job, "pyfiles"))

    def test_missing_py_files_fail_the_job_run(self) -> None:
        definition_args = self.locations("out/run6") + ["--param", "column=salary_in_usd"]
        definition = lifecycle_definition(
            {"JobDriver": {"SparkSubmit": {
                "EntryPoint": "s3://emrflow-test/scripts/job.py", "EntryPointArguments": definition_args,
                "SparkSubmitParameters": "--py-files s3://emrflow-test/jobs/absent.zip"}}},
            catch_job=True,
        )
        arn = self.sfn.create_state_machine(
            name=f"runner-{uuid.uuid4().hex[:8]}", definition=json.dumps(definition), roleArn=ROLE
        )["stateMachineArn"]
        result = wait_execution(self.sfn, self.sfn.start_execution(stateMachineArn=arn)["executionArn"], timeout=30)
        cause = json.loads(json.loads(result["output"])["error"]["Cause"])
        self.assertEqual("FAILED", cause["State"])
        self.assertEqual("File s3://emrflow-test/jobs/absent.zip given by --py-files does not exist.", cause["StateDetails"])

    def test_non_s3_entry_point_gets_no_script_flag(self) -> None:
        job = self.run_job(
            self.locations("out/run4") + ["--param", "column=salary_in_usd"],
            entry_point="local:///opt/jobs/job.py",
        )["job"]
        self.assertEqual("SUCCESS", job["State"], job)
        argv = json.loads(self.runner_line(job, "argv"))
        self.assertNotIn("--script", argv)
        self.assertEqual(["--input", "--output", "--param", "column=salary_in_usd"], argv[0:4:2] + argv[4:])
        self.assertIsNone(self.runner_line(job, "script"))

    def test_empty_entry_point_argument_is_rejected_like_aws(self) -> None:
        # The model says EntryPointArgument: min length 1, pattern .*\S.*
        definition = lifecycle_definition(
            {"JobDriver": {"SparkSubmit": {
                "EntryPoint": "s3://emrflow-test/scripts/job.py",
                "EntryPointArguments": ["--param", ""]}}},
        )
        definition["States"]["Run"]["Catch"] = [
            {"ErrorEquals": ["EMRServerless.ValidationException"], "ResultPath": "$.error", "Next": "Stop"}
        ]
        arn = self.sfn.create_state_machine(
            name=f"empty-{uuid.uuid4().hex[:8]}", definition=json.dumps(definition), roleArn=ROLE
        )["stateMachineArn"]
        result = wait_execution(self.sfn, self.sfn.start_execution(stateMachineArn=arn)["executionArn"])
        self.assertEqual("SUCCEEDED", result["status"], result)
        error = json.loads(result["output"])["error"]
        self.assertEqual("EMRServerless.ValidationException", error["Error"])
        self.assertIn("jobDriver.sparkSubmit.entryPointArguments.2.member", error["Cause"])
        # The same request through the API (boto3's own check switched off).
        emr = boto3.client(
            "emr-serverless", endpoint_url=self.emu.endpoint, region_name=REGION,
            aws_access_key_id="test", aws_secret_access_key="test",
            config=Config(parameter_validation=False),
        )
        app_id = emr.create_application(name="v", releaseLabel="emr-7.9.0", type="SPARK")["applicationId"]
        with self.assertRaises(ClientError) as raised:
            emr.start_job_run(applicationId=app_id, executionRoleArn=JOB_ROLE, jobDriver={
                "sparkSubmit": {"entryPoint": "s3://emrflow-test/scripts/job.py",
                                "entryPointArguments": ["--param", ""]}})
        self.assertEqual("ValidationException", raised.exception.response["Error"]["Code"])


class ApplicationApiTest(unittest.TestCase):
    """emr_application_api: job concurrency and the queue, UpdateApplication, tagging."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.emu = Emulator("--job-delay-seconds", "1.5")
        cls.addClassCleanup(stop_cleanly, cls.emu)
        cls.emr = cls.emu.client("emr-serverless")

    def application(self, release: str = "emr-7.9.0", **extra) -> dict:
        return self.emr.create_application(
            name="p-shared", releaseLabel=release, type="SPARK", tags={"emrflow:project": "p"},
            autoStartConfiguration={"enabled": True}, **extra)

    def job(self, application_id: str, name: str) -> str:
        return self.emr.start_job_run(
            applicationId=application_id, executionRoleArn=JOB_ROLE, name=name,
            jobDriver={"sparkSubmit": {"entryPoint": "s3://b/job.py"}})["jobRunId"]

    def states(self, application_id: str, jobs: list[str]) -> list[str]:
        return [self.emr.get_job_run(applicationId=application_id, jobRunId=j)["jobRun"]["state"] for j in jobs]

    def test_a_run_beyond_max_concurrent_runs_waits_queued_then_runs(self) -> None:
        app = self.application(schedulerConfiguration={"maxConcurrentRuns": 1, "queueTimeoutMinutes": 15})["applicationId"]
        got = self.emr.get_application(applicationId=app)["application"]
        self.assertEqual({"maxConcurrentRuns": 1, "queueTimeoutMinutes": 15}, got["schedulerConfiguration"])
        jobs = [self.job(app, "first"), self.job(app, "second")]
        time.sleep(0.3)
        self.assertEqual("QUEUED", self.states(app, jobs)[1])
        self.assertNotEqual("QUEUED", self.states(app, jobs)[0])
        deadline = time.time() + 15
        while time.time() < deadline and self.states(app, jobs) != ["SUCCESS", "SUCCESS"]:
            time.sleep(0.1)
        self.assertEqual(["SUCCESS", "SUCCESS"], self.states(app, jobs))

    def test_a_recent_release_gets_the_default_concurrency_an_old_one_none(self) -> None:
        recent = self.application()["applicationId"]
        self.assertEqual({"maxConcurrentRuns": 15, "queueTimeoutMinutes": 360},
                         self.emr.get_application(applicationId=recent)["application"]["schedulerConfiguration"])
        old = self.application("emr-7.1.0")["applicationId"]
        self.assertNotIn("schedulerConfiguration", self.emr.get_application(applicationId=old)["application"])
        with self.assertRaises(self.emr.exceptions.ValidationException):
            self.application("emr-7.1.0", schedulerConfiguration={"maxConcurrentRuns": 2})

    def test_update_needs_a_stopped_application_and_replaces_what_it_is_sent(self) -> None:
        app = self.application(initialCapacity={"DRIVER": {"workerCount": 1, "workerConfiguration": {"cpu": "1 vCPU", "memory": "2 GB"}}})
        app_id = app["applicationId"]
        self.emr.start_application(applicationId=app_id)
        with self.assertRaises(self.emr.exceptions.ValidationException):
            self.emr.update_application(applicationId=app_id, schedulerConfiguration={"maxConcurrentRuns": 3, "queueTimeoutMinutes": 20})
        time.sleep(0.3)
        self.emr.stop_application(applicationId=app_id)
        updated = self.emr.update_application(
            applicationId=app_id, initialCapacity={}, schedulerConfiguration={"maxConcurrentRuns": 3, "queueTimeoutMinutes": 20})
        self.assertEqual({}, updated["application"]["initialCapacity"])
        self.assertEqual({"maxConcurrentRuns": 3, "queueTimeoutMinutes": 20}, updated["application"]["schedulerConfiguration"])
        with self.assertRaises(self.emr.exceptions.ValidationException):
            self.emr.update_application(applicationId=app_id, schedulerConfiguration={"maxConcurrentRuns": 0})

    def test_a_run_that_waits_longer_than_the_queue_timeout_fails(self) -> None:
        # A second emulator whose queue minutes last 10 ms: 15 minutes are 0.15 s.
        emu = Emulator("--job-delay-seconds", "1.5", "--queue-minute-seconds", "0.01")
        self.addCleanup(stop_cleanly, emu)
        emr = emu.client("emr-serverless")
        app = emr.create_application(name="q", releaseLabel="emr-7.9.0", type="SPARK",
                                     schedulerConfiguration={"maxConcurrentRuns": 1, "queueTimeoutMinutes": 15})["applicationId"]
        driver = {"sparkSubmit": {"entryPoint": "s3://b/job.py"}}
        first = emr.start_job_run(applicationId=app, executionRoleArn=JOB_ROLE, jobDriver=driver)["jobRunId"]
        second = emr.start_job_run(applicationId=app, executionRoleArn=JOB_ROLE, jobDriver=driver)["jobRunId"]
        deadline = time.time() + 10
        while time.time() < deadline and emr.get_job_run(applicationId=app, jobRunId=second)["jobRun"]["state"] != "FAILED":
            time.sleep(0.05)
        failed = emr.get_job_run(applicationId=app, jobRunId=second)["jobRun"]
        self.assertEqual("FAILED", failed["state"])
        self.assertIn("queue timeout of 15 minutes", failed["stateDetails"])
        self.assertNotEqual("FAILED", emr.get_job_run(applicationId=app, jobRunId=first)["jobRun"]["state"])

    def test_tags_of_an_application_are_added_listed_and_removed(self) -> None:
        arn = self.application()["arn"]
        self.emr.tag_resource(resourceArn=arn, tags={"team": "data"})
        self.assertEqual({"emrflow:project": "p", "team": "data"}, self.emr.list_tags_for_resource(resourceArn=arn)["tags"])
        self.emr.untag_resource(resourceArn=arn, tagKeys=["team"])
        self.assertEqual({"emrflow:project": "p"}, self.emr.list_tags_for_resource(resourceArn=arn)["tags"])


class LauncherTest(unittest.TestCase):
    def test_port_in_use_exits_2_with_one_line(self) -> None:
        with socket.socket() as busy:
            busy.bind(("127.0.0.1", 0))
            busy.listen(1)
            port = busy.getsockname()[1]
            proc = subprocess.run(
                [sys.executable, LAUNCHER, "--port", str(port)],
                capture_output=True, text=True, timeout=30,
            )
        self.assertEqual(2, proc.returncode)
        self.assertEqual("", proc.stdout)
        self.assertEqual(
            f"emulator: port {port} on 127.0.0.1 is already in use; pick another with --port\n",
            proc.stderr,
        )

    def test_sigterm_and_sigint_exit_0(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            port = free_port()
            emu = Emulator(port=port)
            self.addCleanup(emu.stop, signal.SIGKILL)  # no-op once it has exited
            self.assertEqual(port, emu.port)
            emu.client("s3").create_bucket(Bucket="alive")
            code, out, err = emu.stop(sig)
            self.assertEqual(0, code, err)
            self.assertEqual("", out)
            self.assertNotIn("Traceback", err)


if __name__ == "__main__":
    unittest.main()
