// Typed stack configuration, validated before any resource is declared. Every problem is reported
// at once, each naming its config key and the fix, so one `pulumi preview` shows them all.
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, ConfigReader, pathSetCommand, setCommand } from "./configReader";
import { UploadTarget } from "./policies";
import {
  DEFAULT_PREFIX,
  ENCRYPTION_MODES,
  OBJECT_OWNERSHIP_MODES,
  accountIdProblem,
  bucketNameProblem,
  encryptionProblem,
  isEncryption,
  isObjectOwnership,
  kmsKeyArnProblem,
  objectOwnershipProblem,
  partitionProblem,
  prefixProblem,
  regionProblem,
  roleArnProblem,
  stackNameProblem,
} from "./validation";
import { VpcConfig, readVpcConfig } from "./vpcConfig";

export { ConfigError } from "./configReader";

const DEFAULT_LOG_RETENTION_DAYS = 30;

/** Retention periods CloudWatch Logs accepts. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
];

/**
 * The target as a stack reads it: every key set and defaults applied, but `bucketRegion`, which a
 * writer reads only when its documents name the region (SSE-KMS, a VPC) or its file sets it.
 */
export type StackTarget = Required<Omit<UploadTarget, "bucketRegion">> &
  Pick<UploadTarget, "bucketRegion">;

/** Account A: the Lambda, its role and identity policy. */
export interface WriterStackConfig {
  side: "writer";
  target: StackTarget;
  logRetentionDays: number;
  /** The region the function runs in (aws:region); a function in a VPC always has one. */
  region?: string;
  /** The function's VPC; absent, the function runs outside any VPC of the account. */
  vpc?: VpcConfig;
}

/** Account B: the bucket and its policy. */
export interface BucketStackConfig {
  side: "bucket";
  target: Required<UploadTarget>;
  /** An existing key of B's for SSE-KMS; absent with sse-kms, the stack creates one. */
  kmsKeyArn?: string;
  /** Fully qualified writer stacks whose `roleArn` output the bucket policy trusts. */
  writerStacks: string[];
  /** Writer roles not managed by a stack of this project. */
  writerRoleArns: string[];
  forceDestroy: boolean;
}

export type StackConfig = WriterStackConfig | BucketStackConfig;

const WRITER_ONLY_KEYS = ["logRetentionDays", "vpc"];
const BUCKET_ONLY_KEYS = ["writerStacks", "writerRoleArns", "forceDestroy", "kmsKeyArn"];

/** The region this stack deploys into, checked; undefined when neither aws:region nor AWS_REGION is set. */
function readStackRegion(reader: ConfigReader): string | undefined {
  const region = reader.stackRegion();
  const problem = region === undefined ? undefined : regionProblem(region);
  if (problem) {
    reader.problemAt("aws:region", problem, setCommand("aws:region", "<region, e.g. eu-west-1>"));
  }
  return region;
}

/** The bucket's region: bucketRegion, else the region this stack deploys into. */
function readBucketRegion(reader: ConfigReader, stackRegion: string | undefined): string {
  if (reader.isSet("bucketRegion")) return reader.string("bucketRegion", regionProblem);
  if (stackRegion === undefined) {
    reader.problem(
      "bucketRegion",
      "is not set, and neither is aws:region, its default",
      setCommand("aws:region", "<region, e.g. eu-west-1>"),
    );
    return "";
  }
  return stackRegion;
}

/** Every key of the target but bucketRegion, which each side reads in its own way. */
function readTarget(reader: ConfigReader): Omit<StackTarget, "bucketRegion"> {
  const encryption = reader.string("encryption", encryptionProblem, ENCRYPTION_MODES[0]);
  const objectOwnership = reader.string(
    "objectOwnership",
    objectOwnershipProblem,
    OBJECT_OWNERSHIP_MODES[0],
  );
  return {
    bucketName: reader.string("bucketName", bucketNameProblem),
    prefix: reader.string("prefix", prefixProblem, DEFAULT_PREFIX),
    bucketAccountId: reader.accountId("bucketAccountId"),
    objectOwnership: isObjectOwnership(objectOwnership)
      ? objectOwnership
      : OBJECT_OWNERSHIP_MODES[0],
    encryption: isEncryption(encryption) ? encryption : ENCRYPTION_MODES[0],
  };
}

/**
 * The writer names the bucket's region only where its documents need it: the grant on B's key
 * (SSE-KMS) and the check that a function in a VPC runs in the bucket's region. There it defaults
 * to the writer's own region; elsewhere the writer does not export it, so account B does not
 * compare it (a writer of another region needs no bucketRegion with SSE-S3 outside a VPC).
 */
function readWriterTarget(reader: ConfigReader, stackRegion: string | undefined): StackTarget {
  const target = readTarget(reader);
  const needsRegion =
    target.encryption === "sse-kms" || reader.isSet("vpc") || reader.isSet("bucketRegion");
  return needsRegion ? { ...target, bucketRegion: readBucketRegion(reader, stackRegion) } : target;
}

/**
 * The function's VPC. An S3 gateway endpoint only reaches buckets of its own region (AWS
 * PrivateLink Guide, "Gateway endpoints for Amazon S3"), so a function in a VPC must run in the
 * bucket's region.
 */
