// Advice that several policies' messages share, worded once.

export const USE_ROLE_NOT_ROOT = "Use the Lambda execution role ARN, not the account root";

export const END_WITH_SLASH_STAR = "Make sure it ends with /*";

export const SEPARATE_BUCKET_ACTIONS =
  "Grant bucket actions such as s3:ListBucket in a statement of their own on the bucket ARN.";

export function listed(items: readonly string[]): string {
  return items.join(", ");
}
