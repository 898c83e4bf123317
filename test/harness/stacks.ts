// Runs the project's real Pulumi program under Pulumi's own mock engine and records what every
// resource registration would send to the provider. The mocks only fill in the outputs AWS would
// compute (ARNs, generated names, unique ids); the inputs are the program's own.
import * as pulumi from "@pulumi/pulumi";
import { isSecret } from "./engineValues";
import { computedState, mockId } from "./mockAws";
import { PROJECT_ROOT } from "./paths";
import {
  ORGANIZATION,
  PROJECT,
  StackFileError,
  stackFileConfig,
  stackAccountId,
  writerOutputsFor,
} from "./stackFiles";

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
          const secretOutputNames = Object.keys(outputs).filter((key) => isSecret(outputs[key]));
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

/** Stacks account-a and account-b of `dir`, A first, A's outputs handed to B's StackReference. */
export async function runStackPair(
  dir: string = PROJECT_ROOT,
): Promise<{ writer: StackRun; bucket: StackRun }> {
  const writer = await runStack({ stack: "account-a", config: stackFileConfig("account-a", dir) });
  const config = stackFileConfig("account-b", dir);
  const stackOutputs = writerOutputsFor(config, { "account-a": writer.outputs });
  const bucket = await runStack({ stack: "account-b", config, stackOutputs });
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
