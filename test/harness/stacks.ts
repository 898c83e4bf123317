// Runs the project's real Pulumi program under Pulumi's own mock engine and records what every
// resource registration would send to the provider. The mocks only fill in the outputs AWS would
// compute (ARNs, generated names, unique ids); the inputs are the program's own.
import * as pulumi from "@pulumi/pulumi";
import * as crypto from "crypto";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { configAccountIdProblem } from "../../components/validation";

export const PROJECT = "cross-account-s3-upload";
export const ORGANIZATION = "organization";
export const PROJECT_ROOT = path.join(__dirname, "..", "..");
/** Stack files the specs own: `example` (the values they assert) and `acme` (a user's). */
export const EXAMPLE_STACKS = path.join(PROJECT_ROOT, "test", "fixtures", "stacks", "example");
export const ACME_STACKS = path.join(PROJECT_ROOT, "test", "fixtures", "stacks", "acme");

export interface RegisteredResource {
  /** The URN the engine would give it; its type chain shows the resource's parents. */
  urn: string;
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** The inputs as the engine receives them over gRPC: assets and secrets in their wire form. */
  wireInputs: Record<string, unknown>;
  /** Outputs the mock engine returned: inputs plus what AWS would compute. */
  state: Record<string, unknown>;
  custom: boolean;
}

export interface StackRun {
  stack: string;
  resources: RegisteredResource[];
  /** The stack's exported outputs, fully resolved. */
  outputs: Record<string, unknown>;
}

export interface StackRunOptions {
  /** Stack name, e.g. "account-a". */
  stack: string;
  /** Flat configuration map, "namespace:key" to the string the Pulumi CLI would pass. */
  config: Record<string, string>;
  /** Outputs of the stacks this one references, by the name it references them with. */
  stackOutputs?: Record<string, Record<string, unknown>>;
  /** Changes every IAM role's unique id, as deleting and recreating the role would. */
  roleIncarnation?: number;
  /** The program to run instead of index.ts, e.g. one component on its own. */
  program?: () => Promise<Record<string, unknown>>;
}

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
export function readStackConfig(stack: string, dir: string = PROJECT_ROOT): Record<string, string> {
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

/** A secret stack output as the engine sends it to a StackReference. */
export function secretStackOutput(value: unknown): Record<string, unknown> {
  return { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value };
}

function isSecretStackOutput(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[pulumi.runtime.specialSigKey] ===
      pulumi.runtime.specialSecretSig
  );
}

function digest(text: string, length: number): string {
  return crypto.createHash("sha256").update(text).digest("hex").slice(0, length);
}

const EC2_ID_PREFIXES: Record<string, string> = {
  "aws:ec2/securityGroup:SecurityGroup": "sg",
  "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce",
};

/** The id AWS would give: `sg-...`, `vpce-...` for EC2 resources, else `<name>-id`. */
function mockId(args: pulumi.runtime.MockResourceArgs): string {
  const prefix = EC2_ID_PREFIXES[args.type];
  return prefix ? `${prefix}-${digest(args.name, 17)}` : `${args.name}-id`;
}

/** What AWS computes on create, for the resource types this program registers. */
function computedState(
  args: pulumi.runtime.MockResourceArgs,
  account: string,
  region: string,
  incarnation: number,
): Record<string, unknown> {
  const inputs = args.inputs as Record<string, unknown>;
  const generatedName = (prefix = `${args.name}-`) => `${prefix}${digest(args.name, 7)}`;
  switch (args.type) {
    case "aws:iam/role:Role": {
      const name = (inputs.name as string | undefined) ?? generatedName();
      const uniqueId = `AROA${digest(`${name}#${incarnation}`, 17).toUpperCase()}`;
      return { name, arn: `arn:aws:iam::${account}:role/${name}`, uniqueId };
    }
    case "aws:cloudwatch/logGroup:LogGroup": {
      const name = generatedName(inputs.namePrefix as string | undefined);
      return { name, arn: `arn:aws:logs:${region}:${account}:log-group:${name}` };
    }
    case "aws:sqs/queue:Queue": {
      const name = generatedName();
      return {
        name,
        arn: `arn:aws:sqs:${region}:${account}:${name}`,
        url: `https://sqs.${region}.amazonaws.com/${account}/${name}`,
      };
    }
    case "aws:lambda/function:Function": {
      const name = generatedName();
      return { name, arn: `arn:aws:lambda:${region}:${account}:function:${name}` };
    }
    case "aws:s3/bucket:Bucket": {
      const bucket = inputs.bucket as string;
      return { bucket, arn: `arn:aws:s3:::${bucket}` };
    }
    case "aws:kms/key:Key": {
      const hex = digest(args.name, 32);
      const keyId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
      return { keyId, arn: `arn:aws:kms:${region}:${account}:key/${keyId}` };
    }
    case "aws:kms/alias:Alias":
      return { arn: `arn:aws:kms:${region}:${account}:${inputs.name as string}` };
    case "aws:ec2/securityGroup:SecurityGroup":
      return { arn: `arn:aws:ec2:${region}:${account}:security-group/${mockId(args)}` };
    case "aws:ec2/vpcEndpoint:VpcEndpoint":
      return {
        arn: `arn:aws:ec2:${region}:${account}:vpc-endpoint/${mockId(args)}`,
        prefixListId: `pl-${digest(`${region}-s3`, 8)}`,
      };
    default:
      return {};
  }
}

