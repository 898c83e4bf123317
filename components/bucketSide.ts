import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { keyPolicy, keyUserStatements } from "./kmsPolicies";
import { PolicyStatement, UploadTarget, WriterRole, bucketArn, bucketPolicy } from "./policies";

export interface BucketSideArgs {
  /** The bucket, prefix and ownership mode; the bucket policy is derived from it. */
  readonly target: Readonly<UploadTarget>;
  /** The writer roles the bucket policy trusts, each with its own statement. */
  readonly writers: readonly WriterRole[];
  /** Let `pulumi destroy` delete a bucket that still holds objects. */
  readonly forceDestroy: pulumi.Input<boolean>;
  /** With SSE-KMS: an existing key of account B; without it, the component creates one. */
  readonly kmsKeyArn?: string;
}

/** Days a scheduled key deletion waits: KMS's maximum, the longest window to cancel a mistake. */
const KEY_DELETION_WINDOW_DAYS = 30;

function existingKeyAssumption(keyArn: string, statements: PolicyStatement[]): string {
  const sids = statements.map((s) => s.Sid).join(", ");
  return (
    `the policy of the existing key ${keyArn} holds the statements of keyPolicyStatements ` +
    `(${sids}), next to a statement that lets account B administer the key; add them before ` +
    "the first upload, or every upload fails with AccessDenied from KMS"
  );
}

/** The bucket's SSE-KMS key: created here, or an existing one whose policy B must extend. */
interface BucketKey {
  arn: pulumi.Output<string>;
  alias?: pulumi.Output<string>;
  /** For an existing key: the statements its policy must hold. */
  statementsToAdd?: PolicyStatement[];
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
  /** With SSE-KMS: the key new objects are encrypted with. */
  public readonly kmsKeyArn?: pulumi.Output<string>;
  /** With SSE-KMS and a key created here: its alias. */
  public readonly kmsKeyAlias?: pulumi.Output<string>;
  /** With an existing key: the statements its key policy must hold for the writers. */
  public readonly keyPolicyStatements?: PolicyStatement[];
  /** What the stack relies on but does not create: an existing key's policy. */
  public readonly assumptions?: string[];

  constructor(name: string, args: BucketSideArgs, opts?: pulumi.ComponentResourceOptions) {
    super("cross-account-s3-upload:link:BucketSide", name, {}, opts);
    const { target } = args;
    const bucket = new aws.s3.Bucket(
      name,
      { bucket: target.bucketName, forceDestroy: args.forceDestroy },
      { parent: this },
    );
    const key = target.encryption === "sse-kms" ? this.bucketKey(name, args) : undefined;
    const guards = this.lockDown(name, bucket, target, key);
    this.clearAbandonedUploads(name, bucket, target);
    const document = key
      ? key.arn.apply((arn) => JSON.stringify(bucketPolicy(target, args.writers, arn)))
      : JSON.stringify(bucketPolicy(target, args.writers));
    const policy = new aws.s3.BucketPolicy(
      `${name}-policy`,
      { bucket: bucket.id, policy: document },
      // Written once public access is blocked, so no window exists where a mistake could publish.
      { parent: this, dependsOn: guards },
    );

    this.bucketName = bucket.bucket;
    this.bucketArn = pulumi.output(bucketArn(target.bucketName));
    this.policy = policy.policy;
    this.kmsKeyArn = key?.arn;
    this.kmsKeyAlias = key?.alias;
    this.keyPolicyStatements = key?.statementsToAdd;
    if (args.kmsKeyArn && key?.statementsToAdd) {
      this.assumptions = [existingKeyAssumption(args.kmsKeyArn, key.statementsToAdd)];
      pulumi.log.info(`${this.assumptions[0]}: ${JSON.stringify(key.statementsToAdd)}`, this);
    }
    this.registerOutputs({
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
      policy: this.policy,
      kmsKeyArn: this.kmsKeyArn,
      kmsKeyAlias: this.kmsKeyAlias,
      keyPolicyStatements: this.keyPolicyStatements,
      assumptions: this.assumptions,
    });
  }

  /**
   * The customer managed key of the bucket, rotated yearly by KMS, with an alias; or the existing
   * key given, whose policy B's key administrators extend with the writers' statements.
   */
  private bucketKey(name: string, args: BucketSideArgs): BucketKey {
    const { target, writers } = args;
    if (args.kmsKeyArn) {
      return {
        arn: pulumi.output(args.kmsKeyArn),
        statementsToAdd: keyUserStatements(target, writers),
      };
    }
    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `Encrypts the objects of s3://${target.bucketName} (SSE-KMS with an S3 Bucket Key)`,
        enableKeyRotation: true,
        deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
        policy: JSON.stringify(keyPolicy(target, writers)),
      },
      { parent: this },
    );
    // Alias names allow letters, digits, "/", "_" and "-", not the dots a bucket name may hold.
    const alias = new aws.kms.Alias(
      `${name}-key-alias`,
      { name: `alias/s3/${target.bucketName.replace(/\./g, "-")}`, targetKeyId: key.keyId },
      { parent: this },
    );
    return { arn: key.arn, alias: alias.name };
  }

  /** Ownership, public access block and default encryption; returns what the policy waits for. */
  private lockDown(
    name: string,
    bucket: aws.s3.Bucket,
    target: Readonly<UploadTarget>,
    key: BucketKey | undefined,
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
        rules: [
          key
            ? {
                applyServerSideEncryptionByDefault: {
                  sseAlgorithm: "aws:kms",
                  kmsMasterKeyId: key.arn,
                },
                // S3 asks KMS for a bucket-level key instead of one per object.
                bucketKeyEnabled: true,
              }
            : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ],
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
