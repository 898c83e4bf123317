// The access proof's rows: generated from the intended access, each with the full request context
// AWS would build, so that conditions on the caller or the request are judged as AWS judges them.
import * as assert from "assert";
import { ObjectOwnership } from "../../components/validation";
import { proveAccess } from "./accessProof";
import { accessCases } from "./accessRows";
import { roleSession } from "./callers";
import { evaluateRow } from "./evaluateRow";
import { LinkDescription, LinkPolicies, intendedAccess } from "./intendedAccess";
import { failedRows as failed, moduleDocuments } from "./proveAssertions";
import { requestContext } from "./requestContext";

// Values unlike the shipped stacks': another region, prefix, accounts and names.
const RESOURCES = {
  logGroupArn: "arn:aws:logs:ap-southeast-2:444455556666:log-group:/aws/lambda/ingest-fn",
  failureQueueArn: "arn:aws:sqs:ap-southeast-2:444455556666:ingest-failed",
};
const LINK: LinkDescription = {
  roleArn: "arn:aws:iam::444455556666:role/service-role/ingest-writer",
  roleUniqueId: "AROAZZINGESTWRITER01",
  sessionName: "ingest-fn",
  bucketName: "acme-landing-zone",
  prefix: "incoming/",
  bucketAccountId: "777788889999",
  objectOwnership: "BucketOwnerEnforced",
  writerResources: RESOURCES,
};

const policiesFor = (link: LinkDescription): LinkPolicies => moduleDocuments(link, RESOURCES);