function readVpc(
  reader: ConfigReader,
  target: StackTarget,
  region: string | undefined,
): VpcConfig | undefined {
  const { vpc, problems } = readVpcConfig(reader.structured("vpc"));
  for (const { key, text, fix } of problems) reader.problem(key, text, fix);
  if (vpc && region === undefined) {
    reader.problemAt(
      "aws:region",
      "is not set, but a function in a VPC needs its region",
      setCommand("aws:region", "<the bucket's region>"),
    );
  } else if (vpc && target.bucketRegion && region !== target.bucketRegion) {
    reader.problem(
      "vpc",
      `the function would run in ${region}, but the bucket is in ${target.bucketRegion} ` +
        "(bucketRegion), and an S3 gateway endpoint only reaches buckets of its own region",
      `deploy the writer stack in ${target.bucketRegion} (${setCommand("aws:region", target.bucketRegion)}), ` +
        "or pulumi config rm vpc to run the function outside a VPC",
    );
  }
  return vpc;
}

function readWriter(reader: ConfigReader): WriterStackConfig {
  reader.refuseKeys(BUCKET_ONLY_KEYS, "writer");
  const region = readStackRegion(reader);
  const target = readWriterTarget(reader, region);
  reader.allowedAccountIds();
  const vpc = readVpc(reader, target, region);
  return {
    side: "writer",
    target,
    logRetentionDays: reader.integer(
      "logRetentionDays",
      DEFAULT_LOG_RETENTION_DAYS,
      LOG_RETENTION_DAYS,
    ),
    ...(region ? { region } : {}),
    ...(vpc ? { vpc } : {}),
  };
}

/** The bucket is created in this stack's region: bucketRegion may only repeat it. */
function checkBucketRegion(
  reader: ConfigReader,
  target: Required<UploadTarget>,
  region: string | undefined,
): void {
  if (reader.isSet("bucketRegion") && region !== undefined && region !== target.bucketRegion) {
    reader.problem(
      "bucketRegion",
      `is ${target.bucketRegion}, but this stack creates the bucket in aws:region ${region}`,
      "pulumi config rm bucketRegion (it defaults to aws:region), or set aws:region to the bucket's region",
    );
  }
}

function readKmsKeyArn(reader: ConfigReader, target: Required<UploadTarget>): string | undefined {
  if (!reader.isSet("kmsKeyArn")) return undefined;
  if (target.encryption !== "sse-kms") {
    reader.problem(
      "kmsKeyArn",
      `names a key, but encryption is ${target.encryption}`,
      `${setCommand("encryption", "sse-kms")} (in both stacks), or pulumi config rm kmsKeyArn`,
    );
  }
  return reader.string(
    "kmsKeyArn",
    (arn) =>
      kmsKeyArnProblem(arn, target.bucketAccountId, target.bucketRegion) ?? partitionProblem(arn),
  );
}

function readBucket(reader: ConfigReader): BucketStackConfig {
  reader.refuseKeys(WRITER_ONLY_KEYS, "bucket");
  const region = readStackRegion(reader);
  const target = { ...readTarget(reader), bucketRegion: readBucketRegion(reader, region) };
  checkBucketRegion(reader, target, region);
  const kmsKeyArn = readKmsKeyArn(reader, target);
  const writerStacks = reader.stringList("writerStacks", stackNameProblem);
  const writerRoleArns = reader.stringList(
    "writerRoleArns",
    (arn) => roleArnProblem(arn) ?? partitionProblem(arn),
  );
  if (writerStacks?.length === 0 && writerRoleArns?.length === 0) {
    reader.problem(
      "writerStacks",
      "no writer is configured, so the bucket policy would trust nobody",
      `list the writer stack, e.g. ${pathSetCommand("writerStacks[0]", "organization/cross-account-s3-upload/account-a")}`,
    );
  }
  const allowed = reader.allowedAccountIds();
  const accountId = target.bucketAccountId;
  if (allowed && !accountIdProblem(accountId) && !allowed.includes(accountId)) {
    reader.problem(
      "bucketAccountId",
      `is ${accountId}, but aws:allowedAccountIds (${allowed.join(", ")}) would deploy the bucket elsewhere`,
      "make aws:allowedAccountIds and bucketAccountId name the same account B",
    );
  }
  return {
    side: "bucket",
    target,
    ...(kmsKeyArn ? { kmsKeyArn } : {}),
    writerStacks: writerStacks ?? [],
    writerRoleArns: writerRoleArns ?? [],
    forceDestroy: reader.boolean("forceDestroy", false),
  };
}

/** Reads and validates this stack's configuration; throws ConfigError listing every problem. */
export function readStackConfig(): StackConfig {
  const reader = new ConfigReader();
  const side = reader.isSet("side") ? reader.string("side") : undefined;
  let config: StackConfig | undefined;
  if (side === "writer") {
    config = readWriter(reader);
  } else if (side === "bucket") {
    config = readBucket(reader);
  } else {
    reader.problem(
      "side",
      side === undefined ? "is required but not set" : `"${side}" is not a side of the link`,
      `${setCommand("side", "writer")} (account A, the Lambda) or ${setCommand("side", "bucket")} (account B, the bucket)`,
    );
  }
  if (reader.problems.length > 0 || config === undefined) {
    throw new ConfigError(pulumi.getStack(), reader.problems);
  }
  return config;
}
