// Pure checks of the names this project accepts from configuration. Each returns undefined when the
// value is fine, else a sentence that says what is wrong and how to fix it. The checks of values
// the function's environment also carries live in lambda/validation.ts (the function owns its
// contract) and are re-exported here.
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

/** A fully qualified Pulumi stack name, as StackReference needs it. */
export function stackNameProblem(name: string): string | undefined {
  return /^[\w.-]+\/[\w.-]+\/[\w.-]+$/.test(name)
    ? undefined
    : `"${name}" is not a fully qualified stack name; write <organization>/<project>/<stack>, e.g. "organization/cross-account-s3-upload/account-a"`;
}