async function resolved<T>(value: pulumi.Input<T>): Promise<pulumi.Unwrap<T>> {
  return new Promise((resolve) => pulumi.output(value).apply(resolve));
}

/** The runtime's own wait for every outstanding registration; not in the public typings. */
async function waitForRegistrations(): Promise<void> {
  const settings = (await import("@pulumi/pulumi/runtime/settings")) as unknown as {
    waitForRPCs: () => Promise<void>;
  };
  await settings.waitForRPCs();
}

/** URNs the mock monitor assigned, in registration order. */
function registeredUrns(): string[] {
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    getRegisteredResources(): Map<string, unknown>;
  };
  return [...monitor.getRegisteredResources().keys()];
}

type Recorded = Omit<RegisteredResource, "urn" | "wireInputs">;

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

/** Records each registration request's properties before the mock monitor decodes them. */
function recordWireInputs(into: Map<string, Record<string, unknown>>): void {
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(request: RegisterRequest, callback: unknown): void;
  };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) => {
    into.set(
      `${request.getType()}::${request.getName()}`,
      request.getObject()?.toJavaScript() ?? {},
    );
    register(request, callback);
  };
}

function withUrn(
  resource: Recorded,
  urns: string[],
  wire: Map<string, Record<string, unknown>>,
): RegisteredResource {
  const urn = urns.find(
    (u) => u.endsWith(`::${resource.name}`) && u.split("::")[2].split("$").pop() === resource.type,
  );
  if (!urn) throw new Error(`no URN was registered for ${resource.type} ${resource.name}`);
  return { urn, ...resource, wireInputs: wire.get(`${resource.type}::${resource.name}`) ?? {} };
}

/** Runs index.ts as the given stack and returns every registration and the stack outputs. */
export async function runStack(options: StackRunOptions): Promise<StackRun> {
  // A stack file without a usable account still runs: the program reports what is wrong with it.
  let account = "000000000000";
  try {
    account = stackAccountId(options.config);
  } catch (error) {
    if (!(error instanceof StackFileError)) throw error;
  }
  const region = options.config["aws:region"] ?? "us-east-1";
  const resources: Recorded[] = [];
  const wire = new Map<string, Record<string, unknown>>();
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        if (args.type === "pulumi:pulumi:StackReference") {
          const name = (args.inputs as { name: string }).name;
          const outputs = options.stackOutputs?.[name] ?? {};
          const secretOutputNames = Object.keys(outputs).filter((key) =>
            isSecretStackOutput(outputs[key]),
          );
          const state = { name, outputs, secretOutputNames };
          resources.push({
            type: args.type,
            name: args.name,
            inputs: args.inputs,
            state,
            custom: true,
          });
          return { id: name, state };
        }
        const state = {
          ...args.inputs,
          ...computedState(args, account, region, options.roleIncarnation ?? 0),
        };
        resources.push({
          type: args.type,
          name: args.name,
          inputs: args.inputs,
          state,
          custom: args.custom ?? true,
        });
        return { id: mockId(args), state };
      },
      call(args) {
        throw new Error(`the program made an unexpected provider call: ${args.token}`);
      },
    },
    PROJECT,
    options.stack,
    false,
    ORGANIZATION,
  );
  recordWireInputs(wire);
  pulumi.runtime.setAllConfig(options.config);
  const program =
    options.program ??
    ((await import("../../index")).default as () => Promise<Record<string, unknown>>);
  const outputs = await resolved(await program());
  await waitForRegistrations();
  const urns = registeredUrns();
  return {
    stack: options.stack,
    resources: resources.map((r) => withUrn(r, urns, wire)),
    outputs: outputs as Record<string, unknown>,
  };
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

/** Stacks account-a and account-b of `dir`, A first, A's outputs handed to B's StackReference. */
export async function runStackPair(
  dir: string = PROJECT_ROOT,
): Promise<{ writer: StackRun; bucket: StackRun }> {
  const writer = await runStack({ stack: "account-a", config: readStackConfig("account-a", dir) });
  const config = readStackConfig("account-b", dir);
  const stackOutputs = writerOutputsFor(config, { "account-a": writer.outputs });
  const bucket = await runStack({ stack: "account-b", config, stackOutputs });
  return { writer, bucket };
}

/** Both shipped stacks, whatever values the user put in them. */
export async function runShippedStacks(): Promise<{ writer: StackRun; bucket: StackRun }> {
  return runStackPair(PROJECT_ROOT);
}

/** Every registration of one resource type. */
export function ofType(run: StackRun, type: string): RegisteredResource[] {
  return run.resources.filter((r) => r.type === type);
}

/** The single registration of a resource type; fails when there is not exactly one. */
export function onlyOfType(run: StackRun, type: string): RegisteredResource {
  const found = ofType(run, type);
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${type} in ${run.stack}, found ${found.length}`);
  }
  return found[0];
}
