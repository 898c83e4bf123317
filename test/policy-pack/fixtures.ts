// Shared fixtures for the policy pack's specs: ResourceValidationArgs built the way the policy
// server builds them (props through a protobuf Struct, secrets unwrapped, behind
// unknownCheckingProxy), a runner that records violations like the server, and the documents
// every spec reuses: the guide's, and the project's own from components/policies.ts.
import {
  PolicyResourceOptions,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  unknownCheckingProxy,
} from "@pulumi/policy";
import { Resource } from "@pulumi/pulumi";
import { specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";
import * as assert from "assert";
import { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";
import {
  bucketPolicy,
  lambdaTrustPolicy,
  UploadTarget,
  writerRolePolicy,
} from "../../components/policies";

/** What the engine sends for a value it cannot know during preview. */
export const UNKNOWN = unknownValue;

export const BUCKET = "my-target-bucket";
export const ACCOUNT_A = "123456789012";
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT_A}:role/my-lambda-execution-role`;
export const ROOT_ARN = `arn:aws:iam::${ACCOUNT_A}:root`;
export const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
export const OBJECTS_ARN = `${BUCKET_ARN}/*`;

export type Statement = Record<string, unknown>;

export function policyDocument(...statements: Statement[]): Record<string, unknown> {
  return { Version: "2012-10-17", Statement: statements };
}

/** The guide's Step 2 statement: Account A's Lambda execution role may upload. */
export const GUIDE_UPLOAD_STATEMENT: Statement = {
  Sid: "AllowCrossAccountUpload",
  Effect: "Allow",
  Principal: { AWS: ROLE_ARN },
  Action: ["s3:PutObject", "s3:PutObjectAcl"],
  Resource: OBJECTS_ARN,
};

export const TLS_DENY_STATEMENT: Statement = {
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: [BUCKET_ARN, OBJECTS_ARN],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
};

/** The guide's bucket policy (Step 2), with `changes` applied to its one statement. */
export function guideBucketPolicy(changes: Statement = {}): Record<string, unknown> {
  return policyDocument({ ...GUIDE_UPLOAD_STATEMENT, ...changes });
}

/** The guide's Account A policy (Step 3), with `changes` applied to its one statement. */
export function guideIdentityPolicy(changes: Statement = {}): Record<string, unknown> {
  return policyDocument({
    Sid: "AllowUploadToAccountBBucket",
    Effect: "Allow",
    Action: ["s3:PutObject", "s3:PutObjectAcl"],
    Resource: OBJECTS_ARN,
    ...changes,
  });
}

const PROJECT_TARGET: UploadTarget = {
  bucketName: BUCKET,
  prefix: "uploads/",
  bucketAccountId: "222222222222",
  objectOwnership: "BucketOwnerEnforced",
};

/** The project's own bucket policy for one writer role. */
export function projectBucketPolicy(): Record<string, unknown> {
  return { ...bucketPolicy(PROJECT_TARGET, [{ roleArn: ROLE_ARN }]) };
}

/** The project's own identity policy of the writer role. */
export function projectWriterPolicy(): Record<string, unknown> {
  return {
    ...writerRolePolicy(PROJECT_TARGET, {
      logGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT_A}:log-group:/aws/lambda/uploader`,
      failureQueueArn: `arn:aws:sqs:us-east-1:${ACCOUNT_A}:uploader-failures`,
    }),
  };
}

/** A resource type that carries a policy document, and how its props hold one. */
export interface Carrier {
  type: string;
  props(document: unknown): Record<string, unknown>;
}

export const BUCKET_POLICY_CARRIERS: readonly Carrier[] = [
  { type: "aws:s3/bucketPolicy:BucketPolicy", props: (policy) => ({ bucket: BUCKET, policy }) },
  { type: "aws:s3/bucket:Bucket", props: (policy) => ({ bucket: BUCKET, policy }) },
  { type: "aws:s3/bucketV2:BucketV2", props: (policy) => ({ bucket: BUCKET, policy }) },
  {
    type: "aws-native:s3:BucketPolicy",
    props: (policyDocument) => ({ bucket: BUCKET, policyDocument }),
  },
];

export const IDENTITY_POLICY_CARRIERS: readonly Carrier[] = [
  { type: "aws:iam/rolePolicy:RolePolicy", props: (policy) => ({ role: "uploader", policy }) },
  { type: "aws:iam/policy:Policy", props: (policy) => ({ policy }) },
  { type: "aws:iam/userPolicy:UserPolicy", props: (policy) => ({ user: "ci", policy }) },
  { type: "aws:iam/groupPolicy:GroupPolicy", props: (policy) => ({ group: "ops", policy }) },
  {
    type: "aws:iam/role:Role",
    props: (policy) => ({
      assumeRolePolicy: JSON.stringify(lambdaTrustPolicy()),
      inlinePolicies: [{ name: "upload", policy }],
    }),
  },
];

/** The two forms a document reaches the analyzer in. */
const DOCUMENT_FORMS: readonly { name: string; encode(document: unknown): unknown }[] = [
  { name: "JSON text", encode: (document) => JSON.stringify(document) },
  { name: "an object", encode: (document) => document },
];

/**
 * Declares `body` once per carrier and document form; `args(document)` wraps a document the way
 * that carrier holds it.
 */
export function describeEveryCarrier(
  carriers: readonly Carrier[],
  body: (args: (document: unknown) => ResourceValidationArgs) => void,
): void {
  for (const carrier of carriers) {
    for (const form of DOCUMENT_FORMS) {
      describe(`on ${carrier.type} with the policy as ${form.name}`, () =>
        body((document) => resourceArgs(carrier.type, carrier.props(form.encode(document)))));
    }
  }
}

/** Thrown by `args.notApplicable`, as the server's own NotApplicableError is. */
class NotApplicable extends Error {}

const NO_OPTIONS: PolicyResourceOptions = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  if (record[specialSigKey] === specialSecretSig) return unwrapSecrets(record.value);
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrapSecrets(v)]));
}

/** A secret as the engine marshals it. */
export function secret(value: unknown): Record<string, unknown> {
  return { [specialSigKey]: specialSecretSig, value };
}

/** ResourceValidationArgs as the policy server builds them from an AnalyzeRequest. */
export function resourceArgs(
  type: string,
  props: Record<string, unknown>,
  config: Record<string, unknown> = {},
): ResourceValidationArgs {
  // The SDK leaves undefined properties out of what it marshals, as JSON does.
  const defined = JSON.parse(JSON.stringify(props)) as Record<string, JavaScriptValue>;
  const wire = Struct.fromJavaScript(defined).toJavaScript();
  const proxied: Record<string, unknown> = unknownCheckingProxy(unwrapSecrets(wire));
  const name = "subject";
  const isType = (cls: { new (...rest: never[]): Resource }) =>
    (cls as unknown as { __pulumiType?: string }).__pulumiType === type;
  return {
    type,
    props: proxied,
    urn: `urn:pulumi:test::cross-account-s3-upload::${type}::${name}`,
    name,
    opts: NO_OPTIONS,
    stackTags: new Map(),
    isType,
    asType: <TArgs>(cls: { new (name: string, args: TArgs, ...rest: never[]): Resource }) =>
      (isType(cls) ? proxied : undefined) as never,
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  };
}

export interface PolicyOutcome {
  violations: string[];
  /** The reason given, when the policy declared itself not applicable. */
  notApplicable?: string;
}

/** Runs a policy as the server does; UnknownValueError and real errors propagate. */
export async function runPolicy(
  policy: ResourceValidationPolicy,
  args: ResourceValidationArgs,
): Promise<PolicyOutcome> {
  const violations: string[] = [];
  const report: ReportViolation = (message) => {
    violations.push(message);
  };
  const validations = [policy.validateResource ?? []].flat();
  try {
    for (const validate of validations) await validate(args, report);
  } catch (error) {
    if (error instanceof NotApplicable) return { violations, notApplicable: error.message };
    throw error;
  }
  return { violations };
}

function show(violations: string[]): string {
  return violations.length ? violations.map((v) => `  - ${v}`).join("\n") : "  (none)";
}

export async function assertHasResourceViolation(
  policy: ResourceValidationPolicy,
  args: ResourceValidationArgs,
  ...wanted: (string | RegExp)[]
): Promise<string[]> {
  const { violations } = await runPolicy(policy, args);
  for (const want of wanted) {
    const found = violations.some((v) =>
      typeof want === "string" ? v.includes(want) : want.test(v),
    );
    assert.ok(
      found,
      `${policy.name}: no violation matching ${want}; reported:\n${show(violations)}`,
    );
  }
  assert.ok(violations.length > 0, `${policy.name}: no violation reported`);
  return violations;
}

export async function assertNoResourceViolations(
  policy: ResourceValidationPolicy,
  args: ResourceValidationArgs,
): Promise<void> {
  const { violations, notApplicable } = await runPolicy(policy, args);
  assert.deepStrictEqual(violations, [], `${policy.name} reported:\n${show(violations)}`);
  assert.strictEqual(
    notApplicable,
    undefined,
    `${policy.name} was not applicable: ${notApplicable}`,
  );
}

export async function assertNotApplicable(
  policy: ResourceValidationPolicy,
  args: ResourceValidationArgs,
): Promise<void> {
  const outcome = await runPolicy(policy, args);
  assert.deepStrictEqual(outcome.violations, []);
  assert.ok(outcome.notApplicable, `${policy.name} applied to ${args.type}`);
}

/** The single violation a policy reports; fails on none or several. */
export async function onlyViolation(
  policy: ResourceValidationPolicy,
  args: ResourceValidationArgs,
): Promise<string> {
  const { violations } = await runPolicy(policy, args);
  assert.strictEqual(violations.length, 1, `${policy.name} reported:\n${show(violations)}`);
  return violations[0];
}

/** Args for a bucket policy resource (aws.s3.BucketPolicy) carrying `document`. */
export function bucketPolicyArgs(document: unknown, config: Record<string, unknown> = {}) {
  return resourceArgs(
    "aws:s3/bucketPolicy:BucketPolicy",
    { bucket: BUCKET, policy: typeof document === "string" ? document : JSON.stringify(document) },
    config,
  );
}

/** Args for an identity policy resource (aws.iam.RolePolicy) carrying `document`. */
export function rolePolicyArgs(document: unknown, config: Record<string, unknown> = {}) {
  return resourceArgs(
    "aws:iam/rolePolicy:RolePolicy",
    {
      role: "uploader",
      policy: typeof document === "string" ? document : JSON.stringify(document),
    },
    config,
  );
}
