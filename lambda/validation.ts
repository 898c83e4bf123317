// Pure checks of the names the function's environment carries, and the values it shares with the
// program. Each check returns undefined when the value is fine, else a sentence that says what is
// wrong and how to fix it. No Pulumi or AWS SDK imports: the Lambda bundle includes this module,
// and the program's configuration reader (components/validation.ts) reuses the same checks.

/** Where uploads go when no prefix is configured, in the stacks and in the Lambda alike. */
export const DEFAULT_PREFIX = "uploads/";

/** The only canned ACL a writer may send: it hands the bucket owner (account B) full control. */
export const BUCKET_OWNER_FULL_CONTROL = "bucket-owner-full-control";

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

/** The longest prefix: the function's longest key adds 220 bytes to it (keys.ts). */
export const MAX_PREFIX_BYTES = 512;

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
  const bytes = Buffer.byteLength(prefix);
  if (bytes > MAX_PREFIX_BYTES) {
    return (
      `"${prefix.slice(0, 40)}..." is ${bytes} bytes long (UTF-8); keep the prefix to ` +
      `${MAX_PREFIX_BYTES} bytes, so that every key the function builds under it fits S3's ` +
      `limit of 1,024 bytes`
    );
  }
  if (prefix !== "" && !prefix.endsWith("/")) {
    return (
      `"${prefix}" does not end with "/", so the grant "${prefix}*" would also cover keys such as ` +
      `"${prefix}-archive/..."; write "${prefix}/", or "" for the whole bucket`
    );
  }
  return undefined;
}
