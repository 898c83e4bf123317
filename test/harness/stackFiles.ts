// Stack files read the way the Pulumi CLI reads them, and the names stacks give each other: what
// the program receives as configuration and what its StackReferences point at.
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { configAccountIdProblem } from "../../components/validation";
import { PROJECT_ROOT } from "./paths";

export const PROJECT = "cross-account-s3-upload";
export const ORGANIZATION = "organization";

/** A stack file that cannot be used, named so the user knows which file to fix. */
export class StackFileError extends Error {}

const GO_INTEGER = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[bB]([01]+)|0[oO]?([0-7]+)|([1-9]\d*|0))$/;

/**
 * Integers as the Pulumi CLI reads them: yaml.v3 drops "_" and parses with Go's
 * strconv.ParseInt(s, 0, 64), so a leading 0 means octal (011111111111 is 1227133513) and
 * 012345678901, no octal, falls through to the float 12345678901. Either way the zeros are gone.
 */
const goYamlInteger = yaml.defineScalarTag("tag:yaml.org,2002:int", {
  implicit: true,
  implicitFirstChars: ["-", "+", ..."0123456789"],
  resolve(source) {
    const match = GO_INTEGER.exec(source.replace(/_/g, ""));
    if (!match) return yaml.NOT_RESOLVED;
    const [, sign, hex, binary, octal, decimal] = match;
    const magnitude =
      hex !== undefined
        ? parseInt(hex, 16)
        : binary !== undefined
          ? parseInt(binary, 2)
          : octal !== undefined
            ? parseInt(octal, 8)
            : parseInt(decimal, 10);
    return sign === "-" ? -magnitude : magnitude;
  },
  identify: (value) => Number.isInteger(value),
});
const CLI_YAML_SCHEMA = yaml.CORE_SCHEMA.withTags(goYamlInteger);

/**
 * A stack file's configuration, flattened the way the Pulumi CLI passes it to the program: a
 * top-level string as it is, a top-level number or boolean as its JSON text, a list or map as
 * JSON (numbers stay numbers there, e.g. after `pulumi config set --path 'ids[0]' 111111111111`).
 */
export function readStackFile(file: string): Record<string, string> {
  const name = path.basename(file);
  let parsed: unknown;
  try {
    parsed = yaml.load(fs.readFileSync(file, "utf8"), { schema: CLI_YAML_SCHEMA });
  } catch (error) {
    throw new StackFileError(`${name}: cannot be read as YAML: ${(error as Error).message}`);
  }
  const config = (parsed as { config?: unknown } | undefined)?.config;
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new StackFileError(`${name}: has no "config:" mapping; see Pulumi.account-a.yaml`);
  }
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    flat[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return flat;
}

/** The configuration of a stack file, e.g. Pulumi.account-a.yaml for "account-a". */
export function stackFileConfig(stack: string, dir: string = PROJECT_ROOT): Record<string, string> {
  return readStackFile(path.join(dir, `Pulumi.${stack}.yaml`));
}

export function qualifiedStackName(stack: string, organization = ORGANIZATION): string {
  return `${organization}/${PROJECT}/${stack}`;
}

/**
 * The stack a StackReference name points at within this project: `<org>/<project>/<stack>` for
 * any organization, or a legacy bare `<stack>`. Undefined for another project's stack or a name
 * the program itself refuses.
 */
export function referencedStack(name: string): string | undefined {
  const parts = name.split("/");
  if (parts.length === 1) return parts[0];
  return parts.length === 3 && parts[1] === PROJECT ? parts[2] : undefined;
}

/** The account a stack deploys into: the first of its aws:allowedAccountIds, number or string. */
export function stackAccountId(config: Record<string, string>): string {
  let ids: unknown;
  try {
    ids = JSON.parse(config["aws:allowedAccountIds"] ?? "[]");
  } catch {
    ids = undefined;
  }
  const first: unknown = Array.isArray(ids) ? ids[0] : undefined;
  const problem = configAccountIdProblem(first);
  if (first === undefined || problem) {
    throw new StackFileError(
      `aws:allowedAccountIds[0]: ${first === undefined ? "is not set" : problem}; ` +
        `list the stack's 12-digit account, e.g. pulumi config set --path 'aws:allowedAccountIds[0]' 111111111111`,
    );
  }
  return String(first);
}

/** A stack file's configuration with some project keys changed; `undefined` removes a key. */
export function withProjectConfig(
  config: Record<string, string>,
  changes: Record<string, string | undefined>,
): Record<string, string> {
  const fullKey = (key: string) => (key.includes(":") ? key : `${PROJECT}:${key}`);
  const changed = new Map(Object.entries(config));
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) changed.delete(fullKey(key));
    else changed.set(fullKey(key), value);
  }
  return Object.fromEntries(changed);
}

/**
 * The writer outputs a bucket stack's StackReferences receive: each writerStacks entry of its
 * configuration that names one of `writers` (by stack name, any organization) gets its outputs.
 */
export function writerOutputsFor(
  bucketConfig: Record<string, string>,
  writers: Record<string, Record<string, unknown>>,
): Record<string, Record<string, unknown>> {
  const outputs: Record<string, Record<string, unknown>> = {};
  for (const name of writerStackNames(bucketConfig)) {
    const stack = referencedStack(name);
    if (stack !== undefined && writers[stack]) outputs[name] = writers[stack];
  }
  return outputs;
}

/** The string entries of a bucket stack's writerStacks list; the program judges the rest. */
export function writerStackNames(bucketConfig: Record<string, string>): string[] {
  let names: unknown;
  try {
    names = JSON.parse(bucketConfig[`${PROJECT}:writerStacks`] ?? "[]");
  } catch {
    names = [];
  }
  return Array.isArray(names) ? names.filter((n): n is string => typeof n === "string") : [];
}
