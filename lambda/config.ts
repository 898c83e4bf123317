// The function's configuration, read from its environment once at cold start. parseConfig is pure
// so every bad value can be tested directly; handler.ts calls it at module load.
import { BUCKET_OWNER_FULL_CONTROL } from "../components/policies";
import {
  DEFAULT_PREFIX,
  accountIdProblem,
  bucketNameProblem,
  prefixProblem,
} from "../components/validation";

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
/** PutObject's own limit; a larger body could never be written in one request. */
export const MAX_PUT_OBJECT_BYTES = 5 * 1024 ** 3;

export interface UploadConfig {
  bucket: string;
  prefix: string;
  /** Account B's 12-digit id, sent with every request as ExpectedBucketOwner. */
  expectedBucketOwner: string;
  /** Only set when B's Object Ownership is not BucketOwnerEnforced. */
  objectAcl?: typeof BUCKET_OWNER_FULL_CONTROL;
  maxBodyBytes: number;
}

export type Environment = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  override readonly name = "ConfigError";

  constructor(readonly problems: readonly string[]) {
    super(
      `The function's environment is invalid (${problems.length} problem(s)):\n` +
        problems.map((p) => `  - ${p}`).join("\n"),
    );
  }
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
    "TARGET_BUCKET",
    "set it to the name of account B's bucket",
    bucketNameProblem,
  );
  const expectedBucketOwner = required(
    "EXPECTED_BUCKET_OWNER",
    `set it to account B's 12-digit account id, e.g. "222222222222"`,
    accountIdProblem,
  );

  const prefix = env.TARGET_PREFIX ?? DEFAULT_PREFIX;
  const prefixIssue = prefixProblem(prefix);
  if (prefixIssue) problems.push(`TARGET_PREFIX: ${prefixIssue}`);

  const acl = env.OBJECT_ACL;
  if (acl !== undefined && acl !== "" && acl !== BUCKET_OWNER_FULL_CONTROL) {
    problems.push(
      `OBJECT_ACL: "${acl}" is not accepted; set it to ${BUCKET_OWNER_FULL_CONTROL} when the ` +
        `bucket's Object Ownership is ObjectWriter or BucketOwnerPreferred, else leave it unset`,
    );
  }

  const maxBodyBytes = parseMaxBodyBytes(env.MAX_BODY_BYTES, problems);

  if (problems.length > 0) throw new ConfigError(problems);
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
      `MAX_BODY_BYTES: "${raw}" is not a whole number of bytes from 1 to ${MAX_PUT_OBJECT_BYTES}; ` +
        `unset it for the default of ${DEFAULT_MAX_BODY_BYTES}`,
    );
    return DEFAULT_MAX_BODY_BYTES;
  }
  return value;
}
