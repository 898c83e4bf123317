// Runs a policy as the policy server does: ResourceValidationArgs built from props passed through a
// protobuf Struct, secrets unwrapped, behind unknownCheckingProxy; violations recorded; a
// not-applicable verdict caught like the server's NotApplicableError.
import {
  PolicyResourceOptions,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  unknownCheckingProxy,
} from "@pulumi/policy";
import { Resource } from "@pulumi/pulumi";
import { specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";
import * as assert from "assert";
import { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";

/** What the engine sends for a value it cannot know during preview. */
export const UNKNOWN = unknownValue;

/** Thrown by `args.notApplicable`, as the server's own NotApplicableError is. */
class NotApplicable extends Error {}

const NO_OPTIONS: PolicyResourceOptions = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  if (record[specialSigKey] === specialSecretSig) return unwrapSecrets(record.value);
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrapSecrets(v)]));
}

/** A secret as the engine marshals it. */
export function secret(value: unknown): Record<string, unknown> {
  return { [specialSigKey]: specialSecretSig, value };
}

/** ResourceValidationArgs as the policy server builds them from an AnalyzeRequest. */
export function resourceArgs(
  type: string,
  props: Record<string, unknown>,
  config: Record<string, unknown> = {},
): ResourceValidationArgs {
  // The SDK leaves undefined properties out of what it marshals, as JSON does.
  const defined = JSON.parse(JSON.stringify(props)) as Record<string, JavaScriptValue>;
  const wire = Struct.fromJavaScript(defined).toJavaScript();
  const proxied: Record<string, unknown> = unknownCheckingProxy(unwrapSecrets(wire));
  const name = "subject";
  const isType = (cls: { new (...rest: never[]): Resource }) =>
    (cls as unknown as { __pulumiType?: string }).__pulumiType === type;
  return {
    type,
    props: proxied,
    urn: `urn:pulumi:test::cross-account-s3-upload::${type}::${name}`,
    name,
    opts: NO_OPTIONS,
    stackTags: new Map(),
    isType,
    asType: <TArgs>(cls: { new (name: string, args: TArgs, ...rest: never[]): Resource }) =>
      (isType(cls) ? proxied : undefined) as never,
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  };
}

interface PolicyOutcome {
  violations: string[];
  /** The reason given, when the policy declared itself not applicable. */
  notApplicable?: string;
}

/** Runs a policy as the server does; UnknownValueError and real errors propagate. */
export async function runPolicy(
  policy: ResourceValidationPolicy,
  args: ResourceValidationArgs,
): Promise<PolicyOutcome> {
  const violations: string[] = [];
  const report: ReportViolation = (message) => {
    violations.push(message);
  };
  try {
    for (const validate of [policy.validateResource ?? []].flat()) await validate(args, report);
  } catch (error) {
    if (error instanceof NotApplicable) return { violations, notApplicable: error.message };
    throw error;
  }
  return { violations };
}

function show(violations: string[]): string {
  return violations.length ? violations.map((v) => `  - ${v}`).join("\n") : "  (none)";
}

export async function assertHasResourceViolation(
  policy: ResourceValidationPolicy,
  args: ResourceValidationArgs,
  ...wanted: (string | RegExp)[]
): Promise<string[]> {
  const { violations } = await runPolicy(policy, args);
  for (const want of wanted) {
    const found = violations.some((v) =>
      typeof want === "string" ? v.includes(want) : want.test(v),
    );
    assert.ok(
      found,
      `${policy.name}: no violation matching ${want}; reported:\n${show(violations)}`,
    );
  }
  assert.ok(violations.length > 0, `${policy.name}: no violation reported`);
  return violations;
}

export async function assertNoResourceViolations(
  policy: ResourceValidationPolicy,
  args: ResourceValidationArgs,
): Promise<void> {
  const { violations, notApplicable } = await runPolicy(policy, args);
  assert.deepStrictEqual(violations, [], `${policy.name} reported:\n${show(violations)}`);
  assert.strictEqual(
    notApplicable,
    undefined,
    `${policy.name} was not applicable: ${notApplicable}`,
  );
}

export async function assertNotApplicable(
  policy: ResourceValidationPolicy,
  args: ResourceValidationArgs,
): Promise<void> {
  const outcome = await runPolicy(policy, args);
  assert.deepStrictEqual(outcome.violations, []);
  assert.ok(outcome.notApplicable, `${policy.name} applied to ${args.type}`);
}

/** The single violation a policy reports; fails on none or several. */
export async function onlyViolation(
  policy: ResourceValidationPolicy,
  args: ResourceValidationArgs,
): Promise<string> {
  const { violations } = await runPolicy(policy, args);
  assert.strictEqual(violations.length, 1, `${policy.name} reported:\n${show(violations)}`);
  return violations[0];
}
