"""A tiny check runner shared by the Python scenarios (boto3, AWS CLI).

Each scenario reads the server from the environment (set by the .NET test that starts it):
  STEWARD_ENDPOINT, STEWARD_KEY_ID, STEWARD_SECRET, STEWARD_ACCOUNT, STEWARD_REGION, STEWARD_PREFIX
and writes, when STEWARD_COMPAT_RESULTS names a directory, <client>-<provider>.json with its counts, which
./build.sh adds to its summary. Exit code 0 only when every check passed.
"""
import json
import os
import sys
import traceback
import urllib.request

ENDPOINT = os.environ["STEWARD_ENDPOINT"]
KEY_ID = os.environ["STEWARD_KEY_ID"]
SECRET = os.environ["STEWARD_SECRET"]
ACCOUNT = os.environ["STEWARD_ACCOUNT"]
REGION = os.environ.get("STEWARD_REGION", "us-east-1")
PREFIX = os.environ["STEWARD_PREFIX"]


class Checks:
    def __init__(self, client):
        self.client = client
        self.passed = []
        self.failed = []

    def check(self, name, fn):
        """Runs one named check; an AssertionError or any exception fails it, and the scenario goes on."""
        try:
            fn()
            self.passed.append(name)
            print(f"ok - {name}", flush=True)
        except Exception as e:  # noqa: BLE001 - every failure is reported, none stops the run
            self.failed.append(name)
            detail = "".join(traceback.format_exception_only(type(e), e)).strip()
            print(f"not ok - {name}: {detail}", flush=True)

    def finish(self):
        print(f"{self.client}: {len(self.passed)} passed, {len(self.failed)} failed", flush=True)
        results = os.environ.get("STEWARD_COMPAT_RESULTS")
        if results:
            os.makedirs(results, exist_ok=True)
            tag = os.environ.get("STEWARD_PROVIDER", "server")
            with open(os.path.join(results, f"{self.client}-{tag}.json"), "w", encoding="utf-8") as f:
                json.dump({"client": self.client, "provider": tag, "passed": len(self.passed),
                           "failed": len(self.failed), "failures": self.failed}, f)
        sys.exit(1 if self.failed or not self.passed else 0)


def expect(condition, message="expectation failed"):
    if not condition:
        raise AssertionError(message)


def card_content(description, model_id=None, risk="Low"):
    return json.dumps({
        "model_overview": {
            "model_id": model_id or f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model/{PREFIX}-{description}",
            "model_description": description,
        },
        "intended_uses": {"risk_rating": risk},
    })


def rest(method, path, body=None):
    """Steward's REST API (Bearer), for what the SageMaker subset cannot do: endpoints and transform jobs are recorded there."""
    request = urllib.request.Request(ENDPOINT + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": f"Bearer {KEY_ID}:{SECRET}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        text = response.read()
    return json.loads(text) if text else {}


def deploy(endpoint, package_arn, transform_job=None):
    """Records an endpoint serving a version and, optionally, a batch transform job of it (the Model Dashboard shows both)."""
    rest("PUT", f"/api/v1/registry/endpoints/{endpoint}",
         {"modelPackageArn": package_arn, "instance": {"instanceType": "ml.m5.xlarge", "instanceCount": 1}})
    if transform_job:
        rest("PUT", f"/api/v1/registry/transform-jobs/{transform_job}",
             {"modelPackageArn": package_arn, "inputUri": f"s3://data/{transform_job}/in.csv", "outputUri": f"s3://scores/{transform_job}/",
              "instanceType": "ml.m5.large", "instanceCount": 1, "status": "Completed"})
