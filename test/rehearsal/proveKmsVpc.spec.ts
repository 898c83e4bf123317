// `npm start -- --prove <file>` with the two extra gates: a key policy (SSE-KMS) and a gateway
// endpoint policy (a function in a VPC). This project's documents pass; the KMS console's default
// key-user statement and AWS's default endpoint policy fail, naming the rows.
import * as assert from "assert";
import { keyPolicy, uploadKeyDeny } from "../../components/kmsPolicies";
import {
  bucketPolicy,
  gatewayEndpointPolicy,
  lambdaTrustPolicy,
  writerRolePolicy,
} from "../../components/policies";
import { proveFixture as fixture } from "../harness/paths";
import { intendedAccess } from "./intendedAccess";
import { Document } from "./mutations";
import { proveDocuments } from "./prove";
import { failedRequired, proveFileProblems, writerResourcesOf } from "./proveAssertions";
import { readProveFile } from "./proveFile";

describe("npm start -- --prove <file>: key and endpoint policies", function () {
  this.timeout(60_000);

  it("passes this project's documents with SSE-KMS and an endpoint, proving every gate", async () => {
    const input = readProveFile(fixture("example-kms-vpc.json"));
    const { link } = input;
    const keyArn = link.kms?.keyArn ?? "";
    const target = { ...link, encryption: "sse-kms" as const, bucketRegion: "us-east-2" };
    const writers = [{ roleArn: link.roleArn }];
    assert.deepStrictEqual(input.policies, {
      trustPolicy: lambdaTrustPolicy(),
      identityPolicy: writerRolePolicy(target, writerResourcesOf(input.policies.identityPolicy)),
      bucketPolicy: bucketPolicy(target, writers, keyArn),
      keyPolicy: keyPolicy(target, writers),
      endpointPolicy: gatewayEndpointPolicy(target, link.roleArn),
    });
    const report = await proveDocuments(input);
    assert.deepStrictEqual(failedRequired(report), []);
    assert.strictEqual(report.ok, true);
    assert.deepStrictEqual(report.advice, []);
    const scopes = new Set(report.accessProof.rows.map((r) => r.scope));
    for (const scope of ["key policy alone", "endpoint policy alone", "every gate"]) {
      assert.ok(scopes.has(scope as never), scope);
    }
    const upload = report.accessProof.rows.find(
      (r) => r.scope === "every gate" && r.name.endsWith("may PutObject under the prefix"),
    );
    assert.match(
      upload?.decidedBy ?? "",
      /^identity policy Allow PutObjectsUnderTargetPrefix \+ bucket policy Allow AllowUploadByWriter1 \+ endpoint policy Allow WriterUploadsUnderTargetPrefix$/,
    );
  });

  it("judges a data perimeter on the keys a request from the VPC carries: endpoint, VPC, address, function", async () => {
    const input = readProveFile(fixture("example-kms-vpc.json"));
    const { link } = input;
    const bucket = input.policies.bucketPolicy as Document;
    const arn = `arn:aws:s3:::${link.bucketName}`;
    const writerOnlyWhen = (Sid: string, Condition: Record<string, Record<string, string>>) =>
      proveDocuments({
        ...input,
        policies: {
          ...input.policies,
          bucketPolicy: {
            ...bucket,
            Statement: [
              ...bucket.Statement,
              {
                Sid,
                Effect: "Deny",
                Principal: { AWS: link.roleArn },
                Action: "s3:*",
                Resource: [arn, `${arn}/*`],
                Condition,
              },
            ],
          },
        },
      });
    const functionArn = intendedAccess(link).functionArn;
    // The writer's requests all come through the endpoint, from the function: these spare them.
    const sparing = {
      OnlyThroughTheEndpoint: { StringNotEquals: { "aws:SourceVpce": link.vpc?.endpointId ?? "" } },
      OnlyFromTheVpc: { StringNotEquals: { "aws:SourceVpc": link.vpc?.vpcId ?? "" } },
      OnlyFromPrivateAddresses: { NotIpAddress: { "aws:VpcSourceIp": "10.0.0.0/8" } },
      OnlyFromTheFunction: { StringNotEquals: { "lambda:SourceFunctionArn": functionArn } },
    };
    for (const [sid, condition] of Object.entries(sparing)) {
      const report = await writerOnlyWhen(sid, condition);
      assert.deepStrictEqual(failedRequired(report), [], sid);
    }
    // Naming another endpoint or another function refuses the writer's upload.
    const refusing = {
      OnlyThroughAnotherEndpoint: {
        StringNotEquals: { "aws:SourceVpce": "vpce-0123456789abcdef0" },
      },
      OnlyFromAnotherFunction: {
        StringNotEquals: { "lambda:SourceFunctionArn": `${functionArn}-other` },
      },
      OnlyFromAPublicAddress: { Null: { "aws:SourceIp": "true" } },
    };
    for (const [sid, condition] of Object.entries(refusing)) {
      const failed = failedRequired(await writerOnlyWhen(sid, condition));
      assert.ok(
        failed.includes("every gate: the writer's Lambda session may PutObject under the prefix"),
        `${sid}:\n${failed.join("\n")}`,
      );
    }
  });

  it("fails the KMS console's default key-user grant and the default endpoint policy", async () => {
    const report = await proveDocuments(readProveFile(fixture("guide-kms-console-defaults.json")));
    assert.strictEqual(report.ok, false);
    const failed = failedRequired(report);
    for (const name of [
      "key policy alone: the writer's Lambda session may not GenerateDataKey directly, with the bucket's encryption context, on B's key",
      "key policy alone: the writer's Lambda session may not Encrypt through S3 on B's key",
      "identity policy alone: the writer's Lambda session may not GenerateDataKey for another bucket on B's key",
      "endpoint policy alone: the writer's Lambda session may not GetObject under the prefix",
      "endpoint policy alone: another role of account A may not PutObject under the prefix",
    ]) {
      assert.ok(failed.includes(name), `${name} held:\n${failed.join("\n")}`);
    }
    // The upload itself works: the defaults are too broad, not too narrow.
    assert.ok(!failed.some((name) => / may (PutObject|GenerateDataKey for)/.test(name)));
    const keyOnly = report.advice.find((a) => a.control === "bucket-key-only");
    assert.deepStrictEqual(keyOnly?.add, [
      {
        document: "bucket policy",
        statement: uploadKeyDeny(
          "my-target-bucket",
          [{ roleArn: "arn:aws:iam::123456789012:role/my-lambda-execution-role" }],
          "arn:aws:kms:us-east-1:987654321098:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        ),
      },
    ]);
  });

  it("names every bad field of the key and endpoint, with the fix", () => {
    const problems = proveFileProblems;
    const file = readProveFile(fixture("example-kms-vpc.json"));
    const json = {
      link: {
        ...file.link,
        kms: undefined,
        vpc: undefined,
        sessionName: undefined,
        roleUniqueId: undefined,
        writerResources: undefined,
        kmsKeyArn: "arn:aws:kms:us-east-2:777788889999:alias/uploads",
        vpcEndpointId: "vpc-0a9b8c7d6e5f43210",
      },
      ...file.policies,
    };
    assert.deepStrictEqual(problems(JSON.parse(JSON.stringify(json))), [
      'link.kmsKeyArn: "arn:aws:kms:us-east-2:777788889999:alias/uploads" is an alias; give the key ARN, e.g. from aws kms describe-key --key-id <alias> --query KeyMetadata.Arn',
      'link.vpcEndpointId: "vpc-0a9b8c7d6e5f43210" is not a vpce id; write e.g. vpce-0123456789abcdef0',
    ]);
    const withoutKey = JSON.parse(
      JSON.stringify({
        ...json,
        link: { ...json.link, kmsKeyArn: undefined, vpcEndpointId: undefined },
      }),
    );
    assert.deepStrictEqual(problems(withoutKey), [
      "link.kmsKeyArn: missing; the key policy's key, arn:aws:kms:<bucket region>:<bucket account>:key/<key id>",
    ]);
    const keyArn = file.link.kms?.keyArn ?? "";
    const inAnotherRegion = JSON.parse(
      JSON.stringify({
        ...json,
        link: {
          ...json.link,
          kmsKeyArn: keyArn,
          vpcEndpointId: undefined,
          bucketRegion: "eu-west-3",
        },
      }),
    );
    assert.deepStrictEqual(problems(inAnotherRegion), [
      `link.kmsKeyArn: "${keyArn}" is a key in us-east-2, but the bucket is in eu-west-3; S3 only uses a key of the bucket's region`,
    ]);
  });
});
