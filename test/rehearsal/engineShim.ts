// A workaround for one gap of @cloud-copilot/iam-simulate: it knows the KMS condition key
// `kms:EncryptionContext:${EncryptionContextKey}` but not its concrete form. It drops a context
// key such as `kms:EncryptionContext:aws:s3:arn` as ignored (it expands only variable keys that
// contain "/", like aws:PrincipalTag/x), and once told the key is allowed it files the value under
// the variable's name, where no condition finds it. So a key policy's encryption-context condition
// could never match. This shim lets the engine take S3's one context key as given, while a proof
// runs and only then: other users of the engine (the pack's differential oracle) see it unpatched.
// It replaces functions the engine does not export, found by path: package.json pins the engine
// to SHIMMED_ENGINE_VERSION and engineShim.spec.ts fails on any other, and shows both gaps without
// the shim (so it can go once the engine learns the key) and the verdicts with it.
import { createRequire } from "module";
import * as path from "path";

/** The engine release whose internals the shim was written against. */
export const SHIMMED_ENGINE_VERSION = "0.1.173";

/** The concrete encryption-context keys the proof sends: S3 sets only this one. */
const SHIMMED_CONTEXT_KEYS = ["kms:EncryptionContext:aws:s3:arn"];

type AllowedKeys = (...args: unknown[]) => Promise<string[]>;
type NormalizeKey = (key: string) => Promise<string>;

/** The two engine functions the shim replaces. */
export interface ShimmedFunctions {
  allowed: AllowedKeys;
  normalize: NormalizeKey;
}

interface EngineModules {
  allowedKeys: { allowedContextKeysForRequest: AllowedKeys };
  keyCase: { normalizeContextKeyCase: NormalizeKey };
}

const load = createRequire(__filename);

/** The engine's own modules, by path: the package exports only its entry point. */
function engineModules(): EngineModules {
  const dist = path.dirname(load.resolve("@cloud-copilot/iam-simulate"));
  return {
    allowedKeys: load(path.join(dist, "simulation_engine", "contextKeys.js")),
    keyCase: load(path.join(dist, "context_keys", "contextKeys.js")),
  };
}

/** The version of the engine installed, from its package.json beside its entry point's dist/. */
export function installedEngineVersion(): string {
  const entry = load.resolve("@cloud-copilot/iam-simulate");
  const root = entry.slice(0, entry.lastIndexOf(`${path.sep}dist${path.sep}`));
  return (load(path.join(root, "package.json")) as { version: string }).version;
}

/** The engine functions in use now: the engine's own, or the shim's while a proof runs. */
export function engineFunctions(): ShimmedFunctions {
  const { allowedKeys, keyCase } = engineModules();
  return {
    allowed: allowedKeys.allowedContextKeysForRequest,
    normalize: keyCase.normalizeContextKeyCase,
  };
}

const VARIABLE_KEY = "kms:encryptioncontext:${encryptioncontextkey}";
let original: ShimmedFunctions | undefined;
let depth = 0;

function install(): void {
  const { allowedKeys, keyCase } = engineModules();
  original = engineFunctions();
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

function uninstall(): void {
  if (!original) return;
  const { allowedKeys, keyCase } = engineModules();
  allowedKeys.allowedContextKeysForRequest = original.allowed;
  keyCase.normalizeContextKeyCase = original.normalize;
  original = undefined;
}

/**
 * Runs `work` with the engine taught S3's encryption-context key, and puts the engine back as it
 * was afterwards. Nested calls share one installation.
 */
export async function withEngineShim<T>(work: () => Promise<T>): Promise<T> {
  if (depth++ === 0) install();
  try {
    return await work();
  } finally {
    if (--depth === 0) uninstall();
  }
}
