// One program, two stacks: `side` in the stack's configuration says which half of the upload
// link this stack deploys. Account A (side: writer) first, then account B (side: bucket), which
// reads A's role through a StackReference.
import { BucketSide } from "./components/bucketSide";
import { BucketStackConfig, WriterStackConfig, readStackConfig } from "./components/config";
import { lambdaCodeArchive } from "./components/lambdaBundle";
import { BucketStackOutputs, StackExports, WriterStackOutputs } from "./components/stackOutputs";
import { WriterSide } from "./components/writerSide";
import { collectWriters } from "./components/writerStacks";

function deployWriter(config: WriterStackConfig): StackExports<WriterStackOutputs> {
  const writer = new WriterSide("uploader", {
    target: config.target,
    code: lambdaCodeArchive(),
    logRetentionDays: config.logRetentionDays,
    region: config.region,
    vpc: config.vpc,
  });
  return {
    side: config.side,
    roleArn: writer.roleArn,
    roleName: writer.roleName,
    roleUniqueId: writer.roleUniqueId,
    functionName: writer.functionName,
    functionArn: writer.functionArn,
    logGroupName: writer.logGroupName,
    failureQueueUrl: writer.failureQueueUrl,
    target: config.target,
    ...(writer.network ? { network: writer.network } : {}),
    ...(writer.assumptions ? { assumptions: writer.assumptions } : {}),
    ...(writer.endpointPolicyStatements
      ? { endpointPolicyStatements: writer.endpointPolicyStatements }
      : {}),
  };
}

async function deployBucket(config: BucketStackConfig): Promise<StackExports<BucketStackOutputs>> {
  const writers = await collectWriters(config.writerStacks, config.writerRoleArns, config.target);
  const bucket = new BucketSide("uploads", { ...config, writers });
  return {
    side: config.side,
    bucketName: bucket.bucketName,
    bucketArn: bucket.bucketArn,
    uploadPrefix: config.target.prefix,
    writerRoleArns: writers.map((w) => w.roleArn),
    ...(bucket.kmsKeyArn ? { kmsKeyArn: bucket.kmsKeyArn } : {}),
    ...(bucket.kmsKeyAlias ? { kmsKeyAlias: bucket.kmsKeyAlias } : {}),
    ...(bucket.keyPolicyStatements ? { keyPolicyStatements: bucket.keyPolicyStatements } : {}),
    ...(bucket.assumptions ? { assumptions: bucket.assumptions } : {}),
  };
}

export = async (): Promise<StackExports<WriterStackOutputs | BucketStackOutputs>> => {
  const config = readStackConfig();
  return config.side === "writer" ? deployWriter(config) : deployBucket(config);
};
