// A workaround for one gap of @cloud-copilot/iam-simulate (0.1.173, the newest on npm): it knows
// the KMS condition key `kms:EncryptionContext:${EncryptionContextKey}` but not its concrete form.
// It drops a context key such as `kms:EncryptionContext:aws:s3:arn` as ignored (it expands only
// variable keys that contain "/", like aws:PrincipalTag/x), and once told the key is allowed it
// files the value under the variable's name, where no condition finds it. So a key policy's
// encryption-context condition could never match. This shim lets the engine take S3's one context
// key as given. engineShim.spec.ts shows both gaps without the shim (so it can go once the
// engine learns the key) and the verdicts with it.
import { createRequire } from "module";
import * as path from "path";

/** The concrete encryption-context keys the proof sends: S3 sets only this one. */
const SHIMMED_CONTEXT_KEYS = ["kms:EncryptionContext:aws:s3:arn"];

type AllowedKeys = (...args: unknown[]) => Promise<string[]>;
type NormalizeKey = (key: string) => Promise<string>;

interface EngineModules {
  allowedKeys: { allowedContextKeysForRequest: AllowedKeys };
  keyCase: { normalizeContextKeyCase: NormalizeKey };
}

/** The engine's own modules, by path: the package exports only its entry point. */
function engineModules(): EngineModules {
  const load = createRequire(__filename);
  const dist = path.dirname(load.resolve("@cloud-copilot/iam-simulate"));
  return {
    allowedKeys: load(path.join(dist, "simulation_engine", "contextKeys.js")),
    keyCase: load(path.join(dist, "context_keys", "contextKeys.js")),
  };
}

const VARIABLE_KEY = "kms:encryptioncontext:${encryptioncontextkey}";
let original: { allowed: AllowedKeys; normalize: NormalizeKey } | undefined;

/** Lets the engine evaluate S3's encryption-context key; idempotent. */
export function installEngineShim(): void {
  if (original) return;
  const { allowedKeys, keyCase } = engineModules();
  original = {
    allowed: allowedKeys.allowedContextKeysForRequest,
    normalize: keyCase.normalizeContextKeyCase,
  };
  const { allowed, normalize } = original;
  const concrete = SHIMMED_CONTEXT_KEYS.map((key) => key.toLowerCase());
  allowedKeys.allowedContextKeysForRequest = async (...args) => {
    const keys = await allowed(...args);
    return keys.includes(VARIABLE_KEY) ? [...keys, ...concrete] : keys;
  };
  keyCase.normalizeContextKeyCase = async (key) => {
    const shimmed = SHIMMED_CONTEXT_KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
    return shimmed ?? normalize(key);
  };
}

/** Puts the engine back as it was; for the spec that shows the gaps. */
export function uninstallEngineShim(): void {
  if (!original) return;
  const { allowedKeys, keyCase } = engineModules();
  allowedKeys.allowedContextKeysForRequest = original.allowed;
  keyCase.normalizeContextKeyCase = original.normalize;
  original = undefined;
}
