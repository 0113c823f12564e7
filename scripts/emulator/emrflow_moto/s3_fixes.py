"""S3 behaviour emrflow's deploy relies on and stock moto 5.2.1 gets wrong.

* Bucket policies: moto evaluates a policy's Effect and Action but ignores its Condition, so the
  usual "deny aws:SecureTransport=false" statement denies *every* request. The emulator stands in
  for AWS's HTTPS endpoints, so requests to it count as secure transport: such statements are
  dropped before moto evaluates the policy. Every other statement is evaluated as moto does.
* HeadBucket ignores x-amz-expected-bucket-owner; AWS answers 403 when the bucket belongs to another
  account. deploy.java uses that to tell "your bucket" from "someone else's bucket".
"""

from __future__ import annotations

import json
from typing import Any

FOREIGN_ACCOUNT = "210987654321"


def _insecure_transport_only(statement: dict[str, Any]) -> bool:
    if statement.get("Effect") != "Deny":
        return False
    condition = statement.get("Condition") or {}
    if list(condition) != ["Bool"] or list(condition["Bool"]) != ["aws:SecureTransport"]:
        return False
    value = condition["Bool"]["aws:SecureTransport"]
    values = value if isinstance(value, list) else [value]
    return [str(v).lower() for v in values] == ["false"]


def install() -> None:
    from moto.iam.access_control import IAMPolicy, PermissionResult
    from moto.s3.models import FakeBucket
    from moto.s3.responses import S3Response

    def get_permission(self: FakeBucket, action: str, resource: str) -> Any:
        if self.policy is None:
            return PermissionResult.NEUTRAL
        document = json.loads(self.policy)
        statements = document.get("Statement", [])
        if isinstance(statements, dict):
            statements = [statements]
        kept = [s for s in statements if not _insecure_transport_only(s)]
        if not kept:
            return PermissionResult.NEUTRAL
        document["Statement"] = kept
        return IAMPolicy(json.dumps(document)).is_action_permitted(action, resource)

    FakeBucket.get_permission = get_permission

    original_head_bucket = S3Response.head_bucket

    def head_bucket(self: S3Response) -> Any:
        expected = self.headers.get("x-amz-expected-bucket-owner")
        if expected:
            from moto.s3.models import s3_backends

            owner = s3_backends.bucket_accounts.get(self.bucket_name)  # (partition, account)
            if owner is not None and owner[1] != expected:
                return 403, {}, ""
        return original_head_bucket(self)

    S3Response.head_bucket = head_bucket


def create_foreign_bucket(name: str, account: str = FOREIGN_ACCOUNT) -> dict[str, str]:
    """A bucket owned by another account, for tests of "bucket name taken"."""
    from moto.s3.models import s3_backends

    s3_backends[account]["aws"].create_bucket(name, "us-east-1")
    return {"bucket": name, "account": account}
