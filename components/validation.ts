// Pure checks of the names this project accepts from configuration and the Lambda environment.
// Each returns undefined when the value is fine, else a sentence that says what is wrong and how
// to fix it. No Pulumi or AWS SDK imports: the Lambda bundle uses this module too.

/** Where uploads go when no prefix is configured, in the stacks and in the Lambda alike. */
export const DEFAULT_PREFIX = "uploads/";

export const OBJECT_OWNERSHIP_MODES = [
  "BucketOwnerEnforced",
  "BucketOwnerPreferred",
  "ObjectWriter",
] as const;
export type ObjectOwnership = (typeof OBJECT_OWNERSHIP_MODES)[number];

const BUCKET_NAME_CHARS = /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/;
const IPV4_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;
const RESERVED_BUCKET_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_BUCKET_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/** S3 general purpose bucket naming rules. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) {
    return `"${name}" is ${name.length} characters long; an S3 bucket name has 3 to 63 characters`;
  }
  if (!BUCKET_NAME_CHARS.test(name)) {
    return (
      `"${name}" is not a valid S3 bucket name; use only lowercase letters, digits, dots and ` +
      `hyphens, starting and ending with a letter or digit`
    );
  }
  if (name.includes("..")) {
    return `"${name}" contains two adjacent dots; S3 bucket names may not`;
  }
  if (IPV4_ADDRESS.test(name)) {
    return `"${name}" is formatted as an IP address; S3 bucket names may not be`;
  }
  const reservedPrefix = RESERVED_BUCKET_PREFIXES.find((p) => name.startsWith(p));
  if (reservedPrefix) {
    return `"${name}" starts with "${reservedPrefix}", which S3 reserves; choose another name`;
  }
  const reservedSuffix = RESERVED_BUCKET_SUFFIXES.find((s) => name.endsWith(s));
  if (reservedSuffix) {
    return `"${name}" ends with "${reservedSuffix}", which S3 reserves; choose another name`;
  }
  return undefined;
}

export function accountIdProblem(accountId: string): string | undefined {
  return /^\d{12}$/.test(accountId)
    ? undefined
    : `"${accountId}" is not an AWS account id; use the account's 12 digits, e.g. "222222222222"`;
}

/**
 * The key prefix every upload goes under. It becomes part of the policy Resource
 * `arn:aws:s3:::<bucket>/<prefix>*`, so policy wildcards and variables are refused.
 */
export function prefixProblem(prefix: string): string | undefined {
  if (prefix.startsWith("/")) {
    return `"${prefix}" starts with "/"; S3 keys have no leading slash, write e.g. "uploads/"`;
  }
  if (/[*?]/.test(prefix)) {
    return `"${prefix}" contains a wildcard (* or ?); give a literal prefix such as "uploads/", the policies add the "*"`;
  }
  if (prefix.includes("${")) {
    return `"${prefix}" contains "\${", which IAM reads as a policy variable; remove it`;
  }
  if (prefix.length > 512) {
    return `"${prefix}" is ${prefix.length} characters long; keep the prefix under 512 characters`;
  }
  if (prefix !== "" && !prefix.endsWith("/")) {
    return (
      `"${prefix}" does not end with "/", so the grant "${prefix}*" would also cover keys such as ` +
      `"${prefix}-archive/..."; write "${prefix}/", or "" for the whole bucket`
    );
  }
  return undefined;
}

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

/** An AWS region name, e.g. eu-west-1, us-gov-west-1, ap-southeast-4. */
export function regionProblem(region: string): string | undefined {
  return /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region)
    ? undefined
    : `"${region}" is not an AWS region name; write e.g. "eu-west-1"`;
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
