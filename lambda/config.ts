// The function's runtime contract: the environment variables the program sets and the handler
// reads, named once. The program calls toEnvironment(); the handler calls parseConfig() at cold
// start. Both are pure, so every bad value can be tested directly.
import {
  BUCKET_OWNER_FULL_CONTROL,
  DEFAULT_PREFIX,
  accountIdProblem,
  bucketNameProblem,
  prefixProblem,
} from "./validation";

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
/** PutObject's own limit; a larger body could never be written in one request. */
const MAX_PUT_OBJECT_BYTES = 5 * 1024 ** 3;

/** What the program decides about the function; unset optional values take the defaults. */
export interface UploadSettings {
  bucket: string;
  /** Key prefix, e.g. "uploads/"; "" is the bucket root. */
  prefix: string;
  /** Account B's 12-digit id, sent with every request as ExpectedBucketOwner. */
  expectedBucketOwner: string;
  /** Only set when B's Object Ownership is not BucketOwnerEnforced. */
  objectAcl?: typeof BUCKET_OWNER_FULL_CONTROL;
  maxBodyBytes?: number;
}

/** The configuration the handler runs with. */
export interface UploadConfig extends UploadSettings {
  maxBodyBytes: number;
}

/** The environment variable that carries each setting. */
export const VARIABLES = {
  bucket: "TARGET_BUCKET",
  prefix: "TARGET_PREFIX",
  expectedBucketOwner: "EXPECTED_BUCKET_OWNER",
  objectAcl: "OBJECT_ACL",
  maxBodyBytes: "MAX_BODY_BYTES",
} as const satisfies Record<keyof UploadConfig, string>;

export type Environment = Readonly<Record<string, string | undefined>>;

export class EnvironmentError extends Error {
  override readonly name = "EnvironmentError";

  constructor(readonly problems: readonly string[]) {
    super(
      `The function's environment is invalid (${problems.length} problem(s)):\n` +
        problems.map((p) => `  - ${p}`).join("\n"),
    );
  }
}

/**
 * The variables the function needs for `settings`. Throws EnvironmentError when the function
 * would refuse them, so a bad value fails the deployment, not the first invocation.
 */
export function toEnvironment(settings: UploadSettings): Record<string, string> {
  const environment: Record<string, string> = {
    [VARIABLES.bucket]: settings.bucket,
    [VARIABLES.prefix]: settings.prefix,
    [VARIABLES.expectedBucketOwner]: settings.expectedBucketOwner,
  };
  if (settings.objectAcl !== undefined) environment[VARIABLES.objectAcl] = settings.objectAcl;
  if (settings.maxBodyBytes !== undefined) {
    environment[VARIABLES.maxBodyBytes] = String(settings.maxBodyBytes);
  }
  parseConfig(environment);
  return environment;
}

/** Validates the environment and reports every problem at once, each naming its variable. */
export function parseConfig(env: Environment): UploadConfig {
  const problems: string[] = [];
  const required = (
    name: string,
    hint: string,
    check: (value: string) => string | undefined,
  ): string => {
    const value = env[name];
    if (value === undefined || value === "") {
      problems.push(`${name} is not set; ${hint}`);
      return "";
    }
    const problem = check(value);
    if (problem) problems.push(`${name}: ${problem}`);
    return value;
  };

  const bucket = required(
    VARIABLES.bucket,
    "set it to the name of account B's bucket",
    bucketNameProblem,
  );
  const expectedBucketOwner = required(
    VARIABLES.expectedBucketOwner,
    `set it to account B's 12-digit account id, e.g. "222222222222"`,
    accountIdProblem,
  );

  const prefix = env[VARIABLES.prefix] ?? DEFAULT_PREFIX;
  const prefixIssue = prefixProblem(prefix);
  if (prefixIssue) problems.push(`${VARIABLES.prefix}: ${prefixIssue}`);

  const acl = env[VARIABLES.objectAcl];
  if (acl !== undefined && acl !== "" && acl !== BUCKET_OWNER_FULL_CONTROL) {
    problems.push(
      `${VARIABLES.objectAcl}: "${acl}" is not accepted; set it to ${BUCKET_OWNER_FULL_CONTROL} ` +
        `when the bucket's Object Ownership is ObjectWriter or BucketOwnerPreferred, else leave ` +
        `it unset`,
    );
  }

  const maxBodyBytes = parseMaxBodyBytes(env[VARIABLES.maxBodyBytes], problems);

  if (problems.length > 0) throw new EnvironmentError(problems);
  return {
    bucket,
    prefix,
    expectedBucketOwner,
    ...(acl === BUCKET_OWNER_FULL_CONTROL ? { objectAcl: acl } : {}),
    maxBodyBytes,
  };
}

function parseMaxBodyBytes(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw === "") return DEFAULT_MAX_BODY_BYTES;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > MAX_PUT_OBJECT_BYTES) {
    problems.push(
      `${VARIABLES.maxBodyBytes}: "${raw}" is not a whole number of bytes from 1 to ` +
        `${MAX_PUT_OBJECT_BYTES}; unset it for the default of ${DEFAULT_MAX_BODY_BYTES}`,
    );
    return DEFAULT_MAX_BODY_BYTES;
  }
  return value;
}
