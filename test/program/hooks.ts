// Mocha hooks shared by the program specs: stacks planned once, before the enclosing describe's
// tests, from a directory of stack files.
import * as pulumi from "@pulumi/pulumi";
import { stackFileConfig } from "../harness/stackFiles";
import { StackRun, runStack, runStackPair } from "../harness/stacks";

/** Plans account-a, then account-b with A's outputs; read `writer` and `bucket` in the tests. */
export function usePlannedPair(dir: string): { writer: StackRun; bucket: StackRun } {
  const planned = {} as { writer: StackRun; bucket: StackRun };
  before(async () => {
    Object.assign(planned, await runStackPair(dir));
  });
  return planned;
}

/** Plans account-a alone; read `writer` in the tests. */
export function usePlannedWriter(dir: string): { writer: StackRun } {
  const planned = {} as { writer: StackRun };
  before(async () => {
    planned.writer = await runStack({
      stack: "account-a",
      config: stackFileConfig("account-a", dir),
    });
  });
  return planned;
}

interface RegisterRequest {
  getName(): string;
  getDependenciesList(): string[];
  getCustomtimeouts(): { getDelete(): string } | undefined;
}

/** What the engine receives for each resource, by name, beyond its inputs. */
export interface PlannedRegistrations {
  /** The resources it depends on: those of dependsOn and of its inputs. */
  dependencies: Map<string, string[]>;
  /** Its customTimeouts.delete, when set. */
  deleteTimeouts: Map<string, string>;
}

/**
 * Plans account-a and records, for each resource by name, the resources it depends on and its
 * delete timeout, as the engine receives them: Pulumi's mock `newResource` sees no resource
 * options, but the register request the mock monitor gets carries every dependency (dependsOn and
 * those of the inputs) by URN, which is what the engine orders creation and `pulumi destroy` by,
 * and the custom timeouts.
 */
export function usePlannedRegistrations(dir: string): PlannedRegistrations {
  const planned: PlannedRegistrations = { dependencies: new Map(), deleteTimeouts: new Map() };
  before(async () => {
    await runStack({
      stack: "account-a",
      config: stackFileConfig("account-a", dir),
      program: async () => {
        const monitor = pulumi.runtime.getMonitor() as unknown as {
          registerResource(request: RegisterRequest, callback: unknown): void;
        };
        const register = monitor.registerResource.bind(monitor);
        monitor.registerResource = (request, callback) => {
          const names = request.getDependenciesList().map((urn) => urn.split("::").pop() ?? urn);
          planned.dependencies.set(request.getName(), names);
          const deleteTimeout = request.getCustomtimeouts()?.getDelete();
          if (deleteTimeout) planned.deleteTimeouts.set(request.getName(), deleteTimeout);
          register(request, callback);
        };
        const program = (await import("../../index")).default as () => Promise<
          Record<string, unknown>
        >;
        return program();
      },
    });
  });
  return planned;
}
