<#--
  The emrflow workflow. Execution input (run.java and schedule.java build it, run.RunInput):
    {"runId": "..." (run.java only), "input": "s3://...", "parameters": {NAME: VALUE, ...},
     "parameterArguments": ["--param", "NAME=VALUE", ...]}
  A scheduled execution has no runId: the first states derive one from the execution (its start
  time and a random 8-hex suffix), then lay the run out: its output prefix runs/RUN_ID/output and
  the job's arguments, --input, --output and the parameter arguments, which become the job's
  EntryPointArguments as they are: the engine builds them the same way for every job.
  With job.max.attempts above 1, EMR Serverless itself reruns a failed job (its RetryPolicy); the
  execution's and RunJob's TimeoutSeconds grow with the attempts so they do not cut a retry short.
  Every task retries throttling and transient service errors with backoff, has its own timeout,
  and on any other error goes to the cleanup path, which stops and deletes the application (when
  one was created) and then fails with the original error and cause.
  With application.mode=shared the run uses the one application deploy created (its id is rendered
  in): no create/start/stop/delete, and a failure goes straight to the Fail.
-->
<#assign failurePath = sharedApplication?then("DescribeFailure", "HadApplication")>
<#-- Every attempt may take the whole job timeout (job.max.attempts), after any wait in the queue. -->
<#assign runSeconds = (jobTimeoutMinutes * jobMaxAttempts + queueTimeoutMinutes) * 60>
<#assign transientErrors = ["EMRServerless.ThrottlingException", "EMRServerless.InternalServerException", "ThrottlingException"]>
<#macro retryAndCatch>
      "Retry": [
        {
          "ErrorEquals": [<#list transientErrors as e>${e?c}<#sep>, </#list>],
          "IntervalSeconds": 2,
          "BackoffRate": 2.0,
          "MaxAttempts": 5,
          "JitterStrategy": "FULL"
        }
      ],
      "Catch": [
        {
          "ErrorEquals": ["States.ALL"],
          "ResultPath": "$.failure",
          "Next": ${failurePath?c}
        }
      ]
</#macro>
<#macro tagsObject>
{<#list tags as key, value>${key?c}: ${value?c}<#sep>, </#list>}</#macro>
{
<#if sharedApplication>
  "Comment": ${("emrflow " + prefix + ": run the job on the shared EMR Serverless application " + sharedApplicationId)?c},
  "StartAt": "HasRunId",
  "TimeoutSeconds": ${(runSeconds + 900)?c},
<#else>
  "Comment": ${("emrflow " + prefix + ": create an EMR Serverless application, run the job, stop and delete the application; clean up on any failure")?c},
  "StartAt": "HasRunId",
  "TimeoutSeconds": ${(jobTimeoutMinutes * 60 * jobMaxAttempts + 5400)?c},
</#if>
  "States": {
    "HasRunId": {
      "Type": "Choice",
      "Choices": [
        {
          "Variable": "$.runId",
          "IsPresent": true,
          "Next": "LayOutTheRun"
        }
      ],
      "Default": "TakeTheStartTime"
    },
    "TakeTheStartTime": {
      "Type": "Pass",
      "Parameters": {
        "stamp.$": "States.StringSplit($$.Execution.StartTime, '-T:.+Z')",
        "suffix.$": "States.StringSplit(States.UUID(), '-')"
      },
      "ResultPath": "$.naming",
      "Next": "NameTheRun"
    },
    "NameTheRun": {
      "Type": "Pass",
      "Parameters": {
        "id.$": "States.Format('{}{}{}-{}{}{}-{}', States.ArrayGetItem($.naming.stamp, 0), States.ArrayGetItem($.naming.stamp, 1), States.ArrayGetItem($.naming.stamp, 2), States.ArrayGetItem($.naming.stamp, 3), States.ArrayGetItem($.naming.stamp, 4), States.ArrayGetItem($.naming.stamp, 5), States.ArrayGetItem($.naming.suffix, 0))"
      },
      "ResultPath": "$.derived",
      "Next": "KeepTheRunId"
    },
    "KeepTheRunId": {
      "Type": "Pass",
      "InputPath": "$.derived.id",
      "ResultPath": "$.runId",
      "Next": "LayOutTheRun"
    },
    "LayOutTheRun": {
      "Type": "Pass",
      "Parameters": {
        "output.$": ${("States.Format('s3://" + bucket + "/runs/{}/output', $.runId)")?c},
        "argumentLists.$": ${("States.Array(States.Array('--input', $.input, '--output', States.Format('s3://" + bucket + "/runs/{}/output', $.runId)), $.parameterArguments)")?c}
      },
      "ResultPath": "$.layout",
      "Next": "ListTheArguments"
    },
    "ListTheArguments": {
      "Type": "Pass",
      "InputPath": "$.layout.argumentLists[*][*]",
      "ResultPath": "$.jobArguments",
      "Next": ${sharedApplication?then("UseSharedApplication", "CreateApplication")?c}
    },
<#if sharedApplication>
    "UseSharedApplication": {
      "Type": "Pass",
      "Result": {
        "ApplicationId": ${sharedApplicationId?c}
      },
      "ResultPath": "$.application",
      "Next": "RunJob"
    },
<#else>
    "CreateApplication": {
      "Type": "Task",
      "Resource": "arn:aws:states:::emr-serverless:createApplication.sync",
      "Parameters": {
        "Name.$": ${("States.Format('" + prefix + "-{}', $.runId)")?c},
        "ClientToken.$": "$.runId",
        "ReleaseLabel": ${releaseLabel?c},
        "Type": "SPARK",
        "MaximumCapacity": {
          "Cpu": ${(maxCpu + " vCPU")?c},
          "Memory": ${(maxMemoryGb + " GB")?c},
          "Disk": ${(maxDiskGb + " GB")?c}
        },
        "AutoStartConfiguration": {
          "Enabled": false
        },
        "AutoStopConfiguration": {
          "Enabled": true,
          "IdleTimeoutMinutes": ${autoStopIdleMinutes?c}
        },
        "Tags": <@tagsObject/>
      },
      "ResultSelector": {
        "ApplicationId.$": "$.ApplicationId"
      },
      "ResultPath": "$.application",
      "TimeoutSeconds": 600,
      <@retryAndCatch/>,
      "Next": "StartApplication"
    },
    "StartApplication": {
      "Type": "Task",
      "Resource": "arn:aws:states:::emr-serverless:startApplication.sync",
      "Parameters": {
        "ApplicationId.$": "$.application.ApplicationId"
      },
      "ResultPath": null,
      "TimeoutSeconds": 900,
      <@retryAndCatch/>,
      "Next": "RunJob"
    },
</#if>
    "RunJob": {
      "Type": "Task",
      "Resource": "arn:aws:states:::emr-serverless:startJobRun.sync",
      "Parameters": {
        "ApplicationId.$": "$.application.ApplicationId",
        "ClientToken.$": "$.runId",
        "Name.$": "$.runId",
        "ExecutionRoleArn": ${jobRoleArn?c},
        "ExecutionTimeoutMinutes": ${jobTimeoutMinutes?c},
<#if (jobMaxAttempts > 1)>
        "RetryPolicy": {
          "MaxAttempts": ${jobMaxAttempts?c}
        },
</#if>
        "JobDriver": {
          "SparkSubmit": {
            "EntryPoint": ${("s3://" + bucket + "/" + jobScriptKey)?c},
            "EntryPointArguments.$": "$.jobArguments",
            "SparkSubmitParameters": ${sparkSubmitParameters?c}
          }
        },
        "ConfigurationOverrides": {
          "MonitoringConfiguration": {
            "S3MonitoringConfiguration": {
              "LogUri": ${("s3://" + bucket + "/logs/")?c}
            }<#if logsCloudwatch>,
            "CloudWatchLoggingConfiguration": {
              "Enabled": true,
              "LogGroupName": ${jobLogGroup?c}
            }</#if>
          }
        },
        "Tags": <@tagsObject/>
      },
      "ResultSelector": {
        "JobRunId.$": "$.JobRunId"
      },
      "ResultPath": "$.jobRun",
      "TimeoutSeconds": ${(runSeconds + 300)?c},
      <@retryAndCatch/>,
<#if sharedApplication>
      "Next": "Done"
    },
<#else>
      "Next": "StopApplication"
    },
    "StopApplication": {
      "Type": "Task",
      "Resource": "arn:aws:states:::emr-serverless:stopApplication.sync",
      "Parameters": {
        "ApplicationId.$": "$.application.ApplicationId"
      },
      "ResultPath": null,
      "TimeoutSeconds": 900,
      <@retryAndCatch/>,
<#if keepApplication>
      "Next": "Done"
<#else>
      "Next": "DeleteApplication"
    },
    "DeleteApplication": {
      "Type": "Task",
      "Resource": "arn:aws:states:::emr-serverless:deleteApplication.sync",
      "Parameters": {
        "ApplicationId.$": "$.application.ApplicationId"
      },
      "ResultPath": null,
      "TimeoutSeconds": 600,
      <@retryAndCatch/>,
      "Next": "Done"
</#if>
    },
</#if>
    "Done": {
      "Type": "Succeed"
    },
<#if !sharedApplication>
    "HadApplication": {
      "Type": "Choice",
      "Choices": [
        {
          "Variable": "$.application.ApplicationId",
          "IsPresent": true,
          "Next": "CleanupStopApplication"
        }
      ],
      "Default": "DescribeFailure"
    },
    "CleanupStopApplication": {
      "Type": "Task",
      "Resource": "arn:aws:states:::emr-serverless:stopApplication.sync",
      "Parameters": {
        "ApplicationId.$": "$.application.ApplicationId"
      },
      "ResultPath": null,
      "TimeoutSeconds": 900,
      "Retry": [
        {
          "ErrorEquals": [<#list transientErrors as e>${e?c}<#sep>, </#list>],
          "IntervalSeconds": 2,
          "BackoffRate": 2.0,
          "MaxAttempts": 5
        }
      ],
      "Catch": [
        {
          "ErrorEquals": ["States.ALL"],
          "ResultPath": "$.cleanupFailure",
          "Next": "CleanupDeleteApplication"
        }
      ],
      "Next": "CleanupDeleteApplication"
    },
    "CleanupDeleteApplication": {
      "Type": "Task",
      "Resource": "arn:aws:states:::emr-serverless:deleteApplication.sync",
      "Parameters": {
        "ApplicationId.$": "$.application.ApplicationId"
      },
      "ResultPath": null,
      "TimeoutSeconds": 600,
      "Retry": [
        {
          "ErrorEquals": [<#list transientErrors as e>${e?c}<#sep>, </#list>],
          "IntervalSeconds": 2,
          "BackoffRate": 2.0,
          "MaxAttempts": 5
        }
      ],
      "Catch": [
        {
          "ErrorEquals": ["States.ALL"],
          "ResultPath": "$.cleanupFailure",
          "Next": "DescribeFailure"
        }
      ],
      "Next": "DescribeFailure"
    },
</#if>
    "DescribeFailure": {
      "Type": "Pass",
      "Parameters": {
        "message.$": "States.Format('{}: {}', $.failure.Error, $.failure.Cause)"
      },
      "ResultPath": "$.failureMessage",
      "Next": "Failed"
    },
    "Failed": {
      "Type": "Fail",
      "Error": "emrflow.RunFailed",
      "CausePath": "$.failureMessage.message"
    }
  }
}
