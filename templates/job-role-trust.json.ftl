{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "EmrServerlessRunsJobsOfThisAccountOnly",
      "Effect": "Allow",
      "Principal": {
        "Service": "emr-serverless.amazonaws.com"
      },
      "Action": "sts:AssumeRole",
      "Condition": {
        "StringEquals": {
          "aws:SourceAccount": ${accountId?c}
        },
        "ArnLike": {
          "aws:SourceArn": ${("arn:" + partition + ":emr-serverless:" + region + ":" + accountId + ":/applications/*")?c}
        }
      }
    }
  ]
}
