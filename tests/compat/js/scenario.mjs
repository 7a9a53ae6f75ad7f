// Steward's SageMaker scenario with the AWS SDK for JavaScript v3 (@aws-sdk/client-sagemaker), pointed at Steward by
// `endpoint` only. Environment as for the Python scenarios (see ../compat.py); exit code 0 only when every check passed.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as sdk from "@aws-sdk/client-sagemaker";

const {
  SageMakerClient, SageMakerServiceException, ResourceNotFound, ConflictException,
  CreateModelCardCommand, DescribeModelCardCommand, UpdateModelCardCommand, DeleteModelCardCommand,
  ListModelCardsCommand, DescribeMonitoringScheduleCommand, AddTagsCommand, ListTagsCommand, DeleteTagsCommand,
  CreateModelPackageGroupCommand, DescribeModelPackageGroupCommand, DeleteModelPackageGroupCommand, paginateListModelPackageGroups,
  CreateModelPackageCommand, DescribeModelPackageCommand, UpdateModelPackageCommand, DeleteModelPackageCommand, BatchDescribeModelPackageCommand,
  paginateListModelPackages, SearchCommand, paginateSearch, paginateListModelCards, paginateListModelCardVersions,
  ListModelPackagesCommand, ListModelPackageGroupsCommand,
} = sdk;

const env = process.env;
const ENDPOINT = env.STEWARD_ENDPOINT, REGION = env.STEWARD_REGION ?? "us-east-1", ACCOUNT = env.STEWARD_ACCOUNT, PREFIX = env.STEWARD_PREFIX;
const credentials = { accessKeyId: env.STEWARD_KEY_ID, secretAccessKey: env.STEWARD_SECRET };

function client(overrides = {}) {
  return new SageMakerClient({ endpoint: ENDPOINT, region: REGION, credentials, maxAttempts: 1, ...overrides });
}

class Checks {
  constructor(name) { this.name = name; this.passed = []; this.failed = []; }

  async check(name, fn) {
    try {
      await fn();
      this.passed.push(name);
      console.log(`ok - ${name}`);
    } catch (e) {
      this.failed.push(name);
      console.log(`not ok - ${name}: ${e?.name ?? "Error"}: ${e?.message ?? e}`);
    }
  }

  finish() {
    console.log(`${this.name}: ${this.passed.length} passed, ${this.failed.length} failed`);
    if (env.STEWARD_COMPAT_RESULTS) {
      mkdirSync(env.STEWARD_COMPAT_RESULTS, { recursive: true });
      writeFileSync(join(env.STEWARD_COMPAT_RESULTS, `${this.name}-${env.STEWARD_PROVIDER ?? "server"}.json`), JSON.stringify({
        client: this.name, provider: env.STEWARD_PROVIDER, passed: this.passed.length, failed: this.failed.length, failures: this.failed,
      }));
    }
    process.exit(this.failed.length === 0 && this.passed.length > 0 ? 0 : 1);
  }
}

function expect(condition, message = "expectation failed") {
  if (!condition) throw new Error(typeof message === "string" ? message : JSON.stringify(message));
}

async function rejects(promise, check) {
  try {
    await promise;
  } catch (e) {
    check(e);
    return e;
  }
  throw new Error("the call succeeded");
}

