{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "SchedulerRunsThisProjectsSchedulesOnly",
      "Effect": "Allow",
      "Principal": {
        "Service": "scheduler.amazonaws.com"
      },
      "Action": "sts:AssumeRole",
      "Condition": {
        "StringEquals": {
          "aws:SourceAccount": ${accountId?c}
        },
        "ArnLike": {
          "aws:SourceArn": ${(scheduleGroupArn)?c}
        }
      }
    }
  ]
}
