// Account B learns its writers from their stacks' outputs, and refuses writers whose upload target
// has drifted from its own: both sides must describe the same bucket, prefix, owner, ownership,
// encryption and bucket region.
import * as pulumi from "@pulumi/pulumi";
import { UploadTarget, WriterRole } from "./policies";
import { WriterStackOutputs } from "./stackOutputs";
import { partitionProblem, roleArnProblem } from "./validation";

const TARGET_KEYS: (keyof UploadTarget)[] = [
  "bucketName",
  "prefix",
  "bucketAccountId",
  "objectOwnership",
  "encryption",
  "bucketRegion",
];

/**
 * The keys of a writer's exported target that differ from this stack's. A writer that does not
 * export `encryption` (deployed before it existed) grants no KMS use: it is an SSE-S3 writer. A
 * writer names `bucketRegion` only when its documents depend on it (SSE-KMS, a VPC): without it,
 * it suits a bucket in any region.
 */
function driftedKeys(exported: Record<string, unknown>, target: Required<UploadTarget>) {
  const writerTarget: Record<string, unknown> = {
    encryption: "sse-s3",
    bucketRegion: target.bucketRegion,
    ...exported,
  };
  return {
    writerTarget,
    drifted: TARGET_KEYS.filter((key) => writerTarget[key] !== target[key]),
  };
}

export class WriterStackError extends pulumi.RunError {
  constructor(stackName: string, text: string) {
    super(`writer stack "${stackName}" (from writerStacks): ${text}`);
  }
}

/**
 * One output of a writer stack, plain or secret: getOutputValue throws on a secret output, and a
 * role ARN is no secret once it is in a bucket policy that anyone allowed to read it can see.
 */
async function outputOf(
  ref: pulumi.StackReference,
  name: keyof WriterStackOutputs,
): Promise<unknown> {
  const details = await ref.getOutputDetails(name);
  return details.value ?? details.secretValue;
}

/** Reads one writer stack's role and checks that it targets this bucket. */
async function readWriterStack(
  stackName: string,
  target: Required<UploadTarget>,
): Promise<WriterRole> {
  const ref = new pulumi.StackReference(stackName, { name: stackName });
  const [roleArn, roleUniqueId, exported] = await Promise.all([
    outputOf(ref, "roleArn"),
    outputOf(ref, "roleUniqueId"),
    outputOf(ref, "target"),
  ]);
  if (typeof roleArn !== "string" || typeof roleUniqueId !== "string") {
    throw new WriterStackError(
      stackName,
      "exports no roleArn/roleUniqueId. Deploy the writer stack first " +
        "(pulumi up -s <writer stack>), then this one",
    );
  }
  const arnProblem = roleArnProblem(roleArn) ?? partitionProblem(roleArn);
  if (arnProblem) {
    throw new WriterStackError(stackName, `its roleArn output is unusable: ${arnProblem}`);
  }
  const { writerTarget, drifted } = driftedKeys(
    typeof exported === "object" && exported !== null ? { ...exported } : {},
    target,
  );
  if (drifted.length > 0) {
    const details = drifted
      .map(
        (key) =>
          `${key} is ${JSON.stringify(writerTarget[key])} there but ${JSON.stringify(target[key])} here`,
      )
      .join("; ");
    // A writer's bucketRegion defaults to its own region: a writer in another region names B's.
    const region = drifted.includes("bucketRegion")
      ? ` (for the region: pulumi config set bucketRegion ${target.bucketRegion} on the writer stack)`
      : "";
    throw new WriterStackError(
      stackName,
      `it uploads to a different target (${details}). Set the same values in both stack ` +
        `files${region} and run pulumi up on the writer stack first`,
    );
  }
  return { roleArn, roleUniqueId };
}

/** Every writer the bucket policy trusts: writer stacks first, then plain role ARNs. */
export async function collectWriters(
  writerStacks: string[],
  writerRoleArns: string[],
  target: Required<UploadTarget>,
): Promise<WriterRole[]> {
  const fromStacks = await Promise.all(writerStacks.map((name) => readWriterStack(name, target)));
  const writers = [...fromStacks, ...writerRoleArns.map((roleArn) => ({ roleArn }))];
  const seen = new Set<string>();
  for (const { roleArn } of writers) {
    if (seen.has(roleArn)) {
      throw new pulumi.RunError(
        `writer role ${roleArn} is listed twice (writerStacks and writerRoleArns together); ` +
          `name each writer once`,
      );
    }
    seen.add(roleArn);
  }
  return writers;
}
