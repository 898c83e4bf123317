// The statement every bucket policy should have: deny every S3 request made without TLS.
import { arnPattern } from "./arns";
import { Condition, Statement } from "./document/model";
import { isEveryone } from "./principals";

const S3_ARN = arnPattern("s3:::");

function isOnlyInsecureTransport(condition: Condition): boolean {
  if (condition.size !== 1) return false;
  const [[operator, block]] = [...condition];
  if (!["bool", "boolifexists"].includes(operator.toLowerCase()) || block.size !== 1) return false;
  const [[key, values]] = [...block];
  return (
    key.toLowerCase() === "aws:securetransport" &&
    values.length > 0 &&
    values.every((v) => v.toLowerCase() === "false")
  );
}

/**
 * The TLS-only Deny: `Effect: Deny`, principal everyone, Action `*` or `s3:*` (no NotAction),
 * Resource covering the bucket (`*` or an S3 ARN without a key) and all of its objects (`*`, an S3
 * ARN whose key part is exactly `*`, or an S3 ARN without a key ending in `*`), and a Condition
 * that is only `Bool` (or `BoolIfExists`) `aws:SecureTransport` = `false`.
 */
export function isTlsOnlyDeny(statement: Statement): boolean {
  if (statement.effect !== "Deny" || !statement.principal || !isEveryone(statement.principal)) {
    return false;
  }
  const allS3 = (statement.action ?? []).some((a) => a === "*" || a.toLowerCase() === "s3:*");
  const resources = statement.resource ?? [];
  const bucketArn = (r: string) => S3_ARN.test(r) && !r.includes("/");
  const coversBucket = resources.some((r) => r === "*" || bucketArn(r));
  const coversObjects = resources.some(
    (r) =>
      r === "*" ||
      (bucketArn(r) && r.endsWith("*")) ||
      (S3_ARN.test(r) && /^[^/]+\/\*$/.test(r.replace(S3_ARN, ""))),
  );
  return allS3 && coversBucket && coversObjects && isOnlyInsecureTransport(statement.condition);
}
