#!/usr/bin/env python3
"""Steward's SageMaker scenario with boto3 (the installed botocore), pointed at Steward by endpoint_url only."""
import datetime
import json

import boto3
import botocore.auth
from botocore.config import Config
from botocore.exceptions import ClientError

from compat import ACCOUNT, ENDPOINT, KEY_ID, PREFIX, REGION, SECRET, Checks, card_content, expect


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
        code, _ = error_code(lambda: sm.search(Resource="Model"))
        expect(code == "UnknownOperationException", code)
    c.check("Search ModelCard: paginator, TotalHits, tag filter, content; Resource Model not supported yet", search)

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
    signature_failures(c)
    c.finish()


if __name__ == "__main__":
    main()
