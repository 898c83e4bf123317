// Mocha hooks shared by the Lambda specs: one S3 endpoint per spec file, and the handler loaded
// afresh under a given environment for the enclosing describe.
import type { Context } from "aws-lambda";
import * as assert from "assert";
import * as path from "path";
import type { Environment } from "../../lambda/config";
import type { UploadEvent, UploadResponse } from "../../lambda/handler";
import { setEnvironment } from "../harness/environment";
import { lambdaContext } from "../harness/invocation";
import { Captured, captureLogs } from "../harness/logs";
import {
  BUCKET_OWNER,
  S3Endpoint,
  S3EndpointOptions,
  endpointEnvironment,
  startS3Endpoint,
} from "../harness/s3Endpoint";

// Times for the specs that meet slow or stalled attempts. Under CPU load a healthy request may
// take a good part of a second, so what a spec asserts holds whichever attempt succeeds.
/** Time left for a call that meets a slow or stalled attempt: each attempt gets 1.67 s of it. */
export const REMAINING_MS = 6_000;
/** Longer than REMAINING_MS: an answer held this long arrives after the deadline. */
export const PAST_THE_DEADLINE_MS = 8_000;
/** Time left for a call that stalls to the end: it must give up within it (500 ms margin). */
export const STALLED_REMAINING_MS = 2_000;

/** The function's environment, pointed at the endpoint only through standard AWS_* variables. */
export function lambdaEnvironment(endpoint: S3Endpoint, overrides: Environment = {}): Environment {
  return {
    ...endpointEnvironment(endpoint),
    TARGET_BUCKET: endpoint.bucket,
    TARGET_PREFIX: undefined,
    EXPECTED_BUCKET_OWNER: BUCKET_OWNER,
    OBJECT_ACL: undefined,
    MAX_BODY_BYTES: undefined,
    ...overrides,
  };
}

export type HandlerModule = typeof import("../../lambda/handler");

const LAMBDA_DIR = path.resolve(__dirname, "..", "..", "lambda") + path.sep;

/**
 * Imports lambda/handler afresh, as a cold start would: it reads the environment at module load,
 * and all specs share one mocha process, so a cached copy could hold another spec's settings.
 * The environment must stay set while the module is used: the SDK resolves it lazily.
 */
export async function loadHandler(): Promise<HandlerModule> {
  for (const id of Object.keys(require.cache)) {
    if (id.startsWith(LAMBDA_DIR)) Reflect.deleteProperty(require.cache, id);
  }
  return import("../../lambda/handler");
}

/** Starts an endpoint before the enclosing describe's tests; empties it after each test. */
export function useS3Endpoint(options: S3EndpointOptions = {}): () => S3Endpoint {
  let endpoint: S3Endpoint | undefined;
  before(async () => {
    endpoint = await startS3Endpoint(options);
  });
  afterEach(() => endpoint?.clear());
  after(() => endpoint?.stop());
  return () => {
    if (!endpoint) throw new Error("the S3 endpoint is not started yet");
    return endpoint;
  };
}

/** Loads lambda/handler under the function environment plus `overrides` for the describe. */
export function useHandler(endpoint: () => S3Endpoint, overrides: Environment = {}) {
  let module: HandlerModule | undefined;
  let restore = (): void => undefined;
  before(async () => {
    restore = setEnvironment(lambdaEnvironment(endpoint(), overrides));
    module = await loadHandler();
  });
  after(() => restore());
  const loaded = (): HandlerModule => {
    if (!module) throw new Error("the handler is not loaded yet");
    return module;
  };
  return {
    module: loaded,
    /** Invokes the handler with any event, capturing its log lines. */
    invoke(event: unknown, context: Context = lambdaContext()): Promise<Captured<UploadResponse>> {
      return captureLogs(() => loaded().handler(event as UploadEvent, context));
    },
  };
}

/** The key of a handler's 200 answer. */
export function responseKey(body: string | undefined): string {
  return (JSON.parse(body ?? "") as { key: string }).key;
}

/**
 * The one object a 200 answer's body names, read back: fails unless the body is the success
 * message for the endpoint's bucket and the bucket holds exactly that object, as JSON.
 */
export async function onlyStoredObject(endpoint: S3Endpoint, body: string | undefined) {
  const key = responseKey(body);
  assert.deepStrictEqual(JSON.parse(body ?? ""), {
    message: "Upload successful",
    bucket: endpoint.bucket,
    key,
  });
  assert.deepStrictEqual(await endpoint.listKeys(), [key]);
  const stored = await endpoint.readObject(key);
  assert.strictEqual(stored.contentType, "application/json");
  const document = JSON.parse(stored.body.toString()) as Record<string, unknown>;
  return { key, stored, document };
}
