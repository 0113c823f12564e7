<#assign bucketArn = "arn:" + partition + ":s3:::" + bucket>
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadInputAndJob",
      "Effect": "Allow",
      "Action": [
        "s3:GetObject"
      ],
      "Resource": [
        ${(bucketArn + "/input/*")?c},
        ${(bucketArn + "/jobs/*")?c}
      ],
      "Condition": {
        "StringEquals": {
          "s3:ResourceAccount": ${accountId?c}
        }
      }
    },
    {
      "Sid": "ListOnlyTheJobPrefixes",
      "Effect": "Allow",
      "Action": [
        "s3:ListBucket"
      ],
      "Resource": ${bucketArn?c},
      "Condition": {
        "StringLike": {
          "s3:prefix": [
            "input/*",
            "jobs/*",
            "runs/*"
          ]
        },
        "StringEquals": {
          "s3:ResourceAccount": ${accountId?c}
        }
      }
    },
    {
      "Sid": "WriteRunOutput",
      "Effect": "Allow",
      "Action": [
        "s3:GetObject",
        "s3:PutObject",
        "s3:DeleteObject",
        "s3:AbortMultipartUpload"
      ],
      "Resource": ${(bucketArn + "/runs/*")?c},
      "Condition": {
        "StringEquals": {
          "s3:ResourceAccount": ${accountId?c}
        }
      }
    },
    {
      "Sid": "WriteDriverLogs",
      "Effect": "Allow",
      "Action": [
        "s3:PutObject"
      ],
      "Resource": ${(bucketArn + "/logs/*")?c},
      "Condition": {
        "StringEquals": {
          "s3:ResourceAccount": ${accountId?c}
        }
      }
    }<#if logsCloudwatch>,
    {
      "Sid": "WriteJobLogsToTheProjectLogGroup",
      "Effect": "Allow",
      "Action": [
        "logs:CreateLogStream",
        "logs:DescribeLogStreams",
        "logs:PutLogEvents"
      ],
      "Resource": [
        ${jobLogGroupArn?c},
        ${jobLogStreamsArn?c}
      ]
    },
    {
      "Sid": "FindTheProjectLogGroup",
      "Effect": "Allow",
      "Action": [
        "logs:DescribeLogGroups"
      ],
      "Resource": "*"
    }</#if>
  ]
}
