// One program, two stacks: `side` in the stack's configuration says which half of the upload
// link this stack deploys. Account A (side: writer) first, then account B (side: bucket), which
// reads A's role through a StackReference.
import { BucketSide } from "./components/bucketSide";
import { BucketStackConfig, WriterStackConfig, readStackConfig } from "./components/config";
import { WriterSide } from "./components/writerSide";
import { collectWriters } from "./components/writerStacks";

function deployWriter(config: WriterStackConfig) {
  const writer = new WriterSide("uploader", config);
  return {
    side: config.side,
    roleArn: writer.roleArn,
    roleName: writer.roleName,
    roleUniqueId: writer.roleUniqueId,
    functionName: writer.functionName,
    functionArn: writer.functionArn,
    logGroupName: writer.logGroupName,
    failureQueueUrl: writer.failureQueueUrl,
    // The bucket stack checks this against its own target before trusting the role.
    target: config.target,
  };
}

async function deployBucket(config: BucketStackConfig) {
  const writers = await collectWriters(config.writerStacks, config.writerRoleArns, config.target);
  const bucket = new BucketSide("uploads", { ...config, writers });
  return {
    side: config.side,
    bucketName: bucket.bucketName,
    bucketArn: bucket.bucketArn,
    uploadPrefix: config.target.prefix,
    writerRoleArns: writers.map((w) => w.roleArn),
  };
}

export = async () => {
  const config = readStackConfig();
  return config.side === "writer" ? deployWriter(config) : deployBucket(config);
};
