// What each side's stack exports: the contract between the stacks (account B reads the writer's
// outputs through a StackReference) and with whoever reads `pulumi stack output`.
import * as pulumi from "@pulumi/pulumi";
import { PolicyStatement, UploadTarget } from "./policies";

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
  /** Where the function runs, when it runs in a VPC. */
  network?: WriterNetworkOutputs;
  /** What this stack relies on but does not create, e.g. the VPC's route to S3. */
  assumptions?: string[];
  /** Without routeTableIds: the statement the VPC's S3 gateway endpoint policy must hold. */
  endpointPolicyStatements?: PolicyStatement[];
}

export interface WriterNetworkOutputs {
  vpcId: string;
  subnetIds: string[];
  securityGroupIds: string[];
  /** The S3 gateway endpoint this stack created on the configured route tables. */
  gatewayEndpointId?: string;
}

/** Account B's outputs. */
export interface BucketStackOutputs {
  side: "bucket";
  bucketName: string;
  bucketArn: string;
  uploadPrefix: string;
  writerRoleArns: string[];
  /** With SSE-KMS: the key the bucket encrypts new objects with. */
  kmsKeyArn?: string;
  /** With SSE-KMS and a key this stack created: its alias. */
  kmsKeyAlias?: string;
  /** With an existing key (kmsKeyArn): the statements its key policy must hold. */
  keyPolicyStatements?: PolicyStatement[];
  /** What this stack relies on but does not create, e.g. an existing key's policy. */
  assumptions?: string[];
}

/** A stack's exports as the program returns them: each value plain or still an Output. */
export type StackExports<T> = { readonly [K in keyof T]: pulumi.Input<T[K]> };
