#!/usr/bin/env python3
"""Steward's SageMaker scenario with the AWS CLI (`aws sagemaker ... --endpoint-url`), run as a user would."""
import json
import os
import subprocess
import sys
import time

from compat import ACCOUNT, ENDPOINT, KEY_ID, PREFIX, REGION, SECRET, Checks, card_content, deploy, expect

BASE_ENV = dict(os.environ, AWS_ACCESS_KEY_ID=KEY_ID, AWS_SECRET_ACCESS_KEY=SECRET, AWS_DEFAULT_REGION=REGION,
                AWS_MAX_ATTEMPTS="1", AWS_RETRY_MODE="standard")

# The CLI has no clock option: for the skewed-clock check it runs in-process with botocore's clock turned back.
SKEWED = ("import sys, datetime, botocore.auth as a; real = a.get_current_datetime; "
          "a.get_current_datetime = lambda *x, **k: real(*x, **k) - datetime.timedelta(minutes=10); "
          "from awscli.clidriver import main; sys.exit(main())")


def aws(*args, secret=None, skewed=False):
    env = dict(BASE_ENV)
    if secret:
        env["AWS_SECRET_ACCESS_KEY"] = secret
    command = [sys.executable, "-c", SKEWED] if skewed else ["aws"]
    done = subprocess.run([*command, "sagemaker", *args, "--endpoint-url", ENDPOINT, "--output", "json"],
                          env=env, capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout, done.stderr


def ok(*args):
    code, out, err = aws(*args)
    expect(code == 0, f"aws {' '.join(args[:1])} exited {code}: {err.strip()}")
    return json.loads(out) if out.strip() else {}


def fails(expected, *args, **kwargs):
    code, _, err = aws(*args, **kwargs)
    expect(code != 0, "the command succeeded")
    expect(f"({expected})" in err, f"expected {expected}: {err.strip()}")
    return err


def main():
    c = Checks("aws-cli")
    name = f"{PREFIX}-card"
    arn = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model-card/{name}"

    c.check("create-model-card prints the ARN", lambda: expect(ok(
        "create-model-card", "--model-card-name", name, "--content", card_content("first"), "--model-card-status", "Draft",
        "--tags", "Key=team,Value=risk")["ModelCardArn"] == arn))

    def describe():
        out = ok("describe-model-card", "--model-card-name", name)
        expect(out["ModelCardVersion"] == 1 and out["ModelCardStatus"] == "Draft", out)
        expect(json.loads(out["Content"])["model_overview"]["model_description"] == "first", out)
        # CLI v1 prints timestamps as the epoch seconds it received; v2 as ISO 8601.
        created = out["CreationTime"]
        expect(isinstance(created, (int, float)) and abs(created - time.time()) < 300 or str(created).startswith("20"), created)
    c.check("describe-model-card", describe)

    def versions():
        ok("update-model-card", "--model-card-name", arn, "--content", card_content("second"))
        ok("update-model-card", "--model-card-name", name, "--model-card-status", "Approved")
        out = ok("describe-model-card", "--model-card-name", name)
        expect(out["ModelCardVersion"] == 2 and out["ModelCardStatus"] == "Approved", out)
        listed = ok("list-model-card-versions", "--model-card-name", name, "--page-size", "1")
        expect([v["ModelCardVersion"] for v in listed["ModelCardVersionSummaryList"]] == [1, 2], listed)
        one = ok("describe-model-card", "--model-card-name", name, "--model-card-version", "1")
        expect(json.loads(one["Content"])["model_overview"]["model_description"] == "first", one)
    c.check("content update -> version 2, status-only keeps it; list-model-card-versions pages", versions)

    def listing():
        for i in range(3):
            ok("create-model-card", "--model-card-name", f"{PREFIX}-list-{i}", "--content", "{}", "--model-card-status", "Draft")
        out = ok("list-model-cards", "--name-contains", f"{PREFIX}-list", "--sort-by", "Name", "--sort-order", "Ascending", "--page-size", "1")
        expect([s["ModelCardName"] for s in out["ModelCardSummaries"]] == [f"{PREFIX}-list-{i}" for i in range(3)], out)
        first = ok("list-model-cards", "--name-contains", f"{PREFIX}-list", "--max-items", "1")
        expect(len(first["ModelCardSummaries"]) == 1 and first.get("NextToken"), first)
    c.check("list-model-cards auto-paginates (--page-size 1) and --max-items", listing)

    def search():
        expression = json.dumps({"Filters": [{"Name": "ModelCardName", "Operator": "Contains", "Value": f"{PREFIX}-list"}]})
        out = ok("search", "--resource", "ModelCard", "--search-expression", expression, "--sort-by", "ModelCardName", "--sort-order", "Ascending", "--page-size", "2")
        expect([r["ModelCard"]["ModelCardName"] for r in out["Results"]] == [f"{PREFIX}-list-{i}" for i in range(3)], out)
        fails("UnknownOperationException", "search", "--resource", "Endpoint")
        fails("ValidationException", "search", "--resource", "ModelCard", "--cross-account-filter-option", "CrossAccount")
    c.check("search --resource ModelCard auto-paginates; Endpoint is not supported; CrossAccount is refused", search)

    c.check("describe-model-card of a missing card: ResourceNotFound",
            lambda: fails("ResourceNotFound", "describe-model-card", "--model-card-name", f"{PREFIX}-missing"))
    c.check("create-model-card with a bad name: ValidationException",
            lambda: fails("ValidationException", "create-model-card", "--model-card-name", "bad_name", "--content", "{}", "--model-card-status", "Draft"))
    c.check("create-model-card with a taken name: ConflictException",
            lambda: fails("ConflictException", "create-model-card", "--model-card-name", name, "--content", "{}", "--model-card-status", "Draft"))

    def archived():
        ok("update-model-card", "--model-card-name", name, "--model-card-status", "Archived")
        fails("ConflictException", "update-model-card", "--model-card-name", name, "--content", card_content("third"))
        fails("ConflictException", "delete-model-card", "--model-card-name", name)
    c.check("Archived card: update and delete are ConflictException", archived)

    def delete():
        ok("delete-model-card", "--model-card-name", f"{PREFIX}-list-0")
        fails("ResourceNotFound", "describe-model-card", "--model-card-name", f"{PREFIX}-list-0")
    c.check("delete-model-card", delete)

    def tags():
        card = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model-card/{PREFIX}-list-1"
        ok("add-tags", "--resource-arn", card, "--tags", "Key=stage,Value=dev", "Key=team,Value=growth")
        ok("delete-tags", "--resource-arn", card, "--tag-keys", "stage")
        expect(ok("list-tags", "--resource-arn", card)["Tags"] == [{"Key": "team", "Value": "growth"}])
    c.check("add-tags, delete-tags, list-tags", tags)

    def registry():
        group = f"{PREFIX}-grp"
        inference = json.dumps({"Containers": [{"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1"}],
                                "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"]})
        ok("create-model-package-group", "--model-package-group-name", group)
        expect(ok("describe-model-package-group", "--model-package-group-name", group)["ModelPackageGroupStatus"] == "Completed")
        v1 = ok("create-model-package", "--model-package-group-name", group, "--inference-specification", inference,
                "--model-card", json.dumps({"ModelCardContent": card_content("registry-v1"), "ModelCardStatus": "PendingReview"}))["ModelPackageArn"]
        fails("ConflictException", "update-model-package", "--model-package-arn", v1, "--model-approval-status", "Approved")
        ok("update-model-card", "--model-card-name", f"{group}-v1", "--model-card-status", "Approved")
        ok("update-model-package", "--model-package-arn", v1, "--model-approval-status", "Approved")
        v2 = ok("create-model-package", "--model-package-group-name", group, "--inference-specification", inference)["ModelPackageArn"]
        expect(v2.endswith(f"/{group}/2"), v2)
        listed = ok("list-model-packages", "--model-package-group-name", group, "--page-size", "1")
        expect([(p["ModelPackageVersion"], p["ModelApprovalStatus"]) for p in listed["ModelPackageSummaryList"]]
               == [(1, "Approved"), (2, "PendingManualApproval")], listed)
        expect(ok("describe-model-package", "--model-package-name", v1)["ModelCard"]["ModelCardStatus"] == "Approved")
        fails("ValidationException", "describe-model-package", "--model-package-name", f"{group}/9")
        state["group"], state["v1"] = group, v1
    state = {}
    c.check("registry walk-through: group, V1 with card, approval waits for the card, approve, V2", registry)

    def list_by_name():
        group = state["group"]
        other = f"{PREFIX}-abc"
        ok("create-model-package-group", "--model-package-group-name", other)
        ok("create-model-package", "--model-package-group-name", other)
        out = ok("list-model-packages", "--name-contains", PREFIX.upper(), "--sort-by", "Name", "--sort-order", "Ascending", "--page-size", "1")
        found = [(p["ModelPackageGroupName"], p["ModelPackageVersion"]) for p in out["ModelPackageSummaryList"]]
        expect(found == [(other, 1), (group, 1), (group, 2)], found)
        fails("ValidationException", "list-model-package-groups", "--cross-account-filter-option", "CrossAccount")
        cards = ok("search", "--resource", "ModelCard", "--search-expression",
                   json.dumps({"Filters": [{"Name": "ModelPackageGroupName", "Value": group}]}))
        # V2's card was carried over from V1's when V2 was registered: both document a version of the group.
        expect(sorted(r["ModelCard"]["ModelCardName"] for r in cards["Results"]) == [f"{group}-v1", f"{group}-v2"], cards)
        expect(all(r["ModelCard"]["ModelPackageGroupName"] == group for r in cards["Results"]), cards)
    c.check("list-model-packages --name-contains --sort-by Name pages; cross-account refused; search cards by group", list_by_name)

    def dashboard():
        group = state["group"]
        deploy(f"{PREFIX}-ep", state["v1"], transform_job=f"{PREFIX}-tj")
        expression = json.dumps({"Filters": [{"Name": "Model.ModelName", "Operator": "Contains", "Value": group}]})
        out = ok("search", "--resource", "Model", "--search-expression", expression, "--sort-by", "Model.ModelName", "--sort-order", "Ascending", "--page-size", "1")
        models = [r["Model"] for r in out["Results"]]
        expect([m["Model"]["ModelName"] for m in models] == [f"{group}-v1", f"{group}-v2"], [m["Model"] for m in models])
        v1 = models[0]
        expect(v1["Model"]["PrimaryContainer"]["ModelPackageName"] == state["v1"], v1["Model"])
        expect([e["EndpointName"] for e in v1["Endpoints"]] == [f"{PREFIX}-ep"] and v1["MonitoringSchedules"] == [], v1)
        expect(v1["LastBatchTransformJob"]["TransformJobName"] == f"{PREFIX}-tj", v1)
        expect(v1["ModelCard"]["ModelCardStatus"] == "Approved", v1["ModelCard"])
        served = ok("search", "--resource", "Model", "--search-expression", json.dumps({"Filters": [
            {"Name": "Model.ModelName", "Operator": "Contains", "Value": group}, {"Name": "Endpoints.EndpointStatus", "Value": "InService"}]}))
        expect([r["Model"]["Model"]["ModelName"] for r in served["Results"]] == [f"{group}-v1"], served)
        fails("ValidationException", "search", "--resource", "Model", "--search-expression", json.dumps({"Filters": [{"Name": "Nope", "Value": "x"}]}))
    c.check("search --resource Model (Model Dashboard) auto-paginates; endpoints, transform job, card; filters; errors", dashboard)

    c.check("wrong secret: InvalidSignatureException",
            lambda: fails("InvalidSignatureException", "list-model-cards", secret="x" * 40))
    c.check("clock 10 minutes slow: InvalidSignatureException",
            lambda: fails("InvalidSignatureException", "list-model-cards", skewed=True))
    c.check("an operation not answered yet: UnknownOperationException",
            lambda: fails("UnknownOperationException", "describe-monitoring-schedule", "--monitoring-schedule-name", "x"))
    c.finish()


if __name__ == "__main__":
    main()
