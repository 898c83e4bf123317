// Reads raw configuration values and records what is wrong with each, naming the key and the fix,
// so that one `pulumi preview` reports every problem at once.
import * as pulumi from "@pulumi/pulumi";
import { configAccountIdProblem } from "./validation";

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
export class ConfigReader {
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
        `write it in the stack file as a YAML list, or ${pathSetCommand(`${name}[0]`, "<value>")}`,
      );
      return undefined;
    }
    parsed.forEach((value, index) => {
      const problem = check(value);
      if (problem) {
        this.problem(`${name}[${index}]`, problem, pathSetCommand(`${name}[${index}]`, "<value>"));
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
      this.problemAt(key, "must be a list of account ids", pathSetCommand(`${key}[0]`, "<id>"));
      return undefined;
    }
    parsed.forEach((id: unknown, index) => {
      const problem = configAccountIdProblem(id);
      if (problem) {
        // The CLI keeps a --path value that starts with 0 as a string, and --type string forces it.
        const fix = `${pathSetCommand(`${key}[${index}]`, "<12-digit account id>")} --type string`;
        this.problemAt(`${key}[${index}]`, problem, fix);
      }
    });
    return parsed.map(String);
  }

  /** A structured value of this project's namespace; undefined when not set. */
  structured(name: string): unknown {
    return this.object(this.config, name);
  }

  /**
   * The region this stack deploys into: aws:region, else the variables the AWS provider falls
   * back to.
   */
  stackRegion(): string | undefined {
    return (
      new pulumi.Config("aws").get("region") ??
      process.env.AWS_REGION ??
      process.env.AWS_DEFAULT_REGION
    );
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

export function setCommand(name: string, value: string): string {
  return `pulumi config set ${name} ${value}`;
}

/** Sets one element of a structured value, e.g. `vpc.subnetIds[1]` or `writerStacks[0]`. */
export function pathSetCommand(path: string, value: string): string {
  return `pulumi config set --path '${path}' ${value}`;
}
