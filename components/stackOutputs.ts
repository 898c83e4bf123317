// What each side's stack exports: the contract between the stacks (account B reads the writer's
// outputs through a StackReference) and with whoever reads `pulumi stack output`.
import * as pulumi from "@pulumi/pulumi";
import { UploadTarget } from "./policies";

/** Account A's outputs. Account B reads roleArn, roleUniqueId and target. */
export interface WriterStackOutputs {
  side: "writer";
  roleArn: string;
  roleName: string;
  roleUniqueId: string;
  functionName: string;
  functionArn: string;
  logGroupName: string;
  failureQueueUrl: string;
  /** The bucket stack checks this against its own target before trusting the role. */
  target: UploadTarget;
}

/** Account B's outputs. */
export interface BucketStackOutputs {
  side: "bucket";
  bucketName: string;
  bucketArn: string;
  uploadPrefix: string;
  writerRoleArns: string[];
}

/** A stack's exports as the program returns them: each value plain or still an Output. */
export type StackExports<T> = { readonly [K in keyof T]: pulumi.Input<T[K]> };
