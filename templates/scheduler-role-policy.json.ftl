{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "StartThisStateMachineOnly",
      "Effect": "Allow",
      "Action": "states:StartExecution",
      "Resource": ${stateMachineArn?c}
    }
  ]
}