// Steward's REST API (Bearer), for what the SageMaker subset cannot do: endpoints and transform jobs are recorded there.
async function rest(method, path, body) {
  const response = await fetch(ENDPOINT + path, {
    method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: { authorization: `Bearer ${credentials.accessKeyId}:${credentials.secretAccessKey}`, "content-type": "application/json" },
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? {} : response.json();
}

const cardContent = (description, risk = "Low") => JSON.stringify({
  model_overview: { model_id: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model/${PREFIX}-${description}`, model_description: description },
  intended_uses: { risk_rating: risk },
});

async function modelCards(c, sm) {
  const name = `${PREFIX}-card`;
  const arn = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model-card/${name}`;

  await c.check("CreateModelCard returns the ARN and $metadata.requestId", async () => {
    const out = await sm.send(new CreateModelCardCommand({
      ModelCardName: name, Content: cardContent("first"), ModelCardStatus: "Draft", Tags: [{ Key: "team", Value: "risk" }],
    }));
    expect(out.ModelCardArn === arn, out);
    expect(/^[0-9a-f-]{36}$/.test(out.$metadata.requestId ?? ""), out.$metadata);
  });

  await c.check("DescribeModelCard shape (Date, CreatedBy, content)", async () => {
    const out = await sm.send(new DescribeModelCardCommand({ ModelCardName: name }));
    expect(out.ModelCardVersion === 1 && out.ModelCardStatus === "Draft", out);
    expect(out.CreationTime instanceof Date && Math.abs(Date.now() - out.CreationTime.getTime()) < 300_000, out.CreationTime);
    expect(out.CreatedBy?.IamIdentity?.Arn?.startsWith(`arn:aws:iam::${ACCOUNT}:user/`), out.CreatedBy);
    expect(JSON.parse(out.Content).model_overview.model_description === "first", out.Content);
    expect(out.SecurityConfig === undefined && out.ModelCardProcessingStatus === undefined, "absent members must stay absent");
  });

  await c.check("content update -> version 2; status-only keeps it", async () => {
    await sm.send(new UpdateModelCardCommand({ ModelCardName: arn, Content: cardContent("second") }));
    await sm.send(new UpdateModelCardCommand({ ModelCardName: name, ModelCardStatus: "Approved" }));
    const out = await sm.send(new DescribeModelCardCommand({ ModelCardName: name }));
    expect(out.ModelCardVersion === 2 && out.ModelCardStatus === "Approved", out);
    const v1 = await sm.send(new DescribeModelCardCommand({ ModelCardName: name, ModelCardVersion: 1 }));
    expect(JSON.parse(v1.Content).model_overview.model_description === "first", v1.Content);
  });

  await c.check("paginateListModelCardVersions (page size 1)", async () => {
    const found = [];
    for await (const page of paginateListModelCardVersions({ client: sm, pageSize: 1 }, { ModelCardName: name })) {
      found.push(...page.ModelCardVersionSummaryList.map((v) => v.ModelCardVersion));
    }
    expect(JSON.stringify(found) === "[1,2]", found);
  });

  await c.check("paginateListModelCards with filters, sort and a Date filter sent as fractional seconds", async () => {
    for (let i = 0; i < 5; i++) {
      await sm.send(new CreateModelCardCommand({ ModelCardName: `${PREFIX}-list-${i}`, Content: "{}", ModelCardStatus: "Draft" }));
    }
    const names = [];
    let pages = 0;
    const since = new Date(Date.now() - 3_600_000 + 0.5);
    for await (const page of paginateListModelCards({ client: sm, pageSize: 2 },
      { NameContains: `${PREFIX}-list`, SortBy: "Name", SortOrder: "Ascending", CreationTimeAfter: since })) {
      pages++;
      names.push(...page.ModelCardSummaries.map((s) => s.ModelCardName));
    }
    expect(JSON.stringify(names) === JSON.stringify([0, 1, 2, 3, 4].map((i) => `${PREFIX}-list-${i}`)), names);
    expect(pages === 3, `${pages} pages`);
  });

  await c.check("NextToken from another query or altered is a ValidationException", async () => {
    const first = await sm.send(new ListModelCardsCommand({ NameContains: `${PREFIX}-list`, MaxResults: 2 }));
    const token = first.NextToken;
    for (const request of [{ NameContains: `${PREFIX}-card`, MaxResults: 2, NextToken: token },
      { NameContains: `${PREFIX}-list`, MaxResults: 2, NextToken: token.slice(0, -3) + (token.at(-3) === "A" ? "B" : "A") + token.slice(-2) }]) {
      await rejects(sm.send(new ListModelCardsCommand(request)), (e) => {
        expect(e instanceof SageMakerServiceException && e.name === "ValidationException" && e.$metadata.httpStatusCode === 400, e.name);
      });
    }
  });

  await c.check("a missing card raises the modeled ResourceNotFound", async () => {
    await rejects(sm.send(new DescribeModelCardCommand({ ModelCardName: `${PREFIX}-missing` })), (e) => {
      expect(e instanceof ResourceNotFound && e.$fault === "client" && e.message.includes(`${PREFIX}-missing`), `${e.name}: ${e.message}`);
    });
  });

  await c.check("invalid name and schema-breaking content are ValidationExceptions", async () => {
    for (const input of [{ ModelCardName: "bad_name", Content: "{}", ModelCardStatus: "Draft" },
      { ModelCardName: `${PREFIX}-schema`, Content: JSON.stringify({ intended_uses: { risk_rating: "Extreme" } }), ModelCardStatus: "Draft" },
      { ModelCardName: `${PREFIX}-status`, Content: "{}", ModelCardStatus: "Published" }]) {
      await rejects(sm.send(new CreateModelCardCommand(input)), (e) => expect(e.name === "ValidationException", e.name));
    }
  });

  await c.check("a taken name raises the modeled ConflictException", async () => {
    await rejects(sm.send(new CreateModelCardCommand({ ModelCardName: name, Content: "{}", ModelCardStatus: "Draft" })),
      (e) => expect(e instanceof ConflictException, e.name));
  });

  await c.check("an Archived card refuses updates and deletion (ConflictException)", async () => {
    await sm.send(new UpdateModelCardCommand({ ModelCardName: name, ModelCardStatus: "Archived" }));
    await rejects(sm.send(new UpdateModelCardCommand({ ModelCardName: name, Content: cardContent("third") })), (e) => expect(e instanceof ConflictException, e.name));
    await rejects(sm.send(new DeleteModelCardCommand({ ModelCardName: name })), (e) => expect(e instanceof ConflictException, e.name));
  });

  await c.check("paginateSearch over ModelCard with TotalHits and a nested tag filter", async () => {
    const names = [];
    let total;
    for await (const page of paginateSearch({ client: sm, pageSize: 2 }, {
      Resource: "ModelCard", SortBy: "ModelCardName", SortOrder: "Ascending",
      SearchExpression: { Filters: [{ Name: "ModelCardName", Operator: "Contains", Value: `${PREFIX}-list` }] },
    })) {
      total ??= page.TotalHits;
      names.push(...page.Results.map((r) => r.ModelCard.ModelCardName));
    }
    expect(names.length === 5 && total.Value === 5 && total.Relation === "EqualTo", { names, total });
    const tagged = await sm.send(new SearchCommand({
      Resource: "ModelCard",
      SearchExpression: { NestedFilters: [{ NestedPropertyName: "Tags", Filters: [{ Name: "Tags.Key", Value: "team" }, { Name: "Tags.Value", Value: "risk" }] }] },
    }));
    expect(tagged.Results.length === 1 && tagged.Results[0].ModelCard.ModelCardName === name, tagged.Results);
    expect(tagged.Results[0].ModelCard.LastModifiedTime instanceof Date, tagged.Results[0]);
  });

  await c.check("DeleteModelCard (empty body), then ResourceNotFound", async () => {
    const out = await sm.send(new DeleteModelCardCommand({ ModelCardName: `${PREFIX}-list-0` }));
    expect(out.$metadata.httpStatusCode === 200, out.$metadata);
    await rejects(sm.send(new DescribeModelCardCommand({ ModelCardName: `${PREFIX}-list-0` })), (e) => expect(e instanceof ResourceNotFound, e.name));
  });
}

async function tagsAndRegistry(c, sm) {
  const cardArn = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model-card/${PREFIX}-list-1`;
  await c.check("AddTags, ListTags, DeleteTags", async () => {
    await sm.send(new AddTagsCommand({ ResourceArn: cardArn, Tags: [{ Key: "stage", Value: "dev" }, { Key: "team", Value: "growth" }] }));
    await sm.send(new DeleteTagsCommand({ ResourceArn: cardArn, TagKeys: ["stage"] }));
    const out = await sm.send(new ListTagsCommand({ ResourceArn: cardArn }));
    expect(JSON.stringify(out.Tags) === JSON.stringify([{ Key: "team", Value: "growth" }]), out.Tags);
  });

  const group = `${PREFIX}-grp`;
  const inference = { Containers: [{ Image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1" }], SupportedContentTypes: ["text/csv"], SupportedResponseMIMETypes: ["text/csv"] };
  const state = {};
  await c.check("model package group: create, describe, paginateListModelPackageGroups", async () => {
    await sm.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: group, ModelPackageGroupDescription: "Churn models" }));
    const out = await sm.send(new DescribeModelPackageGroupCommand({ ModelPackageGroupName: group }));
    expect(out.ModelPackageGroupStatus === "Completed" && out.CreationTime instanceof Date, out);
    const names = [];
    for await (const page of paginateListModelPackageGroups({ client: sm }, { NameContains: group })) {
      names.push(...page.ModelPackageGroupSummaryList.map((g) => g.ModelPackageGroupName));
    }
    expect(JSON.stringify(names) === JSON.stringify([group]), names);
  });

  await c.check("register V1 with its card (SDK-filled ClientToken); approval waits for the card; approve", async () => {
    const v1 = await sm.send(new CreateModelPackageCommand({
      ModelPackageGroupName: group, InferenceSpecification: inference,
      ModelCard: { ModelCardContent: cardContent("registry-v1"), ModelCardStatus: "PendingReview" },
    }));
    state.v1 = v1.ModelPackageArn;
    expect(state.v1.endsWith(`model-package/${group}/1`), state.v1);
    await rejects(sm.send(new UpdateModelPackageCommand({ ModelPackageArn: state.v1, ModelApprovalStatus: "Approved" })), (e) => expect(e instanceof ConflictException, e.name));
    await sm.send(new UpdateModelCardCommand({ ModelCardName: `${group}-v1`, ModelCardStatus: "Approved" }));
    await sm.send(new UpdateModelPackageCommand({ ModelPackageArn: state.v1, ModelApprovalStatus: "Approved" }));
    const out = await sm.send(new DescribeModelPackageCommand({ ModelPackageName: state.v1 }));
    expect(out.ModelApprovalStatus === "Approved" && out.ModelCard?.ModelCardStatus === "Approved" && out.ModelPackageVersion === 1, out);
  });

  await c.check("register V2; paginateListModelPackages; BatchDescribeModelPackage; group with versions is a ConflictException", async () => {
    const v2 = await sm.send(new CreateModelPackageCommand({ ModelPackageGroupName: group, InferenceSpecification: inference }));
    expect(v2.ModelPackageArn.endsWith(`model-package/${group}/2`), v2.ModelPackageArn);
    const seen = [];
    for await (const page of paginateListModelPackages({ client: sm, pageSize: 1 }, { ModelPackageGroupName: group })) {
      seen.push(...page.ModelPackageSummaryList.map((p) => `${p.ModelPackageVersion}:${p.ModelApprovalStatus}`));
    }
    expect(JSON.stringify(seen) === JSON.stringify(["1:Approved", "2:PendingManualApproval"]), seen);
    const batch = await sm.send(new BatchDescribeModelPackageCommand({ ModelPackageArnList: [state.v1, v2.ModelPackageArn] }));
    expect(Object.keys(batch.ModelPackageSummaries).length === 2, batch);
    await rejects(sm.send(new DeleteModelPackageGroupCommand({ ModelPackageGroupName: group })), (e) => expect(e instanceof ConflictException, e.name));
    await rejects(sm.send(new DescribeModelPackageCommand({ ModelPackageName: `${group}/9` })), (e) => expect(e.name === "ValidationException", e.name));
    await sm.send(new DeleteModelPackageCommand({ ModelPackageName: v2.ModelPackageArn }));
  });

  await c.check("Search ModelPackage by group and approval; ModelCard by ModelPackageGroupName", async () => {
    const out = await sm.send(new SearchCommand({ Resource: "ModelPackage", SearchExpression: { Filters: [
      { Name: "ModelPackageGroupName", Value: group }, { Name: "ModelApprovalStatus", Value: "Approved" }] } }));
    expect(out.Results.length === 1 && out.Results[0].ModelPackage.ModelPackageVersion === 1, out.Results);
    const cards = await sm.send(new SearchCommand({ Resource: "ModelCard", SearchExpression: { Filters: [{ Name: "ModelPackageGroupName", Value: group }] } }));
    expect(cards.Results.length === 1 && cards.Results[0].ModelCard.ModelCardName === `${group}-v1` && cards.Results[0].ModelCard.ModelPackageGroupName === group, cards.Results);
  });

  await c.check("paginateListModelPackages with NameContains and SortBy Name; CrossAccount refused on lists and Search", async () => {
    for (const suffix of ["b", "a"]) {
      await sm.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: `${PREFIX}-byname-${suffix}` }));
      for (let i = 0; i < 2; i++) {
        await sm.send(new CreateModelPackageCommand({ ModelPackageGroupName: `${PREFIX}-byname-${suffix}`, InferenceSpecification: inference }));
      }
    }
    const seen = [];
    let pages = 0;
    for await (const page of paginateListModelPackages({ client: sm, pageSize: 3 }, { NameContains: `${PREFIX}-BYNAME`, SortBy: "Name", SortOrder: "Ascending" })) {
      pages++;
      seen.push(...page.ModelPackageSummaryList.map((p) => `${p.ModelPackageGroupName.at(-1)}${p.ModelPackageVersion}`));
    }
    expect(JSON.stringify(seen) === JSON.stringify(["a1", "a2", "b1", "b2"]) && pages === 2, { seen, pages });
    const newest = await sm.send(new ListModelPackagesCommand({ NameContains: `${PREFIX}-byname`, SortBy: "CreationTime", SortOrder: "Descending", MaxResults: 1 }));
    expect(newest.ModelPackageSummaryList[0].ModelPackageGroupName === `${PREFIX}-byname-a`, newest.ModelPackageSummaryList);
    await rejects(sm.send(new ListModelPackageGroupsCommand({ CrossAccountFilterOption: "CrossAccount" })),
      (e) => expect(e.name === "ValidationException" && e.$metadata.httpStatusCode === 400, e.name));
    await rejects(sm.send(new SearchCommand({ Resource: "Model", CrossAccountFilterOption: "CrossAccount" })),
      (e) => expect(e.name === "ValidationException" && e.message.includes("CrossAccountFilterOption"), `${e.name}: ${e.message}`));
  });

  await c.check("paginateSearch over Model (the Model Dashboard): endpoints, last transform job, card summary, filters, errors", async () => {
    await rest("PUT", `/api/v1/registry/endpoints/${PREFIX}-ep`, { modelPackageArn: state.v1, instance: { instanceType: "ml.m5.xlarge", instanceCount: 1 } });
    await rest("PUT", `/api/v1/registry/transform-jobs/${PREFIX}-tj`, {
      modelPackageArn: state.v1, inputUri: `s3://data/${PREFIX}-tj/in.csv`, outputUri: `s3://scores/${PREFIX}-tj/`, instanceType: "ml.m5.large", instanceCount: 1, status: "Completed",
    });
    await sm.send(new CreateModelPackageCommand({ ModelPackageGroupName: group, InferenceSpecification: inference }));
    const byName = { Filters: [{ Name: "Model.ModelName", Operator: "Contains", Value: group }] };
    const models = [];
    let pages = 0;
    for await (const page of paginateSearch({ client: sm, pageSize: 1 }, { Resource: "Model", SearchExpression: byName, SortBy: "Model.ModelName", SortOrder: "Ascending" })) {
      pages++;
      models.push(...page.Results.map((r) => r.Model));
    }
    expect(JSON.stringify(models.map((m) => m.Model.ModelName)) === JSON.stringify([`${group}-v1`, `${group}-v3`]) && pages === 2, models.map((m) => m.Model));
    const [v1, v3] = models;
    expect(v1.Model.ModelArn === `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model/${group}-v1` && v1.Model.PrimaryContainer.ModelPackageName === state.v1, v1.Model);
    expect(v1.Model.CreationTime instanceof Date, v1.Model);
    expect(v1.Endpoints.length === 1 && v1.Endpoints[0].EndpointName === `${PREFIX}-ep` && v1.Endpoints[0].EndpointStatus === "InService"
      && v1.Endpoints[0].LastModifiedTime instanceof Date, v1.Endpoints);
    expect(v1.LastBatchTransformJob.TransformJobName === `${PREFIX}-tj` && v1.LastBatchTransformJob.TransformJobStatus === "Completed"
      && v1.LastBatchTransformJob.TransformOutput.S3OutputPath === `s3://scores/${PREFIX}-tj/`, v1.LastBatchTransformJob);
    expect(Array.isArray(v1.MonitoringSchedules) && v1.MonitoringSchedules.length === 0, v1.MonitoringSchedules);
    expect(v1.ModelCard.ModelCardName === `${group}-v1` && v1.ModelCard.ModelCardStatus === "Approved" && v1.ModelCard.Content === undefined, v1.ModelCard);
    expect(v3.Endpoints.length === 0 && v3.LastBatchTransformJob === undefined, v3);
    const served = await sm.send(new SearchCommand({ Resource: "Model", SearchExpression: { Filters: [...byName.Filters,
      { Name: "Endpoints.EndpointStatus", Operator: "Equals", Value: "InService" }, { Name: "ModelCard.RiskRating", Operator: "In", Value: "Low,Medium" }] } }));
    expect(served.Results.length === 1 && served.Results[0].Model.Model.ModelName === `${group}-v1`, served.Results);
    const nested = await sm.send(new SearchCommand({ Resource: "Model", SearchExpression: { Filters: byName.Filters, NestedFilters: [
      { NestedPropertyName: "Endpoints", Filters: [{ Name: "Endpoints.EndpointName", Operator: "Equals", Value: `${PREFIX}-ep` }] }] } }));
    expect(nested.TotalHits.Value === 1 && nested.TotalHits.Relation === "EqualTo", nested.TotalHits);
    await rejects(sm.send(new SearchCommand({ Resource: "Model", SearchExpression: { Filters: [{ Name: "Endpoints.Nope", Value: "x" }] } })),
      (e) => expect(e.name === "ValidationException" && e.$metadata.httpStatusCode === 400, e.name));
  });
}

