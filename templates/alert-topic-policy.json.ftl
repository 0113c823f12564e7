{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "EventBridgePublishesThisProjectsFailedRuns",
      "Effect": "Allow",
      "Principal": {
        "Service": "events.amazonaws.com"
      },
      "Action": "sns:Publish",
      "Resource": ${alertTopicArn?c},
      "Condition": {
        "ArnEquals": {
          "aws:SourceArn": ${alertRuleArn?c}
        }
      }
    }
  ]
}
