// The documents of the two extra gates as pure functions: what each refuses to write, and the
// pieces the access proof does not judge by shape (Sids, principals).
import * as assert from "assert";
import { keyPolicy, uploadKeyDeny, writerKeyUseStatement } from "../../components/kmsPolicies";
import {
  createNetworkInterfaceStatement,
  networkInterfacePolicy,
} from "../../components/networkPolicies";
import { UploadTarget, bucketPolicy, gatewayEndpointPolicy } from "../../components/policies";

const TARGET: UploadTarget = {
  bucketName: "telemetry-archive",
  prefix: "raw/",
  bucketAccountId: "606060606060",
  objectOwnership: "BucketOwnerEnforced",
  encryption: "sse-kms",
  bucketRegion: "me-central-1",
};
const WRITERS = [
  { roleArn: "arn:aws:iam::505050505050:role/a", roleUniqueId: "AROAWRITERAAAAAAAAAA" },
  { roleArn: "arn:aws:iam::404040404040:role/b" },
];
const KEY = "arn:aws:kms:me-central-1:606060606060:key/1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b";

describe("key, endpoint and network documents (kmsPolicies.ts, policies.ts, networkPolicies.ts)", () => {
  it("writes one key-user statement per writer, named by its unique id, after B's administration", () => {
    const statements = keyPolicy(TARGET, WRITERS).Statement;
    assert.deepStrictEqual(
      statements.map((s) => [s.Sid, s.Principal]),
      [
        ["AccountBAdministersTheKeyThroughIam", { AWS: "arn:aws:iam::606060606060:root" }],
        ["AllowBucketKeyUseByAROAWRITERAAAAAAAAAA", { AWS: WRITERS[0].roleArn }],
        ["AllowBucketKeyUseByWriter2", { AWS: WRITERS[1].roleArn }],
      ],
    );
    assert.throws(() => keyPolicy(TARGET, []), /at least one writer role/);
  });

  it("refuses an SSE-KMS document without the bucket's region or key", () => {
    assert.throws(
      () => writerKeyUseStatement({ ...TARGET, bucketRegion: undefined }),
      /need the bucket's region \(bucketRegion\)/,
    );
    assert.throws(() => bucketPolicy(TARGET, WRITERS), /needs the bucket key's ARN/);
  });

  it("denies every writer an upload that names another encryption, last in the bucket policy", () => {
    const statements = bucketPolicy(TARGET, WRITERS, KEY).Statement;
    assert.deepStrictEqual(statements.at(-1), uploadKeyDeny(TARGET.bucketName, WRITERS, KEY));
    assert.deepStrictEqual(statements.at(-1)?.Principal, {
      AWS: WRITERS.map((w) => w.roleArn),
    });
    const sseS3 = bucketPolicy({ ...TARGET, encryption: "sse-s3" }, WRITERS, KEY).Statement;
    assert.ok(!sseS3.some((s) => s.Sid === "DenyWriterUploadEncryptedOtherwise"));
  });

  it("lets the endpoint carry the same upload actions as the identity and bucket policies", () => {
    for (const objectOwnership of ["BucketOwnerEnforced", "ObjectWriter"] as const) {
      const target = { ...TARGET, objectOwnership };
      const [endpoint] = gatewayEndpointPolicy(target, WRITERS[0].roleArn).Statement;
      const [bucket] = bucketPolicy(target, WRITERS, KEY).Statement;
      assert.deepStrictEqual(
        [endpoint.Action, endpoint.Resource],
        [bucket.Action, bucket.Resource],
      );
      assert.strictEqual(endpoint.Principal, "*");
    }
  });

  it("names each subnet and security group of the function, in its account and region", () => {
    const create = createNetworkInterfaceStatement({
      region: "me-central-1",
      accountId: "505050505050",
      subnetIds: ["subnet-0aaaaaaa", "subnet-0bbbbbbb"],
      securityGroupIds: [],
    });
    assert.deepStrictEqual(create.Resource, [
      "arn:aws:ec2:me-central-1:505050505050:network-interface/*",
      "arn:aws:ec2:me-central-1:505050505050:subnet/subnet-0aaaaaaa",
      "arn:aws:ec2:me-central-1:505050505050:subnet/subnet-0bbbbbbb",
    ]);
  });

  it("manages the interfaces in a document that names only the account and region", () => {
    const policy = networkInterfacePolicy({ region: "me-central-1", accountId: "505050505050" });
    assert.deepStrictEqual(
      policy.Statement.map((s) => [s.Action, s.Resource]),
      [
        [
          [
            "ec2:DeleteNetworkInterface",
            "ec2:AssignPrivateIpAddresses",
            "ec2:UnassignPrivateIpAddresses",
          ],
          "arn:aws:ec2:me-central-1:505050505050:network-interface/*",
        ],
        [["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"], "*"],
      ],
    );
  });
});
