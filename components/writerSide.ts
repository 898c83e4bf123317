import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { toEnvironment } from "../lambda/config";
import {
  PolicyStatement,
  UploadTarget,
  lambdaTrustPolicy,
  requiredObjectAcl,
  writerRolePolicy,
} from "./policies";
import { WriterNetworkOutputs } from "./stackOutputs";
import { WriterNetwork, createWriterNetwork, networkOutputs } from "./writerNetwork";
import { VpcConfig } from "./vpcConfig";

export interface WriterSideArgs {
  /**
   * Where the function uploads. A plain value: the identity policy, the function's environment
   * and account B's check of this stack's outputs are all derived from it.
   */
  readonly target: Readonly<UploadTarget>;
  /** The function's code: an archive whose `index.js` exports `handler` (see lambdaBundle.ts). */
  readonly code: pulumi.Input<pulumi.asset.Archive>;
  /** Retention of the function's log group in days; one of the values CloudWatch Logs accepts. */
  readonly logRetentionDays: pulumi.Input<number>;
  /** The function's VPC; without it the function runs outside any VPC of the account. */
  readonly vpc?: Readonly<VpcConfig>;
  /** The region the function runs in, where its VPC is; required with `vpc`. */
  readonly region?: string;
}

/** Failed asynchronous events stay this long in the on-failure queue: SQS's maximum, 14 days. */
const FAILED_EVENT_RETENTION_SECONDS = 14 * 24 * 60 * 60;

/**
 * Account A's half of the upload link: the Lambda, its execution role and the identity policy
 * that lets the role put objects under the target prefix of account B's bucket, and nowhere else.
 */
export class WriterSide extends pulumi.ComponentResource {
  public readonly roleArn: pulumi.Output<string>;
  public readonly roleName: pulumi.Output<string>;
  public readonly roleUniqueId: pulumi.Output<string>;
  public readonly functionName: pulumi.Output<string>;
  public readonly functionArn: pulumi.Output<string>;
  public readonly logGroupName: pulumi.Output<string>;
  public readonly failureQueueUrl: pulumi.Output<string>;
  /** In a VPC: the function's subnets, security groups and the gateway endpoint created, if any. */
  public readonly network?: pulumi.Output<WriterNetworkOutputs>;
  /** In a VPC without routeTableIds: what the VPC must provide. */
  public readonly assumptions?: string[];
  /** In a VPC without routeTableIds: the statement the VPC's S3 endpoint policy must hold. */
  public readonly endpointPolicyStatements?: pulumi.Output<PolicyStatement[]>;

  constructor(name: string, args: WriterSideArgs, opts?: pulumi.ComponentResourceOptions) {
    super("cross-account-s3-upload:link:WriterSide", name, {}, opts);
    const role = this.createRole(name, args.target);
    const logGroup = this.createLogGroup(name, args.logRetentionDays);
    const failureQueue = this.createFailureQueue(name);
    const network = args.vpc ? this.connect(name, args, args.vpc, role) : undefined;
    const rolePolicy = this.grantUpload(name, args, role, logGroup, failureQueue, network);
    const fn = this.createFunction(name, args, role, logGroup, [rolePolicy], network);
    this.sendFailedEventsTo(name, fn, failureQueue, rolePolicy);
    if (network) {
      this.network = networkOutputs(network);
      this.assumptions = network.assumption ? [network.assumption.text] : undefined;
      this.endpointPolicyStatements = network.assumption?.endpointPolicyStatements;
    }

    this.roleArn = role.arn;
    this.roleName = role.name;
    this.roleUniqueId = role.uniqueId;
    this.functionName = fn.name;
    this.functionArn = fn.arn;
    this.logGroupName = logGroup.name;
    this.failureQueueUrl = failureQueue.url;
    this.registerOutputs({
      roleArn: this.roleArn,
      roleName: this.roleName,
      roleUniqueId: this.roleUniqueId,
      functionName: this.functionName,
      functionArn: this.functionArn,
      logGroupName: this.logGroupName,
      failureQueueUrl: this.failureQueueUrl,
      network: this.network,
      assumptions: this.assumptions,
      endpointPolicyStatements: this.endpointPolicyStatements,
    });
  }

  /** The function's security groups and route to S3 in its VPC. */
  private connect(
    name: string,
    args: WriterSideArgs,
    vpc: Readonly<VpcConfig>,
    role: aws.iam.Role,
  ): WriterNetwork {
    if (!args.region) throw new Error("a writer in a VPC needs the function's region");
    return createWriterNetwork(name, this, { vpc, region: args.region, target: args.target, role });
  }

