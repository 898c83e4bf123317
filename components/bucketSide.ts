import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { UploadTarget, WriterRole, bucketArn, bucketPolicy } from "./policies";

export interface BucketSideArgs {
  /** The bucket, prefix and ownership mode; the bucket policy is derived from it. */
  readonly target: Readonly<UploadTarget>;
  /** The writer roles the bucket policy trusts, each with its own statement. */
  readonly writers: readonly WriterRole[];
  /** Let `pulumi destroy` delete a bucket that still holds objects. */
  readonly forceDestroy: pulumi.Input<boolean>;
}

/** Days after which S3 removes the parts of a multipart upload that never completed. */
const INCOMPLETE_UPLOAD_DAYS = 1;

/**
 * Account B's half of the upload link: a private, encrypted bucket whose policy lets exactly the
 * writer roles put objects under the target prefix, and refuses every request without TLS.
 */
export class BucketSide extends pulumi.ComponentResource {
  public readonly bucketName: pulumi.Output<string>;
  public readonly bucketArn: pulumi.Output<string>;
  public readonly policy: pulumi.Output<string>;

  constructor(name: string, args: BucketSideArgs, opts?: pulumi.ComponentResourceOptions) {
    super("cross-account-s3-upload:link:BucketSide", name, {}, opts);
    const { target } = args;
    const bucket = new aws.s3.Bucket(
      name,
      { bucket: target.bucketName, forceDestroy: args.forceDestroy },
      { parent: this },
    );
    const guards = this.lockDown(name, bucket, target);
    this.clearAbandonedUploads(name, bucket, target);
    const policy = new aws.s3.BucketPolicy(
      `${name}-policy`,
      { bucket: bucket.id, policy: JSON.stringify(bucketPolicy(target, args.writers)) },
      // Written once public access is blocked, so no window exists where a mistake could publish.
      { parent: this, dependsOn: guards },
    );

    this.bucketName = bucket.bucket;
    this.bucketArn = pulumi.output(bucketArn(target.bucketName));
    this.policy = policy.policy;
    this.registerOutputs({
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
      policy: this.policy,
    });
  }

  /** Ownership, public access block and default encryption; returns what the policy waits for. */
  private lockDown(
    name: string,
    bucket: aws.s3.Bucket,
    target: Readonly<UploadTarget>,
  ): pulumi.Resource[] {
    const ownership = new aws.s3.BucketOwnershipControls(
      `${name}-ownership`,
      { bucket: bucket.id, rule: { objectOwnership: target.objectOwnership } },
      { parent: this },
    );
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access-block`,
      {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      { parent: this },
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        bucket: bucket.id,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
      },
      { parent: this },
    );
    return [publicAccessBlock, ownership];
  }

  /**
   * The writer may not abort its own multipart uploads (it holds s3:PutObject only), so parts
   * left by a failed large upload are cleaned up here instead of being stored forever.
   */
  private clearAbandonedUploads(
    name: string,
    bucket: aws.s3.Bucket,
    target: Readonly<UploadTarget>,
  ): void {
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        bucket: bucket.id,
        rules: [
          {
            id: "abort-incomplete-multipart-uploads",
            status: "Enabled",
            filter: { prefix: target.prefix },
            abortIncompleteMultipartUpload: { daysAfterInitiation: INCOMPLETE_UPLOAD_DAYS },
          },
        ],
      },
      { parent: this },
    );
  }
}
