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
import { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";
import { unwrapSecrets } from "./engineValues";

/** Thrown by `args.notApplicable`, as the server's own NotApplicableError is. */
class NotApplicable extends Error {}

const NO_OPTIONS: PolicyResourceOptions = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

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
