// Inputs built to make a policy pack slow, crash or flood its caller: wildcard patterns that make
// a backtracking matcher explode, documents at and over AWS's size limits, deep nesting, repeated
// JSON keys, hundreds of kilobytes of text. Each records what the pack must answer, as diagnostic
// counts per policy (policies not named report nothing). The gRPC spec checks the answers; the
// benchmark times them.
import {
  ACCOUNT_A,
  BUCKET_ARN,
  OBJECTS_ARN,
  ROLE_ARN,
  ROOT_ARN,
  guideBucketPolicy,
  sampleKeyPolicy,
  policyDocument,
} from "./policyDocuments";

interface HostileInput {
  name: string;
  type: string;
  props: Record<string, unknown>;
  /** Diagnostics each policy must report; every other policy reports none. */
  expected: Readonly<Record<string, number>>;
}

const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const TLS = "s3-bucket-policy-deny-insecure-transport";
const WELL_FORMED = "policy-document-well-formed";
/** A policy's report when it has more than 20 findings: 20 and one "and N more". */
const CAPPED = 21;

const bucketPolicy = (policy: string) => ({ bucket: "b", policy });

/** An action wrapped in `depth` arrays. */
function nested(depth: number): unknown {
  let value: unknown = "s3:PutObject";
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** `count` copies of `statement`, each with its own Sid, as compact JSON text. */
function statements(count: number, statement: Record<string, unknown>): string {
  const list = Array.from({ length: count }, (_, i) => ({ ...statement, Sid: `S${i}` }));
  return JSON.stringify(policyDocument(...list));
}

export const HOSTILE_INPUTS: readonly HostileInput[] = [
  {
    name: "an action of 5,000 wildcards before a letter no action ends with (s3:*...*Z)",
    type: BUCKET_POLICY,
    props: bucketPolicy(JSON.stringify(guideBucketPolicy({ Action: `s3:${"*".repeat(5_000)}Z` }))),
    expected: { [TLS]: 1 },
  },
  {
    name: "nine wildcards before Z, which took a backtracking matcher 16 s",
    type: BUCKET_POLICY,
    props: bucketPolicy(JSON.stringify(guideBucketPolicy({ Action: "s3:*********Z" }))),
    expected: { [TLS]: 1 },
  },
  {
    name: "a resource of 4,000 alternating wildcards that ends in a bucket ARN",
    type: BUCKET_POLICY,
    props: bucketPolicy(
      JSON.stringify(guideBucketPolicy({ Resource: `arn:aws:s3:::${"*?".repeat(4_000)}/` })),
    ),
    expected: { [TLS]: 1 },
  },
  {
    name: "a bucket policy just under 20 KB of root principals on the bucket ARN",
    type: BUCKET_POLICY,
    props: bucketPolicy(
      statements(130, {
        Effect: "Allow",
        Principal: { AWS: ROOT_ARN },
        Action: "s3:PutObject",
        Resource: BUCKET_ARN,
      }),
    ),
    expected: {
      "s3-bucket-policy-no-account-root-principal": CAPPED,
      "s3-bucket-policy-object-resources-end-with-slash-star": CAPPED,
      [TLS]: 1,
    },
  },
  {
    name: "300 KB of empty statements, far over the 20 KB limit",
    type: BUCKET_POLICY,
    props: bucketPolicy(`{"Statement": [${Array(100_000).fill("{}").join(",")}]}`),
    expected: { [WELL_FORMED]: 1 },
  },
  {
    name: "300 KB of whitespace around a sound document",
    type: BUCKET_POLICY,
    props: bucketPolicy(
      JSON.stringify(guideBucketPolicy()).replace(/,/g, `,${" ".repeat(1_000)}`) +
        " ".repeat(290_000),
    ),
    expected: { [TLS]: 1 },
  },
  {
    name: "Statement nested 10,000 arrays deep",
    type: BUCKET_POLICY,
    props: bucketPolicy(`{"Statement": ${"[".repeat(10_000)}${"]".repeat(10_000)}}`),
    expected: { [WELL_FORMED]: 1 },
  },
  {
    name: "an aws-native policy document object nested 60 levels deep",
    type: "aws-native:s3:BucketPolicy",
    props: { bucket: "b", policyDocument: guideBucketPolicy({ Action: nested(60) }) },
    expected: { [WELL_FORMED]: 1 },
  },
  {
    name: "a principal that names the role and then, under the same key, the account root",
    type: BUCKET_POLICY,
    props: bucketPolicy(
      `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "${ROOT_ARN}", "AWS": "${ROLE_ARN}"}, "Action": "s3:PutObject", "Resource": "${OBJECTS_ARN}"}]}`,
    ),
    expected: { [WELL_FORMED]: 1 },
  },
  {
    name: "everyone, pinned to account A by aws:PrincipalAccount beside 500 address ranges",
    type: BUCKET_POLICY,
    props: bucketPolicy(
      JSON.stringify(
        guideBucketPolicy({
          Principal: { AWS: "*" },
          Condition: {
            StringEquals: { "aws:PrincipalAccount": ACCOUNT_A },
            IpAddress: {
              "aws:SourceIp": Array.from({ length: 500 }, (_, i) => `${i % 256}.${i >> 8}.0.0/16`),
            },
          },
        }),
      ),
    ),
    expected: { "s3-bucket-policy-no-account-root-principal": 1, [TLS]: 1 },
  },
  {
    name: "a KMS key policy near 32 KB that grants kms:* to 260 roles",
    type: "aws:kms/keyPolicy:KeyPolicy",
    props: {
      keyId: "k",
      policy: JSON.stringify(
        policyDocument(
          ...(sampleKeyPolicy().Statement as Record<string, unknown>[]).slice(0, 1),
          ...Array.from({ length: 260 }, (_, i) => ({
            Sid: `R${i}`,
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:role/r${i}` },
            Action: "kms:*",
            Resource: "*",
          })),
        ),
      ),
    },
    expected: { "kms-key-policy-no-broad-grants": CAPPED },
  },
];
