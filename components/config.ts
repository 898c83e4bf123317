// Typed stack configuration, validated before any resource is declared. Every problem is reported
// at once, each naming its config key and the fix, so one `pulumi preview` shows them all.
import * as pulumi from "@pulumi/pulumi";
import { UploadTarget } from "./policies";
import {
  DEFAULT_PREFIX,
  OBJECT_OWNERSHIP_MODES,
  accountIdProblem,
  bucketNameProblem,
  configAccountIdProblem,
  isObjectOwnership,
  objectOwnershipProblem,
  prefixProblem,
  roleArnProblem,
  stackNameProblem,
} from "./validation";

export const DEFAULT_LOG_RETENTION_DAYS = 30;

/** Retention periods CloudWatch Logs accepts. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
];

/** Account A: the Lambda, its role and identity policy. */
export interface WriterStackConfig {
  side: "writer";
  target: UploadTarget;
  logRetentionDays: number;
}

/** Account B: the bucket and its policy. */
export interface BucketStackConfig {
  side: "bucket";
  target: UploadTarget;
  /** Fully qualified writer stacks whose `roleArn` output the bucket policy trusts. */
  writerStacks: string[];
  /** Writer roles not managed by a stack of this project. */
  writerRoleArns: string[];
  forceDestroy: boolean;
}

export type StackConfig = WriterStackConfig | BucketStackConfig;

const WRITER_ONLY_KEYS = ["logRetentionDays"];
const BUCKET_ONLY_KEYS = ["writerStacks", "writerRoleArns", "forceDestroy"];

export class ConfigError extends pulumi.RunError {
  constructor(
    public readonly stack: string,
    public readonly problems: string[],
  ) {
    super(
      `stack "${stack}" has ${problems.length} configuration problem(s):\n` +
        problems.map((p) => `  - ${p}`).join("\n"),
    );
  }
}

/** Reads raw config values and records what is wrong with them. */
class ConfigReader {
  readonly problems: string[] = [];
  private readonly config = new pulumi.Config();

  key(name: string): string {
    return `${this.config.name}:${name}`;
  }

  problem(name: string, text: string, fix: string): void {
    this.problemAt(this.key(name), text, fix);
  }

  /** A problem with a key of any namespace, e.g. aws:allowedAccountIds[0]. */
  problemAt(fullKey: string, text: string, fix: string): void {
    this.problems.push(`${fullKey}: ${text}. Fix: ${fix}`);
  }

  isSet(name: string): boolean {
    return this.config.get(name) !== undefined;
  }

  /** A string, checked by one of the validation functions when given; required without fallback. */
  string(name: string, check?: (value: string) => string | undefined, fallback?: string): string {
    const value = this.config.get(name) ?? fallback;
    if (value === undefined) {
      this.problem(name, "is required but not set", setCommand(name, "<value>"));
      return "";
    }
    const problem = check?.(value);
    if (problem) this.problem(name, problem, setCommand(name, "<value>"));
    return value;
  }

  /**
   * A 12-digit account id. The CLI passes a top-level value as text, also when the stack file
   * holds it as a YAML number (then a leading zero is already gone).
   */
  accountId(name: string): string {
    const value = this.config.get(name);
    const problem = value === undefined ? "is required but not set" : configAccountIdProblem(value);
    if (problem) {
      // `pulumi config set` stores a top-level value as a string, leading zeros included.
      this.problem(name, problem, setCommand(name, "<12-digit account id>"));
    }
    return value ?? "";
  }

  /** A YAML list of strings, each entry checked; undefined when it is not a list. */
  stringList(name: string, check: (value: string) => string | undefined): string[] | undefined {
    const parsed = this.object(this.config, name);
    if (parsed === undefined) return [];
    if (!Array.isArray(parsed) || !parsed.every((v): v is string => typeof v === "string")) {
      this.problem(
        name,
        `must be a list of strings, got ${this.config.get(name)}`,
        `write it in the stack file as a YAML list, or pulumi config set --path '${name}[0]' <value>`,
      );
      return undefined;
    }
    parsed.forEach((value, index) => {
      const problem = check(value);
      if (problem) {
        this.problem(
          `${name}[${index}]`,
          problem,
          `pulumi config set --path '${name}[${index}]' <value>`,
        );
      }
    });
    return parsed;
  }

  integer(name: string, fallback: number, allowed: number[]): number {
    const raw = this.config.get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!allowed.includes(value)) {
      this.problem(
        name,
        `${raw} is not one of ${allowed.join(", ")}`,
        setCommand(name, String(fallback)),
      );
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.config.get(name);
    if (raw === undefined) return fallback;
    if (raw !== "true" && raw !== "false") {
      this.problem(name, `"${raw}" is not true or false`, setCommand(name, "false"));
    }
    return raw === "true";
  }

