// The rows of the two extra gates: generated only when the link has them, with the request
// context AWS builds for a KMS call S3 makes and for a request through a gateway endpoint, and
// holding for the documents components/ writes for a link unlike the fixtures'.
import * as assert from "assert";
import { ObjectOwnership } from "../../components/validation";
import { proveAccess } from "./accessProof";
import { accessCases } from "./accessRows";
import { roleSession } from "./callers";
import { LinkDescription, LinkPolicies, intendedAccess, kmsOperations } from "./intendedAccess";
import { failedRows as failed, moduleDocuments } from "./proveAssertions";
import { requestContext } from "./requestContext";

const NETWORK = {
  region: "sa-east-1",
  accountId: "909090909090",
  subnetIds: ["subnet-0a0b0c0d0e0f01020", "subnet-0f0e0d0c"],
  securityGroupIds: ["sg-0123456789abcdef0"],
};
const RESOURCES = {
  logGroupArn: "arn:aws:logs:sa-east-1:909090909090:log-group:/aws/lambda/orders",
  failureQueueArn: "arn:aws:sqs:sa-east-1:909090909090:orders-failed",
  network: NETWORK,
};
const KEY = "arn:aws:kms:sa-east-1:808080808080:key/5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d";
const LINK: LinkDescription = {
  roleArn: "arn:aws:iam::909090909090:role/app/orders-writer",
  roleUniqueId: "AROAORDERSWRITER0001",
  sessionName: "orders-fn",
  bucketName: "orders.landing.808080808080",
  prefix: "in/2026/",
  bucketAccountId: "808080808080",
  objectOwnership: "BucketOwnerEnforced",
  writerResources: RESOURCES,
  kms: { keyArn: KEY },
  vpc: { vpcId: "vpc-0abcdef1234567890", endpointId: "vpce-0fedcba987654321f", network: NETWORK },
};

const policiesFor = (link: LinkDescription): LinkPolicies => moduleDocuments(link, RESOURCES);

describe("access proof: the key and endpoint gates", function () {
  this.timeout(60_000);

  for (const objectOwnership of ["BucketOwnerEnforced", "ObjectWriter"] as ObjectOwnership[]) {
    it(`holds on every row for the module's documents of another link, ${objectOwnership}`, async () => {
      const link = { ...LINK, objectOwnership };
      assert.deepStrictEqual(failed(await proveAccess(link, policiesFor(link))), []);
    });
  }

  it("generates each gate's rows only when the link has the gate and its document", () => {
    const scopes = (link: LinkDescription, policies: LinkPolicies) =>
      [...new Set(accessCases(intendedAccess(link), policies).map((c) => c.scope))].sort();
    const all = policiesFor(LINK);
    const s3 = ["account A", "both policies", "bucket policy alone", "identity policy alone"];
    const sorted = (list: string[]) => [...list].sort();
    assert.deepStrictEqual(
      scopes({ ...LINK, kms: undefined, vpc: undefined }, all),
      sorted([...s3, "trust policy"]),
    );
    assert.deepStrictEqual(
      scopes({ ...LINK, vpc: undefined }, all),
      sorted([...s3, "every gate", "key policy alone", "trust policy"]),
    );
    assert.deepStrictEqual(
      scopes({ ...LINK, kms: undefined }, all),
      sorted([...s3, "endpoint policy alone", "every gate", "trust policy"]),
    );
    // Without the key policy (a --prove file with only kmsKeyArn), only A's side of the key.
    assert.ok(!scopes(LINK, { ...all, keyPolicy: undefined }).includes("key policy alone"));
  });

  it("gives a KMS call S3 makes its via-service, caller account and the bucket's context", () => {
    const [generate] = kmsOperations(intendedAccess(LINK));
    const session = roleSession("writer", LINK.roleArn, LINK.roleUniqueId, LINK.sessionName);
    const context = requestContext(
      { ...session, functionArn: "arn:aws:lambda:sa-east-1:909090909090:function:orders-fn" },
      {
        action: generate.action,
        resource: KEY,
        resourceAccount: "808080808080",
        region: "sa-east-1",
        secureTransport: true,
        ...generate.request,
      },
    );
    assert.deepStrictEqual(context, {
      ...session.keys,
      "aws:MultiFactorAuthPresent": "false",
      "aws:TokenIssueTime": "2026-11-27T09:00:00Z",
      // S3 calls KMS with the writer's session (a forward access session), from S3's address.
      "aws:ViaAWSService": "true",
      "aws:SourceIp": "192.0.2.80",
      "lambda:SourceFunctionArn": "arn:aws:lambda:sa-east-1:909090909090:function:orders-fn",
      "aws:CurrentTime": "2026-11-27T12:00:00Z",
      "aws:EpochTime": "1795780800",
      "aws:RequestedRegion": "sa-east-1",
      "aws:SecureTransport": "true",
      "aws:ResourceAccount": "808080808080",
      "kms:CallerAccount": "909090909090",
      "kms:ViaService": "s3.sa-east-1.amazonaws.com",
      "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::orders.landing.808080808080",
      "kms:EncryptionContextKeys": ["aws:s3:arn"],
    });
  });

  it("names the KMS call behind each multipart request", () => {
    assert.deepStrictEqual(
      kmsOperations(intendedAccess(LINK)).map((op) => [op.name, op.action]),
      [
        ["GenerateDataKey for PutObject", "kms:GenerateDataKey"],
        ["GenerateDataKey for CreateMultipartUpload", "kms:GenerateDataKey"],
        ["Decrypt for UploadPart", "kms:Decrypt"],
        ["Decrypt for CompleteMultipartUpload", "kms:Decrypt"],
      ],
    );
  });

  it("sends every request of the endpoint rows through the endpoint, with its ids", () => {
    const rows = accessCases(intendedAccess(LINK), policiesFor(LINK)).filter(
      (c) => c.scope === "endpoint policy alone",
    );
    assert.ok(rows.length > 0);
    for (const access of rows) {
      const context = requestContext(access.caller, access.request);
      assert.strictEqual(context["aws:SourceVpce"], "vpce-0fedcba987654321f", access.name);
      assert.strictEqual(context["aws:SourceVpc"], "vpc-0abcdef1234567890", access.name);
      // Through an endpoint AWS sets the address in the VPC, and no public source address.
      assert.strictEqual(context["aws:VpcSourceIp"], "10.0.1.25", access.name);
      assert.ok(!("aws:SourceIp" in context), access.name);
    }
  });

  it("proves a key policy with the wrong encryption context refuses the upload's key calls", async () => {
    const policies = policiesFor(LINK);
    const document = structuredClone(policies.keyPolicy) as {
      Statement: Record<string, unknown>[];
    };
    const user = document.Statement[1] as { Condition: { StringEquals: Record<string, string> } };
    user.Condition.StringEquals["kms:EncryptionContext:aws:s3:arn"] = "arn:aws:s3:::orders-staging";
    const rows = await proveAccess(LINK, { ...policies, keyPolicy: document });
    assert.ok(
      failed(rows).some((r) =>
        r.startsWith(
          "key policy alone: the writer's Lambda session may GenerateDataKey for PutObject",
        ),
      ),
    );
  });
});
