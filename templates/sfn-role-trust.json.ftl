{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "StepFunctionsRunsThisStateMachineOnly",
      "Effect": "Allow",
      "Principal": {
        "Service": "states.amazonaws.com"
      },
      "Action": "sts:AssumeRole",
      "Condition": {
        "StringEquals": {
          "aws:SourceAccount": ${accountId?c}
        },
        "ArnLike": {
          "aws:SourceArn": ${stateMachineArn?c}
        }
      }
    }
  ]
}
