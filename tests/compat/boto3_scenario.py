#!/usr/bin/env python3
"""Steward's SageMaker scenario with boto3 (the installed botocore), pointed at Steward by endpoint_url only."""
import datetime
import json

import boto3
import botocore.auth
from botocore.config import Config
from botocore.exceptions import ClientError

from compat import ACCOUNT, ENDPOINT, KEY_ID, PREFIX, REGION, SECRET, Checks, card_content, deploy, expect


def client(secret=SECRET):
    return boto3.session.Session().client(
        "sagemaker", endpoint_url=ENDPOINT, region_name=REGION, aws_access_key_id=KEY_ID, aws_secret_access_key=secret,
        config=Config(retries={"max_attempts": 1, "mode": "standard"}))


def error_code(fn):
    try:
        fn()
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]
    raise AssertionError("the call succeeded")


def model_cards(c, sm):
    name = f"{PREFIX}-card"
    arn = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model-card/{name}"

    def create():
        out = sm.create_model_card(ModelCardName=name, Content=card_content("first"), ModelCardStatus="Draft",
                                   Tags=[{"Key": "team", "Value": "risk"}], SecurityConfig={"KmsKeyId": "alias/cards"})
        expect(out["ModelCardArn"] == arn, out)
        expect(out["ResponseMetadata"]["RequestId"], "no request id")
    c.check("CreateModelCard returns the card ARN and a request id", create)

    def describe():
        out = sm.describe_model_card(ModelCardName=name)
        expect(out["ModelCardName"] == name and out["ModelCardVersion"] == 1 and out["ModelCardStatus"] == "Draft", out)
        expect(json.loads(out["Content"])["model_overview"]["model_description"] == "first", out["Content"])
        expect(isinstance(out["CreationTime"], datetime.datetime) and out["CreationTime"].tzinfo is not None, out["CreationTime"])
        age = datetime.datetime.now(datetime.timezone.utc) - out["CreationTime"]
        expect(abs(age.total_seconds()) < 300, f"CreationTime {out['CreationTime']} is not now")
        expect(out["CreatedBy"]["IamIdentity"]["Arn"].startswith(f"arn:aws:iam::{ACCOUNT}:user/"), out["CreatedBy"])
        expect(out["SecurityConfig"] == {"KmsKeyId": "alias/cards"}, out)
    c.check("DescribeModelCard shape (content, datetime, CreatedBy, SecurityConfig)", describe)

    def content_update():
        sm.update_model_card(ModelCardName=name, Content=card_content("second"))
        out = sm.describe_model_card(ModelCardName=arn)
        expect(out["ModelCardVersion"] == 2, out["ModelCardVersion"])
        old = sm.describe_model_card(ModelCardName=name, ModelCardVersion=1)
        expect(json.loads(old["Content"])["model_overview"]["model_description"] == "first", old)
    c.check("UpdateModelCard with content makes version 2; version 1 stays readable", content_update)

    def status_update():
        sm.update_model_card(ModelCardName=name, ModelCardStatus="PendingReview")
        out = sm.describe_model_card(ModelCardName=name)
        expect(out["ModelCardVersion"] == 2 and out["ModelCardStatus"] == "PendingReview", out)
    c.check("UpdateModelCard with status only keeps the version", status_update)

    def versions():
        pages = sm.get_paginator("list_model_card_versions").paginate(ModelCardName=name, PaginationConfig={"PageSize": 1})
        found = [v["ModelCardVersion"] for page in pages for v in page["ModelCardVersionSummaryList"]]
        expect(found == [1, 2], found)
    c.check("ListModelCardVersions paginator (page size 1)", versions)

    def listing():
        for i in range(5):
            sm.create_model_card(ModelCardName=f"{PREFIX}-list-{i}", Content="{}", ModelCardStatus="Draft")
        pages = list(sm.get_paginator("list_model_cards").paginate(
            NameContains=f"{PREFIX}-list", SortBy="Name", SortOrder="Ascending", PaginationConfig={"PageSize": 2}))
        names = [s["ModelCardName"] for p in pages for s in p["ModelCardSummaries"]]
        expect(names == [f"{PREFIX}-list-{i}" for i in range(5)], names)
        expect(len(pages) == 3, f"{len(pages)} pages")
        recent = sm.list_model_cards(CreationTimeAfter=datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1),
                                     NameContains=PREFIX, ModelCardStatus="Draft")
        expect(len(recent["ModelCardSummaries"]) >= 5, recent)
    c.check("ListModelCards paginator with filters and sort", listing)

    def tampered_token():
        first = sm.list_model_cards(NameContains=f"{PREFIX}-list", MaxResults=2)
        token = first["NextToken"]
        code, status = error_code(lambda: sm.list_model_cards(NameContains=f"{PREFIX}-card", MaxResults=2, NextToken=token))
        expect((code, status) == ("ValidationException", 400), (code, status))
        bad = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
        code, status = error_code(lambda: sm.list_model_cards(NameContains=f"{PREFIX}-list", MaxResults=2, NextToken=bad))
        expect((code, status) == ("ValidationException", 400), (code, status))
    c.check("NextToken from another query or altered is a ValidationException", tampered_token)

    def not_found():
        try:
            sm.describe_model_card(ModelCardName=f"{PREFIX}-missing")
        except sm.exceptions.ResourceNotFound as e:
            expect(e.response["Error"]["Code"] == "ResourceNotFound", e.response)
            expect(f"{PREFIX}-missing" in e.response["Error"]["Message"], e.response)
            return
        raise AssertionError("no ResourceNotFound")
    c.check("DescribeModelCard of a missing card raises the modeled ResourceNotFound", not_found)

    def validation():
        code, status = error_code(lambda: sm.create_model_card(ModelCardName="bad_name", Content="{}", ModelCardStatus="Draft"))
        expect((code, status) == ("ValidationException", 400), (code, status))
        code, _ = error_code(lambda: sm.create_model_card(ModelCardName=f"{PREFIX}-schema", Content='{"intended_uses":{"risk_rating":"Extreme"}}',
                                                          ModelCardStatus="Draft"))
        expect(code == "ValidationException", code)
        code, _ = error_code(lambda: sm.update_model_card(ModelCardName=name, Content="{}", ModelCardStatus="Draft"))
        expect(code == "ValidationException", code)
    c.check("Invalid name, content and content+status together are ValidationExceptions", validation)

    def conflict():
        try:
            sm.create_model_card(ModelCardName=name, Content="{}", ModelCardStatus="Draft")
        except sm.exceptions.ConflictException:
            return
        raise AssertionError("no ConflictException")
    c.check("Creating an existing name raises the modeled ConflictException", conflict)

    def archived():
        sm.update_model_card(ModelCardName=name, ModelCardStatus="Archived")
        for call in (lambda: sm.update_model_card(ModelCardName=name, Content=card_content("third")),
                     lambda: sm.update_model_card(ModelCardName=name, ModelCardStatus="Draft"),
                     lambda: sm.delete_model_card(ModelCardName=name)):
            try:
                call()
            except sm.exceptions.ConflictException as e:
                expect("Archived" in e.response["Error"]["Message"], e.response)
                continue
            raise AssertionError("an archived card was changed")
        expect(sm.describe_model_card(ModelCardName=name)["ModelCardVersion"] == 2, "version changed")
    c.check("An Archived card refuses updates and deletion with ConflictException", archived)

    def search():
        expression = {"Filters": [{"Name": "ModelCardName", "Operator": "Contains", "Value": f"{PREFIX}-list"},
                                  {"Name": "ModelCardStatus", "Operator": "Equals", "Value": "Draft"}]}
        pages = list(sm.get_paginator("search").paginate(
            Resource="ModelCard", SearchExpression=expression, SortBy="ModelCardName", SortOrder="Ascending", PaginationConfig={"PageSize": 2}))
        names = [r["ModelCard"]["ModelCardName"] for p in pages for r in p["Results"]]
        expect(names == [f"{PREFIX}-list-{i}" for i in range(5)], names)
        expect(pages[0]["TotalHits"] == {"Value": 5, "Relation": "EqualTo"}, pages[0]["TotalHits"])
        tagged = sm.search(Resource="ModelCard", SearchExpression={"Filters": [{"Name": "Tags.team", "Value": "risk"}]})
        expect([r["ModelCard"]["ModelCardName"] for r in tagged["Results"]] == [name], tagged["Results"])
        expect(json.loads(tagged["Results"][0]["ModelCard"]["Content"])["model_overview"]["model_description"] == "second", tagged)
        code, _ = error_code(lambda: sm.search(Resource="Endpoint"))
        expect(code == "UnknownOperationException", code)
        code, status = error_code(lambda: sm.search(Resource="ModelCard", CrossAccountFilterOption="CrossAccount"))
        expect((code, status) == ("ValidationException", 400), (code, status))
        same = sm.search(Resource="ModelCard", CrossAccountFilterOption="SameAccount", SearchExpression=expression)
        expect(same["TotalHits"]["Value"] == 5, same["TotalHits"])
    c.check("Search ModelCard: paginator, TotalHits, tag filter, content; Endpoint unsupported; CrossAccount refused", search)

    def delete():
        target = f"{PREFIX}-list-0"
        out = sm.delete_model_card(ModelCardName=target)
        expect(out["ResponseMetadata"]["HTTPStatusCode"] == 200, out)
        try:
            sm.describe_model_card(ModelCardName=target)
        except sm.exceptions.ResourceNotFound:
            return
        raise AssertionError("deleted card still there")
    c.check("DeleteModelCard, then the card is not found", delete)