async function signatureFailures(c) {
  await c.check("a wrong secret is InvalidSignatureException (403)", async () => {
    const bad = client({ credentials: { ...credentials, secretAccessKey: "x".repeat(40) } });
    await rejects(bad.send(new ListModelCardsCommand({})), (e) => expect(e.name === "InvalidSignatureException" && e.$metadata.httpStatusCode === 403, e.name));
  });

  await c.check("a clock 10 minutes slow is InvalidSignatureException (403)", async () => {
    const skewed = client({ systemClockOffset: -600_000 });
    await rejects(skewed.send(new ListModelCardsCommand({})), (e) => expect(e.name === "InvalidSignatureException" && e.$metadata.httpStatusCode === 403, e.name));
  });

  await c.check("after a skew error the SDK takes the server's Date header and its next call succeeds", async () => {
    const skewed = client({ systemClockOffset: -600_000 });
    await rejects(skewed.send(new ListModelCardsCommand({ MaxResults: 1 })), (e) => expect(e.name === "InvalidSignatureException", e.name));
    const out = await skewed.send(new ListModelCardsCommand({ MaxResults: 1 }));
    expect(Array.isArray(out.ModelCardSummaries), out);
  });

  await c.check("an operation Steward does not answer yet is UnknownOperationException", async () => {
    await rejects(client().send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: "x" })),
      (e) => expect(e.name === "UnknownOperationException" && e.$metadata.httpStatusCode === 400, e.name));
  });
}

const c = new Checks("js");
const sm = client();
await modelCards(c, sm);
await tagsAndRegistry(c, sm);
await signatureFailures(c);
c.finish();
