// Pure checks of the names this project accepts from configuration. Each returns undefined when the
// value is fine, else a sentence that says what is wrong and how to fix it. The checks of values
// the function's environment also carries live in lambda/validation.ts (the function owns its
// contract) and are re-exported here.
import { accountIdProblem } from "../lambda/validation";

export {
  DEFAULT_PREFIX,
  accountIdProblem,
  bucketNameProblem,
  prefixProblem,
} from "../lambda/validation";

export const OBJECT_OWNERSHIP_MODES = [
  "BucketOwnerEnforced",
  "BucketOwnerPreferred",
  "ObjectWriter",
] as const;
export type ObjectOwnership = (typeof OBJECT_OWNERSHIP_MODES)[number];

export function objectOwnershipProblem(mode: string): string | undefined {
  return (OBJECT_OWNERSHIP_MODES as readonly string[]).includes(mode)
    ? undefined
    : `"${mode}" is not an S3 Object Ownership mode; use one of ${OBJECT_OWNERSHIP_MODES.join(", ")}`;
}

export function isObjectOwnership(mode: string): mode is ObjectOwnership {
  return objectOwnershipProblem(mode) === undefined;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;

/** An IAM role ARN, e.g. `arn:aws:iam::111111111111:role/uploader`; not a user, not a root. */
export function roleArnProblem(arn: string): string | undefined {
  if (ROLE_ARN.test(arn)) return undefined;
  if (/:root$/.test(arn)) {
    return `"${arn}" is an account root, which trusts every principal of that account; use the Lambda execution role ARN`;
  }
  if (/:assumed-role\//.test(arn)) {
    return `"${arn}" is an assumed-role session; use the role ARN, arn:aws:iam::<account>:role/<name>`;
  }
  return `"${arn}" is not an IAM role ARN; use arn:aws:iam::<12-digit account>:role/<role name>`;
}

/** The 12-digit account of a role ARN that passed roleArnProblem. */
export function roleArnAccountId(arn: string): string | undefined {
  return ROLE_ARN.exec(arn)?.[1];
}

/**
 * A stack name a StackReference can resolve: `<organization>/<project>/<stack>` (Pulumi Cloud uses
 * the real organization, a self-managed backend the literal "organization"), or the bare
 * `<stack>` a legacy self-managed backend without project-scoped stacks uses.
 */
export function stackNameProblem(name: string): string | undefined {
  return /^([\w.-]+\/[\w.-]+\/)?[\w.-]+$/.test(name)
    ? undefined
    : `"${name}" is not a stack name a StackReference can resolve; write <organization>/<project>/<stack>, e.g. "organization/cross-account-s3-upload/account-a", or the bare stack name on a legacy self-managed backend`;
}

/**
 * An account id as a stack file may hold it: a string, or a YAML number, which is what an
 * unquoted id becomes. A number drops leading zeros (YAML even reads 011111111111 as octal), so
 * fewer than 12 digits may mean the id was damaged before the program saw it.
 */
export function configAccountIdProblem(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value < 1e11) {
    return (
      `${value} is a YAML number with ${String(value).length} digits: an account id that starts ` +
      `with 0 loses its leading zeros as a number; quote the 12 digits in the stack file`
    );
  }
  const text = typeof value === "number" || typeof value === "string" ? String(value) : "";
  if (/^\d{1,11}$/.test(text)) {
    return (
      `"${text}" has ${text.length} digits, not 12; if the account id starts with 0, the stack ` +
      `file holds it as an unquoted YAML number, which drops leading zeros: quote the 12 digits`
    );
  }
  return typeof value === "number" || typeof value === "string"
    ? accountIdProblem(text)
    : `${JSON.stringify(value)} is not an AWS account id; use the account's 12 digits`;
}

/** How the bucket encrypts new objects: S3's own keys, or a customer managed KMS key of B's. */
export const ENCRYPTION_MODES = ["sse-s3", "sse-kms"] as const;
export type Encryption = (typeof ENCRYPTION_MODES)[number];

export function encryptionProblem(mode: string): string | undefined {
  return (ENCRYPTION_MODES as readonly string[]).includes(mode)
    ? undefined
    : `"${mode}" is not an encryption mode of this project; use ${ENCRYPTION_MODES.join(" or ")}`;
}

export function isEncryption(mode: string): mode is Encryption {
  return encryptionProblem(mode) === undefined;
}

/**
 * Every document this project writes names the standard partition: `arn:aws:...` and
 * `*.amazonaws.com`. The other partitions (AWS GovCloud, China, the ISO regions, the European
 * Sovereign Cloud) name theirs otherwise (arn:aws-us-gov:..., amazonaws.com.cn), so a stack
 * there would deploy documents that match nothing: refused rather than half supported.
 */
const ONLY_STANDARD_PARTITION =
  "this project supports only the standard aws partition (its policies name arn:aws: and " +
  "*.amazonaws.com)";

/**
 * A region name of the standard partition, e.g. eu-west-1, ap-southeast-4. Its regions are
 * `<two letters>-<one word>-<digits>`; the other partitions' are not (us-gov-west-1,
 * us-iso-east-1, eu-isoe-west-1, eusc-de-east-1) or start with cn- (the SDK's partitions.json).
 */
export function regionProblem(region: string): string | undefined {
  if (!/^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/.test(region)) {
    return `"${region}" is not an AWS region name; write e.g. "eu-west-1"`;
  }
  if (!/^[a-z]{2}-[a-z]+-\d{1,2}$/.test(region) || region.startsWith("cn-")) {
    return `"${region}" is a region of another AWS partition; ${ONLY_STANDARD_PARTITION}`;
  }
  return undefined;
}

/** An ARN of the standard partition; the checks above accept any partition's role and key ARNs. */
export function partitionProblem(arn: string): string | undefined {
  const partition = arn.split(":")[1];
  return partition === "aws"
    ? undefined
    : `"${arn}" is an ARN of the ${partition} partition; ${ONLY_STANDARD_PARTITION}`;
}

const KMS_KEY_ARN =
  /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key\/([0-9a-f-]{36}|mrk-[0-9a-f]{32})$/;

/**
 * An existing KMS key for the bucket: a key ARN (S3 and key-policy grants need the ARN, not an
 * alias), in the bucket's account and region, since S3 only uses a key of the bucket's region.
 */
export function kmsKeyArnProblem(
  arn: string,
  bucketAccountId: string,
  bucketRegion: string,
): string | undefined {
  const match = KMS_KEY_ARN.exec(arn);
  if (!match) {
    return /:alias\//.test(arn)
      ? `"${arn}" is an alias; give the key ARN, e.g. from aws kms describe-key --key-id <alias> --query KeyMetadata.Arn`
      : `"${arn}" is not a KMS key ARN; write arn:aws:kms:<region>:<account>:key/<key id>`;
  }
  const [, region, account] = match;
  if (account !== bucketAccountId) {
    return `"${arn}" is a key of account ${account}, not of the bucket's account ${bucketAccountId}; use a key in account B`;
  }
  if (region !== bucketRegion) {
    return `"${arn}" is a key in ${region}, but the bucket is in ${bucketRegion}; S3 only uses a key of the bucket's region`;
  }
  return undefined;
}