  /** Keys that belong to the other side are a sign of a mixed-up stack file. */
  refuseKeys(names: string[], side: string): void {
    for (const name of names.filter((n) => this.isSet(n))) {
      this.problem(
        name,
        `only applies to the other side, but this stack's side is "${side}"`,
        `pulumi config rm ${name}, or check that this is the right stack`,
      );
    }
  }

  /**
   * The AWS provider's guard against deploying into the wrong account, when it is set. Entries
   * may be numbers: `pulumi config set --path` stores digits that do not start with 0 as one.
   */
  allowedAccountIds(): string[] | undefined {
    const key = "aws:allowedAccountIds";
    const parsed = this.object(new pulumi.Config("aws"), "allowedAccountIds");
    if (parsed === undefined) return undefined;
    if (!Array.isArray(parsed)) {
      this.problemAt(
        key,
        "must be a list of account ids",
        `pulumi config set --path '${key}[0]' <id>`,
      );
      return undefined;
    }
    parsed.forEach((id: unknown, index) => {
      const problem = configAccountIdProblem(id);
      if (problem) {
        // The CLI keeps a --path value that starts with 0 as a string, and --type string forces it.
        const fix = `pulumi config set --path '${key}[${index}]' <12-digit account id> --type string`;
        this.problemAt(`${key}[${index}]`, problem, fix);
      }
    });
    return parsed.map(String);
  }

  /** A structured value (`Config.getObject`); a value that is not JSON is returned as its text. */
  private object(config: pulumi.Config, name: string): unknown {
    try {
      return config.getObject<unknown>(name);
    } catch {
      return config.get(name);
    }
  }
}

function setCommand(name: string, value: string): string {
  return `pulumi config set ${name} ${value}`;
}

function readTarget(reader: ConfigReader): UploadTarget {
  const objectOwnership = reader.string(
    "objectOwnership",
    objectOwnershipProblem,
    "BucketOwnerEnforced",
  );
  return {
    bucketName: reader.string("bucketName", bucketNameProblem),
    prefix: reader.string("prefix", prefixProblem, DEFAULT_PREFIX),
    bucketAccountId: reader.accountId("bucketAccountId"),
    objectOwnership: isObjectOwnership(objectOwnership)
      ? objectOwnership
      : OBJECT_OWNERSHIP_MODES[0],
  };
}

/** Reads and validates this stack's configuration; throws ConfigError listing every problem. */
export function readStackConfig(): StackConfig {
  const reader = new ConfigReader();
  const side = reader.isSet("side") ? reader.string("side") : undefined;
  let config: StackConfig | undefined;
  if (side === "writer") {
    reader.refuseKeys(BUCKET_ONLY_KEYS, side);
    const target = readTarget(reader);
    reader.allowedAccountIds();
    config = {
      side,
      target,
      logRetentionDays: reader.integer(
        "logRetentionDays",
        DEFAULT_LOG_RETENTION_DAYS,
        LOG_RETENTION_DAYS,
      ),
    };
  } else if (side === "bucket") {
    reader.refuseKeys(WRITER_ONLY_KEYS, side);
    const target = readTarget(reader);
    const writerStacks = reader.stringList("writerStacks", stackNameProblem);
    const writerRoleArns = reader.stringList("writerRoleArns", roleArnProblem);
    if (writerStacks?.length === 0 && writerRoleArns?.length === 0) {
      reader.problem(
        "writerStacks",
        "no writer is configured, so the bucket policy would trust nobody",
        "list the writer stack, e.g. pulumi config set --path 'writerStacks[0]' organization/cross-account-s3-upload/account-a",
      );
    }
    const allowed = reader.allowedAccountIds();
    const accountId = target.bucketAccountId;
    if (allowed && !accountIdProblem(accountId) && !allowed.includes(accountId)) {
      reader.problem(
        "bucketAccountId",
        `is ${accountId}, but aws:allowedAccountIds (${allowed.join(", ")}) would deploy the bucket elsewhere`,
        "make aws:allowedAccountIds and bucketAccountId name the same account B",
      );
    }
    config = {
      side,
      target,
      writerStacks: writerStacks ?? [],
      writerRoleArns: writerRoleArns ?? [],
      forceDestroy: reader.boolean("forceDestroy", false),
    };
  } else {
    reader.problem(
      "side",
      side === undefined ? "is required but not set" : `"${side}" is not a side of the link`,
      `${setCommand("side", "writer")} (account A, the Lambda) or ${setCommand("side", "bucket")} (account B, the bucket)`,
    );
  }
  if (reader.problems.length > 0 || config === undefined) {
    throw new ConfigError(pulumi.getStack(), reader.problems);
  }
  return config;
}