  /** The execution role; only the Lambda service may assume it. */
  private createRole(name: string, target: Readonly<UploadTarget>): aws.iam.Role {
    return new aws.iam.Role(
      `${name}-role`,
      {
        description: `Lambda execution role that uploads into s3://${target.bucketName}/${target.prefix} in account ${target.bucketAccountId}`,
        assumeRolePolicy: JSON.stringify(lambdaTrustPolicy()),
      },
      { parent: this },
    );
  }

  private createLogGroup(
    name: string,
    retentionInDays: pulumi.Input<number>,
  ): aws.cloudwatch.LogGroup {
    return new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { namePrefix: `/aws/lambda/${name}-`, retentionInDays },
      { parent: this },
    );
  }

  /** Where asynchronous invocations that still fail after Lambda's retries land. */
  private createFailureQueue(name: string): aws.sqs.Queue {
    return new aws.sqs.Queue(
      `${name}-failed-events`,
      { messageRetentionSeconds: FAILED_EVENT_RETENTION_SECONDS, sqsManagedSseEnabled: true },
      { parent: this },
    );
  }

  /**
   * The role's identity policy: uploads under the prefix, its own logs, its own queue; with
   * SSE-KMS the use of B's key through S3; in a VPC the creation of the function's network
   * interfaces (their management is the network's own policy, see writerNetwork.ts).
   */
  private grantUpload(
    name: string,
    args: WriterSideArgs,
    role: aws.iam.Role,
    logGroup: aws.cloudwatch.LogGroup,
    failureQueue: aws.sqs.Queue,
    network: WriterNetwork | undefined,
  ): aws.iam.RolePolicy {
    const { target } = args;
    return new aws.iam.RolePolicy(
      `${name}-upload`,
      {
        role: role.id,
        policy: pulumi
          .all([
            logGroup.arn,
            failureQueue.arn,
            network?.accountId ?? "",
            network?.securityGroupIds ?? [],
          ])
          .apply(([logGroupArn, failureQueueArn, accountId, securityGroupIds]) => {
            const scope = network && {
              region: network.region,
              accountId,
              subnetIds: network.vpc.subnetIds,
              securityGroupIds,
            };
            return JSON.stringify(
              writerRolePolicy(target, {
                logGroupArn,
                failureQueueArn,
                ...(scope ? { network: scope } : {}),
              }),
            );
          }),
      },
      { parent: this },
    );
  }

  private createFunction(
    name: string,
    args: WriterSideArgs,
    role: aws.iam.Role,
    logGroup: aws.cloudwatch.LogGroup,
    dependsOn: pulumi.Resource[],
    network: WriterNetwork | undefined,
  ): aws.lambda.Function {
    const { target } = args;
    const objectAcl = requiredObjectAcl(target.objectOwnership);
    return new aws.lambda.Function(
      `${name}-fn`,
      {
        description: `Uploads JSON payloads into s3://${target.bucketName}/${target.prefix}`,
        runtime: aws.lambda.Runtime.NodeJS22dX,
        architectures: ["arm64"],
        handler: "index.handler",
        role: role.arn,
        code: args.code,
        memorySize: 256,
        timeout: 30,
        loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
        ...(network
          ? {
              vpcConfig: {
                subnetIds: network.vpc.subnetIds,
                securityGroupIds: network.securityGroupIds,
              },
            }
          : {}),
        environment: {
          variables: {
            ...toEnvironment({
              bucket: target.bucketName,
              prefix: target.prefix,
              expectedBucketOwner: target.bucketAccountId,
              objectAcl,
            }),
            NODE_OPTIONS: "--enable-source-maps",
          },
        },
      },
      // The role must be able to write logs (and, in a VPC, create and manage the function's
      // network interfaces: Lambda checks at creation) and S3 be reachable before the first
      // invocation; destroy removes the function before those grants.
      {
        parent: this,
        dependsOn: [
          ...dependsOn,
          ...(network ? [network.interfacePolicy] : []),
          ...(network?.endpoint ? [network.endpoint] : []),
        ],
      },
    );
  }

  /** Asynchronous invocations that still fail after Lambda's retries land in the queue. */
  private sendFailedEventsTo(
    name: string,
    fn: aws.lambda.Function,
    failureQueue: aws.sqs.Queue,
    rolePolicy: aws.iam.RolePolicy,
  ): void {
    new aws.lambda.FunctionEventInvokeConfig(
      `${name}-on-failure`,
      {
        functionName: fn.name,
        maximumRetryAttempts: 2,
        destinationConfig: { onFailure: { destination: failureQueue.arn } },
      },
      // Lambda checks at creation that the role may send to the destination.
      { parent: this, dependsOn: [rolePolicy] },
    );
  }
}
