<#--
  The failure-alert rule (deploy's AlertPlan): its event pattern names this state machine only, and
  its target's input transformer turns the Step Functions status event into one readable message.
  Step Functions sends error and cause for FAILED; for TIMED_OUT and ABORTED they may be absent.
-->
<#assign console = "https://" + region + ".console.aws.amazon.com/states/home?region=" + region + "#/v2/executions/details/">
{
  "EventPattern": {
    "source": ["aws.states"],
    "detail-type": ["Step Functions Execution Status Change"],
    "detail": {
      "status": ["FAILED", "TIMED_OUT", "ABORTED"],
      "stateMachineArn": [${stateMachineArn?c}]
    }
  },
  "InputTransformer": {
    "InputPathsMap": {
      "execution": "$.detail.name",
      "status": "$.detail.status",
      "error": "$.detail.error",
      "cause": "$.detail.cause",
      "executionArn": "$.detail.executionArn",
      "time": "$.time"
    },
    "InputTemplate": ${("emrflow project " + prefix + ": run <execution> ended <status> at <time>.\nerror: <error>\ncause: <cause>\nconsole: " + console + "<executionArn>")?c}
  }
}