def tags(c, sm):
    arn = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model-card/{PREFIX}-list-1"

    def add_list_delete():
        out = sm.add_tags(ResourceArn=arn, Tags=[{"Key": "stage", "Value": "dev"}, {"Key": "team", "Value": "growth"}])
        expect(sorted(t["Key"] for t in out["Tags"]) == ["stage", "team"], out)
        sm.delete_tags(ResourceArn=arn, TagKeys=["stage"])
        listed = [t for p in sm.get_paginator("list_tags").paginate(ResourceArn=arn) for t in p["Tags"]]
        expect(listed == [{"Key": "team", "Value": "growth"}], listed)
        code, _ = error_code(lambda: sm.add_tags(ResourceArn=arn + "-gone", Tags=[{"Key": "a", "Value": "b"}]))
        expect(code == "ValidationException", code)
    c.check("AddTags, ListTags paginator, DeleteTags on a card; a missing resource is a ValidationException", add_list_delete)


def registry(c, sm):
    group = f"{PREFIX}-grp"
    inference = {"Containers": [{"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1", "ModelDataUrl": "s3://models/churn.tar.gz"}],
                 "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"]}
    state = {}

    def group_ops():
        arn = sm.create_model_package_group(ModelPackageGroupName=group, ModelPackageGroupDescription="Churn models")["ModelPackageGroupArn"]
        expect(arn == f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model-package-group/{group}", arn)
        out = sm.describe_model_package_group(ModelPackageGroupName=group)
        expect(out["ModelPackageGroupStatus"] == "Completed" and out["ModelPackageGroupDescription"] == "Churn models", out)
        names = [g["ModelPackageGroupName"] for p in sm.get_paginator("list_model_package_groups").paginate(NameContains=group) for g in p["ModelPackageGroupSummaryList"]]
        expect(names == [group], names)
    c.check("CreateModelPackageGroup, DescribeModelPackageGroup, ListModelPackageGroups paginator", group_ops)

    def register_v1_with_card():
        out = sm.create_model_package(ModelPackageGroupName=group, ModelPackageDescription="first", InferenceSpecification=inference,
                                      ModelCard={"ModelCardContent": card_content("registry-v1"), "ModelCardStatus": "PendingReview"})
        state["v1"] = out["ModelPackageArn"]
        expect(state["v1"].endswith(f"model-package/{group}/1"), state["v1"])
    c.check("CreateModelPackage V1 with its model card (ClientToken filled by botocore)", register_v1_with_card)

    def approve():
        try:
            sm.update_model_package(ModelPackageArn=state["v1"], ModelApprovalStatus="Approved")
            raise AssertionError("approved with an unapproved card")
        except sm.exceptions.ConflictException:
            pass
        sm.update_model_card(ModelCardName=f"{group}-v1", ModelCardStatus="Approved")
        sm.update_model_package(ModelPackageArn=state["v1"], ModelApprovalStatus="Approved", ApprovalDescription="reviewed")
        out = sm.describe_model_package(ModelPackageName=state["v1"])
        expect(out["ModelApprovalStatus"] == "Approved" and out["ModelCard"]["ModelCardStatus"] == "Approved", out)
        expect(out["InferenceSpecification"]["Containers"][0]["ModelDataUrl"] == "s3://models/churn.tar.gz", out)
        expect(isinstance(out["CreationTime"], datetime.datetime), out)
    c.check("Approval waits for the card (ConflictException), then UpdateModelPackage approves V1", approve)

    def register_v2():
        v2 = sm.create_model_package(ModelPackageGroupName=group, InferenceSpecification=inference)["ModelPackageArn"]
        expect(v2.endswith(f"model-package/{group}/2"), v2)
        versions = [(p["ModelPackageVersion"], p["ModelApprovalStatus"]) for page in sm.get_paginator("list_model_packages").paginate(
            ModelPackageGroupName=group, PaginationConfig={"PageSize": 1}) for p in page["ModelPackageSummaryList"]]
        expect(versions == [(1, "Approved"), (2, "PendingManualApproval")], versions)
        batch = sm.batch_describe_model_package(ModelPackageArnList=[state["v1"], v2, v2[:-1] + "7"])
        expect(len(batch["ModelPackageSummaries"]) == 2 and len(batch["BatchDescribeModelPackageErrorMap"]) == 1, batch)
        state["v2"] = v2
    c.check("CreateModelPackage V2, ListModelPackages paginator, BatchDescribeModelPackage", register_v2)

    def refusals():
        code, _ = error_code(lambda: sm.describe_model_package(ModelPackageName=f"{group}/9"))
        expect(code == "ValidationException", code)
        try:
            sm.delete_model_package_group(ModelPackageGroupName=group)
            raise AssertionError("deleted a group with versions")
        except sm.exceptions.ConflictException:
            pass
        sm.delete_model_package(ModelPackageName=state["v2"])
        code, _ = error_code(lambda: sm.describe_model_package(ModelPackageName=state["v2"]))
        expect(code == "ValidationException", code)
    c.check("Missing version is a ValidationException; a group with versions is a ConflictException; DeleteModelPackage", refusals)

    def search():
        out = sm.search(Resource="ModelPackage", SearchExpression={"Filters": [
            {"Name": "ModelPackageGroupName", "Value": group}, {"Name": "ModelApprovalStatus", "Value": "Approved"}]})
        expect([r["ModelPackage"]["ModelPackageVersion"] for r in out["Results"]] == [1], out["Results"])
        groups = sm.search(Resource="ModelPackageGroup", SearchExpression={"Filters": [{"Name": "ModelPackageGroupName", "Value": group}]})
        expect([r["ModelPackageGroup"]["ModelPackageGroupName"] for r in groups["Results"]] == [group], groups)
        cards = sm.search(Resource="ModelCard", SearchExpression={"Filters": [{"Name": "ModelPackageGroupName", "Value": group}]})
        expect([r["ModelCard"]["ModelCardName"] for r in cards["Results"]] == [f"{group}-v1"], cards["Results"])
        expect(cards["Results"][0]["ModelCard"]["ModelPackageGroupName"] == group, cards["Results"])
    c.check("Search ModelPackage, ModelPackageGroup, and ModelCard by ModelPackageGroupName", search)

    def list_by_name():
        for suffix in ("b", "a"):
            sm.create_model_package_group(ModelPackageGroupName=f"{PREFIX}-byname-{suffix}")
            for _ in range(2):
                sm.create_model_package(ModelPackageGroupName=f"{PREFIX}-byname-{suffix}", InferenceSpecification=inference)
        pages = list(sm.get_paginator("list_model_packages").paginate(
            NameContains=f"{PREFIX}-BYNAME", SortBy="Name", SortOrder="Ascending", PaginationConfig={"PageSize": 3}))
        found = [(p["ModelPackageGroupName"][-1], p["ModelPackageVersion"]) for page in pages for p in page["ModelPackageSummaryList"]]
        expect(found == [("a", 1), ("a", 2), ("b", 1), ("b", 2)] and len(pages) == 2, found)
        newest = sm.list_model_packages(NameContains=f"{PREFIX}-byname", SortBy="CreationTime", SortOrder="Descending", MaxResults=1)
        expect(newest["ModelPackageSummaryList"][0]["ModelPackageGroupName"] == f"{PREFIX}-byname-a", newest)
        code, status = error_code(lambda: sm.list_model_package_groups(CrossAccountFilterOption="CrossAccount"))
        expect((code, status) == ("ValidationException", 400), (code, status))
    c.check("ListModelPackages NameContains + SortBy Name paginator; ListModelPackageGroups CrossAccount refused", list_by_name)

    def dashboard():
        deploy(f"{PREFIX}-ep", state["v1"], transform_job=f"{PREFIX}-tj")
        state["v3"] = sm.create_model_package(ModelPackageGroupName=group, InferenceSpecification=inference)["ModelPackageArn"]
        expression = {"Filters": [{"Name": "Model.ModelName", "Operator": "Contains", "Value": group}]}
        pages = list(sm.get_paginator("search").paginate(
            Resource="Model", SearchExpression=expression, SortBy="Model.ModelName", SortOrder="Ascending", PaginationConfig={"PageSize": 1}))
        models = [r["Model"] for p in pages for r in p["Results"]]
        expect([m["Model"]["ModelName"] for m in models] == [f"{group}-v1", f"{group}-v3"] and len(pages) == 2, [m["Model"] for m in models])
        v1 = models[0]
        expect(v1["Model"]["ModelArn"] == f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model/{group}-v1", v1["Model"])
        expect(v1["Model"]["PrimaryContainer"]["ModelPackageName"] == state["v1"], v1["Model"])
        expect(isinstance(v1["Model"]["CreationTime"], datetime.datetime), v1["Model"])
        expect([(e["EndpointName"], e["EndpointStatus"]) for e in v1["Endpoints"]] == [(f"{PREFIX}-ep", "InService")], v1["Endpoints"])
        job = v1["LastBatchTransformJob"]
        expect(job["TransformJobName"] == f"{PREFIX}-tj" and job["TransformJobStatus"] == "Completed", job)
        expect(job["TransformInput"]["DataSource"]["S3DataSource"]["S3Uri"] == f"s3://data/{PREFIX}-tj/in.csv", job)
        expect(v1["MonitoringSchedules"] == [], v1)
        expect(v1["ModelCard"]["ModelCardName"] == f"{group}-v1" and v1["ModelCard"]["ModelCardStatus"] == "Approved", v1["ModelCard"])
        expect(v1["ModelCard"]["RiskRating"] == "Low" and "Content" not in v1["ModelCard"], v1["ModelCard"])
        expect(models[1]["Endpoints"] == [] and "LastBatchTransformJob" not in models[1], models[1])
        served = sm.search(Resource="Model", SearchExpression={"Filters": expression["Filters"] + [
            {"Name": "Endpoints.EndpointStatus", "Operator": "Equals", "Value": "InService"},
            {"Name": "ModelCard.ModelCardStatus", "Operator": "Equals", "Value": "Approved"}]})
        expect([r["Model"]["Model"]["ModelName"] for r in served["Results"]] == [f"{group}-v1"], served["Results"])
        nested = sm.search(Resource="Model", SearchExpression={"Filters": expression["Filters"], "NestedFilters": [
            {"NestedPropertyName": "Endpoints", "Filters": [{"Name": "Endpoints.EndpointName", "Operator": "Equals", "Value": f"{PREFIX}-ep"}]}]})
        expect(nested["TotalHits"] == {"Value": 1, "Relation": "EqualTo"}, nested["TotalHits"])
        code, status = error_code(lambda: sm.search(Resource="Model", SearchExpression={"Filters": [{"Name": "Endpoints.Nope", "Value": "x"}]}))
        expect((code, status) == ("ValidationException", 400), (code, status))
    c.check("Search Model (Model Dashboard): paginator, endpoints, last transform job, card summary, filters, nested filters, errors", dashboard)


def signature_failures(c):
    def wrong_secret():
        code, status = error_code(lambda: client(secret="x" * 40).list_model_cards())
        expect((code, status) == ("InvalidSignatureException", 403), (code, status))
    c.check("A wrong secret is InvalidSignatureException (403)", wrong_secret)

    def skewed_clock():
        real = botocore.auth.get_current_datetime
        try:
            botocore.auth.get_current_datetime = lambda *a, **k: real(*a, **k) - datetime.timedelta(minutes=10)
            code, status = error_code(lambda: client().list_model_cards())
        finally:
            botocore.auth.get_current_datetime = real
        expect((code, status) == ("InvalidSignatureException", 403), (code, status))
    c.check("A clock 10 minutes slow is InvalidSignatureException (403)", skewed_clock)

    def unsupported():
        code, status = error_code(lambda: client().describe_monitoring_schedule(MonitoringScheduleName="nothing"))
        expect((code, status) == ("UnknownOperationException", 400), (code, status))
    c.check("An operation Steward does not answer yet is UnknownOperationException", unsupported)


def main():
    c = Checks("boto3")
    sm = client()
    model_cards(c, sm)
    tags(c, sm)
    registry(c, sm)
    signature_failures(c)
    c.finish()


if __name__ == "__main__":
    main()
