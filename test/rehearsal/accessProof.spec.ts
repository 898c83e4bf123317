// The access proof's rows: generated from the intended access, each with the full request context
// AWS would build, so that conditions on the caller or the request are judged as AWS judges them.
import * as assert from "assert";
import { bucketPolicy, lambdaTrustPolicy, writerRolePolicy } from "../../components/policies";
import { ObjectOwnership } from "../../components/validation";
import { proveAccess } from "./accessProof";
import { accessCases } from "./accessRows";
import { AccessRow, evaluateRow } from "./evaluateRow";
import { LinkDescription, LinkPolicies, intendedAccess } from "./intendedAccess";
import { requestContext, roleSession } from "./requestContext";

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

function policiesFor(link: LinkDescription): LinkPolicies {
  return {
    trustPolicy: lambdaTrustPolicy(),
    identityPolicy: writerRolePolicy(link, RESOURCES),
    bucketPolicy: bucketPolicy(link, [{ roleArn: link.roleArn, roleUniqueId: link.roleUniqueId }]),
  };
}

function failed(rows: AccessRow[]): string[] {
  return rows.filter((r) => !r.asIntended).map((r) => `${r.scope}: ${r.name} (${r.decidedBy})`);
}

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
    const context = requestContext(session, {
      action: "s3:PutObject",
      resource: "arn:aws:s3:::acme-landing-zone/incoming/x",
      resourceAccount: "777788889999",
      secureTransport: true,
      headers: { creation: true, ifNoneMatch: true },
    });
    assert.deepStrictEqual(context, {
      "aws:PrincipalArn": LINK.roleArn,
      "aws:PrincipalAccount": "444455556666",
      "aws:PrincipalType": "AssumedRole",
      "aws:userid": "AROAZZINGESTWRITER01:ingest-fn",
      "aws:PrincipalIsAWSService": "false",
      "aws:SecureTransport": "true",
      "aws:ResourceAccount": "777788889999",
      "s3:ResourceAccount": "777788889999",
      "s3:authType": "REST-HEADER",
      "s3:signatureversion": "AWS4-HMAC-SHA256",
      "s3:TlsVersion": "1.3",
      "s3:ObjectCreationOperation": "true",
      "s3:if-none-match": "*",
    });
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
    assert.deepStrictEqual(aclRows("ObjectWriter"), [
      "the writer's Lambda session may not PutObject under the prefix with the ACL bucket-owner-read",
      "the writer's Lambda session may not PutObjectAcl under the prefix with the ACL bucket-owner-read",
      "the writer's Lambda session may not PutObjectAcl under the prefix with a grant list instead of a canned ACL",
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
    const key = "data-20261127T120000.000Z-request.json";
    assert.ok(places("incoming/").has(`arn:aws:s3:::acme-landing-zone/incoming-x/${key}`));
    assert.ok(places("incoming/").has(`arn:aws:s3:::acme-landing-zone/other/${key}`));
    // "data" grants "data-x/..." by design; "" is the whole bucket.
    assert.ok(![...places("data")].some((arn) => arn.includes("data-x/")));
    assert.ok(![...places("")].some((arn) => arn.includes("/other/")));
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
