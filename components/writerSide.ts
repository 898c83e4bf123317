import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { toEnvironment } from "../lambda/config";
import { bundleLambda } from "./lambdaBundle";
import { UploadTarget, lambdaTrustPolicy, requiredObjectAcl, writerRolePolicy } from "./policies";

export interface WriterSideArgs {
  target: UploadTarget;
  logRetentionDays: number;
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
    const { target } = args;

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        description: `Lambda execution role that uploads into s3://${target.bucketName}/${target.prefix} in account ${target.bucketAccountId}`,
        assumeRolePolicy: JSON.stringify(lambdaTrustPolicy()),
      },
      { parent: this },
    );

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { namePrefix: `/aws/lambda/${name}-`, retentionInDays: args.logRetentionDays },
      { parent: this },
    );

    const failureQueue = new aws.sqs.Queue(
      `${name}-failed-events`,
      { messageRetentionSeconds: FAILED_EVENT_RETENTION_SECONDS, sqsManagedSseEnabled: true },
      { parent: this },
    );

    const rolePolicy = new aws.iam.RolePolicy(
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

    const bundle = bundleLambda();
    const objectAcl = requiredObjectAcl(target.objectOwnership);
    const fn = new aws.lambda.Function(
      `${name}-fn`,
      {
        description: `Uploads JSON payloads into s3://${target.bucketName}/${target.prefix}`,
        runtime: aws.lambda.Runtime.NodeJS22dX,
        architectures: ["arm64"],
        handler: "index.handler",
        role: role.arn,
        code: new pulumi.asset.AssetArchive({
          "index.js": new pulumi.asset.StringAsset(bundle.code),
          "index.js.map": new pulumi.asset.StringAsset(bundle.sourceMap),
        }),
        memorySize: 256,
        timeout: 30,
        loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
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
      // The role must be able to write logs before the first invocation.
      { parent: this, dependsOn: [rolePolicy] },
    );

    // Asynchronous invocations that still fail after Lambda's retries land in the queue.
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
}
