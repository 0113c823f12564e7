<#assign applications = "arn:" + partition + ":emr-serverless:" + region + ":" + accountId + ":/applications/*">
<#assign rules = "arn:" + partition + ":events:" + region + ":" + accountId + ":rule/">
{
  "Version": "2012-10-17",
  "Statement": [
<#if sharedApplication>
    {
      "Sid": "RunJobsOnTheSharedApplication",
      "Effect": "Allow",
      "Action": [
        "emr-serverless:StartJobRun",
        "emr-serverless:GetJobRun",
        "emr-serverless:CancelJobRun"
      ],
      "Resource": [
        ${sharedApplicationArn?c},
        ${(sharedApplicationArn + "/jobruns/*")?c}
      ],
      "Condition": {
        "StringEquals": {
          "aws:ResourceTag/emrflow:project": ${prefix?c}
        }
      }
    },
    {
      "Sid": "TagJobRunsOfTheSharedApplication",
      "Effect": "Allow",
      "Action": [
        "emr-serverless:TagResource"
      ],
      "Resource": ${(sharedApplicationArn + "/jobruns/*")?c},
      "Condition": {
        "StringEquals": {
          "aws:RequestTag/emrflow:project": ${prefix?c}
        }
      }
    },
<#else>
    {
      "Sid": "CreateTaggedApplications",
      "Effect": "Allow",
      "Action": [
        "emr-serverless:CreateApplication"
      ],
      "Resource": "*",
      "Condition": {
        "StringEquals": {
          "aws:RequestTag/emrflow:project": ${prefix?c},
          "aws:RequestedRegion": ${region?c}
        }
      }
    },
    {
      "Sid": "TagOwnApplicationsOnCreate",
      "Effect": "Allow",
      "Action": [
        "emr-serverless:TagResource"
      ],
      "Resource": ${applications?c},
      "Condition": {
        "StringEquals": {
          "aws:RequestTag/emrflow:project": ${prefix?c}
        }
      }
    },
    {
      "Sid": "DriveOwnApplicationsAndJobRuns",
      "Effect": "Allow",
      "Action": [
        "emr-serverless:GetApplication",
        "emr-serverless:StartApplication",
        "emr-serverless:StopApplication",
        "emr-serverless:DeleteApplication",
        "emr-serverless:StartJobRun",
        "emr-serverless:GetJobRun",
        "emr-serverless:CancelJobRun"
      ],
      "Resource": [
        ${applications?c},
        ${(applications + "/jobruns/*")?c}
      ],
      "Condition": {
        "StringEquals": {
          "aws:ResourceTag/emrflow:project": ${prefix?c}
        }
      }
    },
</#if>
    {
      "Sid": "PassOnlyTheJobRoleToEmrServerless",
      "Effect": "Allow",
      "Action": "iam:PassRole",
      "Resource": ${jobRoleArn?c},
      "Condition": {
        "StringEquals": {
          "iam:PassedToService": "emr-serverless.amazonaws.com"
        }
      }
    },
    {
      "Sid": "ManagedRulesForSyncIntegrations",
      "Effect": "Allow",
      "Action": [
        "events:PutTargets",
        "events:PutRule",
        "events:DescribeRule"
      ],
      "Resource": [
<#if !sharedApplication>
        ${(rules + "StepFunctionsGetEventsForEMRServerlessApplicationRule")?c},
</#if>
        ${(rules + "StepFunctionsGetEventsForEMRServerlessJobRule")?c}
      ]
    }
  ]
}
