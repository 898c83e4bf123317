import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { UploadTarget, lambdaTrustPolicy, requiredObjectAcl, writerRolePolicy } from "./policies";

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

  constructor(name: string, args: WriterSideArgs, opts?: pulumi.ComponentResourceOptions) {
    super("cross-account-s3-upload:link:WriterSide", name, {}, opts);
    const role = this.createRole(name, args.target);
    const logGroup = this.createLogGroup(name, args.logRetentionDays);
    const failureQueue = this.createFailureQueue(name);
    const rolePolicy = this.grantUpload(name, args.target, role, logGroup, failureQueue);
    const fn = this.createFunction(name, args, role, logGroup, rolePolicy);
    this.sendFailedEventsTo(name, fn, failureQueue, rolePolicy);

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
    });
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

  /** The role's identity policy: uploads under the prefix, its own logs, its own queue. */
  private grantUpload(
    name: string,
    target: Readonly<UploadTarget>,
    role: aws.iam.Role,
    logGroup: aws.cloudwatch.LogGroup,
    failureQueue: aws.sqs.Queue,
  ): aws.iam.RolePolicy {
    return new aws.iam.RolePolicy(
      `${name}-upload`,
      {
        role: role.id,
        policy: pulumi
          .all([logGroup.arn, failureQueue.arn])
          .apply(([logGroupArn, failureQueueArn]) =>
            JSON.stringify(writerRolePolicy(target, { logGroupArn, failureQueueArn })),
          ),
      },
      { parent: this },
    );
  }

  private createFunction(
    name: string,
    args: WriterSideArgs,
    role: aws.iam.Role,
    logGroup: aws.cloudwatch.LogGroup,
    rolePolicy: aws.iam.RolePolicy,
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
        environment: {
          variables: {
            TARGET_BUCKET: target.bucketName,
            TARGET_PREFIX: target.prefix,
            EXPECTED_BUCKET_OWNER: target.bucketAccountId,
            ...(objectAcl ? { OBJECT_ACL: objectAcl } : {}),
            NODE_OPTIONS: "--enable-source-maps",
          },
        },
      },
      // The role must be able to write logs before the first invocation.
      { parent: this, dependsOn: [rolePolicy] },
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