describe("access proof: rows and request context", () => {
  for (const objectOwnership of ["BucketOwnerEnforced", "BucketOwnerPreferred", "ObjectWriter"]) {
    it(`holds on every row for the module's documents of another link, ${objectOwnership}`, async () => {
      const link = { ...LINK, objectOwnership: objectOwnership as ObjectOwnership };
      assert.deepStrictEqual(failed(await proveAccess(link, policiesFor(link))), []);
    });
  }

  it("gives a session the role's ARN as aws:PrincipalArn and <unique id>:<session> as aws:userid", () => {
    const session = roleSession("writer", LINK.roleArn, LINK.roleUniqueId, LINK.sessionName);
    assert.strictEqual(
      session.principal,
      "arn:aws:sts::444455556666:assumed-role/ingest-writer/ingest-fn",
    );
    assert.deepStrictEqual(session.keys, {
      "aws:PrincipalArn": LINK.roleArn,
      "aws:PrincipalAccount": "444455556666",
      "aws:PrincipalType": "AssumedRole",
      "aws:userid": "AROAZZINGESTWRITER01:ingest-fn",
      "aws:PrincipalIsAWSService": "false",
    });
  });

  it("sends the writer's PutObject with every key AWS sets for it, from the function outside a VPC", () => {
    const [put] = accessCases(intendedAccess(LINK), policiesFor(LINK)).filter(
      (c) => c.scope === "both policies" && c.name.endsWith("may PutObject under the prefix"),
    );
    assert.deepStrictEqual(requestContext(put.caller, put.request), {
      "aws:PrincipalArn": LINK.roleArn,
      "aws:PrincipalAccount": "444455556666",
      "aws:PrincipalType": "AssumedRole",
      "aws:userid": "AROAZZINGESTWRITER01:ingest-fn",
      "aws:PrincipalIsAWSService": "false",
      // A role session's credentials are temporary, issued without MFA.
      "aws:MultiFactorAuthPresent": "false",
      "aws:TokenIssueTime": "2026-11-27T09:00:00Z",
      "aws:ViaAWSService": "false",
      "aws:SourceIp": "203.0.113.10",
      "lambda:SourceFunctionArn": "arn:aws:lambda:us-east-1:444455556666:function:ingest-fn",
      "aws:CurrentTime": "2026-11-27T12:00:00Z",
      "aws:EpochTime": "1795780800",
      "aws:RequestedRegion": "us-east-1",
      "aws:SecureTransport": "true",
      "aws:ResourceAccount": "777788889999",
      "s3:ResourceAccount": "777788889999",
      "s3:authType": "REST-HEADER",
      "s3:signatureversion": "AWS4-HMAC-SHA256",
      "s3:signatureAge": "120",
      "s3:x-amz-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "s3:TlsVersion": "1.3",
      "s3:ObjectCreationOperation": "true",
      "s3:if-none-match": "*",
    });
  });

  it("sends an IAM user's request with its access keys: no session keys, from its own address", () => {
    const adminGet = accessCases(intendedAccess(LINK), policiesFor(LINK)).find(
      (c) => c.caller.label === "B's administrator" && c.request.action === "s3:GetObject",
    );
    assert.ok(adminGet);
    const context = requestContext(adminGet.caller, adminGet.request);
    assert.strictEqual(context["aws:username"], "bucket-admin");
    assert.strictEqual(context["aws:SourceIp"], "203.0.113.10");
    for (const key of [
      "aws:MultiFactorAuthPresent",
      "aws:TokenIssueTime",
      "lambda:SourceFunctionArn",
      "s3:ObjectCreationOperation",
    ]) {
      assert.ok(!(key in context), key);
    }
  });

  it("sends a service key only with an action that takes it (the Service Authorization Reference)", () => {
    const cases = accessCases(intendedAccess(LINK), policiesFor(LINK));
    const contextOf = (action: string) => {
      const found = cases.find((c) => c.request.action === action);
      assert.ok(found, action);
      return requestContext(found.caller, found.request);
    };
    // s3:InitiateReplication takes s3:ResourceAccount and no other S3 key.
    assert.deepStrictEqual(
      Object.keys(contextOf("s3:InitiateReplication")).filter((k) => k.startsWith("s3:")),
      ["s3:ResourceAccount"],
    );
    assert.strictEqual(contextOf("s3:ListBucket")["s3:signatureversion"], "AWS4-HMAC-SHA256");
  });

  it("marks the role's log writes and queue sends as Lambda's own calls, from an AWS address", () => {
    const cases = accessCases(intendedAccess(LINK), policiesFor(LINK)).filter(
      (c) => c.scope === "account A" && c.expect === "allowed",
    );
    const contexts = cases.map((c) => [c.request.action, requestContext(c.caller, c.request)]);
    for (const [action, context] of contexts as [string, Record<string, string>][]) {
      assert.strictEqual(context["aws:SourceIp"], "192.0.2.80", action);
      assert.strictEqual(context["aws:RequestedRegion"], "ap-southeast-2", action);
      // Lambda names the function on its log writes, not on its other calls with the role.
      assert.strictEqual("lambda:SourceFunctionArn" in context, action.startsWith("logs:"), action);
    }
  });

  it("fails a row whose context holds a key AWS does not evaluate for its action", async () => {
    const [getObject] = accessCases(intendedAccess(LINK), policiesFor(LINK)).filter(
      (c) => c.request.action === "s3:GetObject",
    );
    const caller = {
      ...getObject.caller,
      keys: { ...getObject.caller.keys, "s3:if-none-match": "*" },
    };
    const row = await evaluateRow({ ...getObject, caller });
    assert.strictEqual(row.asIntended, false);
    assert.deepStrictEqual(row.problems, ["the engine ignored context keys s3:if-none-match"]);
  });

  it("judges a bucket policy that names the writer by aws:PrincipalArn or aws:userid as AWS would", async () => {
    const policies = policiesFor(LINK);
    const document = policies.bucketPolicy as { Statement: Record<string, unknown>[] };
    for (const condition of [
      { ArnEquals: { "aws:PrincipalArn": LINK.roleArn } },
      { StringLike: { "aws:userid": `${LINK.roleUniqueId}:*` } },
    ]) {
      const Statement = document.Statement.map((s) =>
        s.Effect === "Allow" ? { ...s, Principal: { AWS: "*" }, Condition: condition } : s,
      );
      const rows = await proveAccess(LINK, {
        ...policies,
        bucketPolicy: { ...document, Statement },
      });
      assert.deepStrictEqual(failed(rows), [], JSON.stringify(condition));
    }
  });

  it("generates the ACL rows only in the modes that enable ACLs", () => {
    const aclRows = (objectOwnership: ObjectOwnership) =>
      accessCases(intendedAccess({ ...LINK, objectOwnership }), policiesFor(LINK))
        .filter((c) => c.control === "acl")
        .map((c) => c.name);
    assert.deepStrictEqual(aclRows("BucketOwnerEnforced"), []);
    const writer = "the writer's Lambda session may not";
    assert.deepStrictEqual(aclRows("ObjectWriter"), [
      `${writer} PutObject under the prefix with the ACL bucket-owner-read`,
      `${writer} PutObjectAcl under the prefix with the ACL bucket-owner-read`,
      ...["read", "read-acp", "write-acp", "full-control"].flatMap((grant) => [
        `${writer} PutObject under the prefix with x-amz-grant-${grant} for a third account`,
        `${writer} PutObjectAcl under the prefix with x-amz-grant-${grant} for a third account`,
      ]),
    ]);
  });

  it("proves the multipart requests, and ACL changes only when ACLs are enabled", () => {
    const allowed = (objectOwnership: ObjectOwnership) =>
      accessCases(intendedAccess({ ...LINK, objectOwnership }), policiesFor(LINK))
        .filter((c) => c.scope === "both policies")
        .map((c) => c.name.replace("the writer's Lambda session may ", ""));
    const multipart = [
      "PutObject under the prefix",
      "CreateMultipartUpload under the prefix",
      "UploadPart under the prefix",
      "CompleteMultipartUpload under the prefix",
    ];
    assert.deepStrictEqual(allowed("BucketOwnerEnforced"), multipart);
    assert.deepStrictEqual(allowed("BucketOwnerPreferred"), [
      ...multipart,
      "PutObjectAcl under the prefix",
    ]);
  });

  it("places keys next to the prefix only where a prefix exists", () => {
    const places = (prefix: string) =>
      new Set(
        accessCases(intendedAccess({ ...LINK, prefix }), policiesFor(LINK)).map(
          (c) => c.request.resource,
        ),
      );
    const key = "data-3f2b8c1e-5d4a-4e6b-9c7d-0a1b2c3d4e5f.json";
    assert.ok(places("incoming/").has(`arn:aws:s3:::acme-landing-zone/incoming-x/${key}`));
    assert.ok(places("incoming/").has(`arn:aws:s3:::acme-landing-zone/other/${key}`));
    // "" is the whole bucket: nothing is next to it.
    assert.ok(![...places("")].some((arn) => /\/(other|-x)\//.test(arn)));
  });

  it("skips the trust rows without a trust policy, and A's rows without its resources", () => {
    const documents = { ...policiesFor(LINK), trustPolicy: undefined };
    const scopes = new Set(
      accessCases(intendedAccess({ ...LINK, writerResources: undefined }), documents).map(
        (c) => c.scope,
      ),
    );
    assert.deepStrictEqual(
      [...scopes],
      ["identity policy alone", "bucket policy alone", "both policies"],
    );
  });
});
