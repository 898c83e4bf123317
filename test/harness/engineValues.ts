// Values as the Pulumi engine marshals them over gRPC: secrets wrapped in a signature object, and
// the marker for a value it cannot know during preview.
import { specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";

/** What the engine sends for a value it cannot know during preview. */
export const UNKNOWN = unknownValue;

/** A secret as the engine marshals it (a secret stack output, a secret resource property). */
export function secret(value: unknown): Record<string, unknown> {
  return { [specialSigKey]: specialSecretSig, value };
}

export function isSecret(value: unknown): value is { value: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[specialSigKey] === specialSecretSig
  );
}

/** The value with every secret replaced by what it wraps, as the policy server reads props. */
export function unwrapSecrets(value: unknown): unknown {
  if (isSecret(value)) return unwrapSecrets(value.value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
}
