// Runs the project's real Pulumi program under Pulumi's own mock engine and records what every
// resource registration would send to the provider. The mocks only fill in the outputs AWS would
// compute (ARNs, generated names, unique ids); the inputs are the program's own.
import * as pulumi from "@pulumi/pulumi";
import * as crypto from "crypto";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";

export const PROJECT = "cross-account-s3-upload";
export const ORGANIZATION = "organization";
export const PROJECT_ROOT = path.join(__dirname, "..", "..");

export interface RegisteredResource {
  /** The URN the engine would give it; its type chain shows the resource's parents. */
  urn: string;
  type: string;
  name: string;
  inputs: Record<string, unknown>;
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
  /** Outputs of the stacks this one references, by fully qualified stack name. */
  stackOutputs?: Record<string, Record<string, unknown>>;
  /** Changes every IAM role's unique id, as deleting and recreating the role would. */
  roleIncarnation?: number;
}

/** A stack file that cannot be used, named so the user knows which file to fix. */
export class StackFileError extends Error {}

/** A stack file's configuration, flattened the way the Pulumi CLI passes it to the program. */
export function readStackFile(file: string): Record<string, string> {
  const name = path.basename(file);
  let parsed: unknown;
  try {
    parsed = yaml.load(fs.readFileSync(file, "utf8"));
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

/** The configuration of a shipped stack file, e.g. Pulumi.account-a.yaml for "account-a". */
export function readStackConfig(stack: string, dir: string = PROJECT_ROOT): Record<string, string> {
  return readStackFile(path.join(dir, `Pulumi.${stack}.yaml`));
}

export function qualifiedStackName(stack: string): string {
  return `${ORGANIZATION}/${PROJECT}/${stack}`;
}

/** The account a stack deploys into: the first of its aws:allowedAccountIds. */
export function stackAccountId(config: Record<string, string>): string {
  let ids: unknown;
  try {
    ids = JSON.parse(config["aws:allowedAccountIds"] ?? "[]");
  } catch {
    ids = undefined;
  }
  const first: unknown = Array.isArray(ids) ? ids[0] : undefined;
  if (typeof first !== "string" || !/^\d{12}$/.test(first)) {
    throw new StackFileError(
      'aws:allowedAccountIds must list the stack\'s 12-digit account, e.g. ["111111111111"]',
    );
  }
  return first;
}

function digest(text: string, length: number): string {
  return crypto.createHash("sha256").update(text).digest("hex").slice(0, length);
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

function withUrn(resource: Omit<RegisteredResource, "urn">, urns: string[]): RegisteredResource {
  const urn = urns.find(
    (u) => u.endsWith(`::${resource.name}`) && u.split("::")[2].split("$").pop() === resource.type,
  );
  if (!urn) throw new Error(`no URN was registered for ${resource.type} ${resource.name}`);
  return { urn, ...resource };
}

/** Runs index.ts as the given stack and returns every registration and the stack outputs. */
export async function runStack(options: StackRunOptions): Promise<StackRun> {
  const account = stackAccountId(options.config);
  const region = options.config["aws:region"] ?? "us-east-1";
  const resources: Omit<RegisteredResource, "urn">[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        if (args.type === "pulumi:pulumi:StackReference") {
          const name = (args.inputs as { name: string }).name;
          const outputs = options.stackOutputs?.[name] ?? {};
          const state = { name, outputs, secretOutputNames: [] };
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
        return { id: `${args.name}-id`, state };
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
  pulumi.runtime.setAllConfig(options.config);
  const program = (await import("../../index")).default as () => Promise<Record<string, unknown>>;
  const outputs = await resolved(await program());
  await waitForRegistrations();
  const urns = registeredUrns();
  return {
    stack: options.stack,
    resources: resources.map((r) => withUrn(r, urns)),
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

/** Both shipped stacks, A first, with A's outputs handed to B's StackReference. */
export async function runShippedStacks(): Promise<{ writer: StackRun; bucket: StackRun }> {
  const writer = await runStack({ stack: "account-a", config: readStackConfig("account-a") });
  const bucket = await runStack({
    stack: "account-b",
    config: readStackConfig("account-b"),
    stackOutputs: { [qualifiedStackName("account-a")]: writer.outputs },
  });
  return { writer, bucket };
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
