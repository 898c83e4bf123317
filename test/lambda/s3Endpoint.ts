// The S3 endpoint the Lambda specs run against: s3rver on 127.0.0.1 with the test-only shim in
// front of it (see s3Shim.ts), plus helpers to configure and load the handler purely through the
// environment, as Lambda does, and to read back what S3 actually stored.
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import type { Context } from "aws-lambda";
import { randomUUID } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import S3rver from "s3rver";
import { S3Shim, startS3Shim } from "./s3Shim";

export const BUCKET = "cross-account-uploads-222222222222";
export const BUCKET_OWNER = "222222222222";
/** s3rver accepts no other access key id; it does not check the secret. */
const S3RVER_KEY = "S3RVER";
const REGION = "eu-west-1";

export interface StoredObject {
  body: Buffer;
  contentType?: string;
  /** User metadata (x-amz-meta-*), names in lower case. */
  metadata: Record<string, string>;
}

export interface S3EndpointOptions {
  bucket?: string;
  /** The account the shim answers AccessDenied for when x-amz-expected-bucket-owner differs. */
  bucketOwner?: string;
}

export interface S3Endpoint {
  /** The shim's URL: what the handler is pointed at. */
  url: string;
  bucket: string;
  shim: S3Shim;
  listKeys(): Promise<string[]>;
  readObject(key: string): Promise<StoredObject>;
  /** Writes straight into the emulator, bypassing the shim. */
  putObject(key: string, body: string): Promise<void>;
  /** Deletes every object and forgets the shim's requests and faults. */
  clear(): Promise<void>;
  stop(): Promise<void>;
}

export async function startS3Endpoint({
  bucket = BUCKET,
  bucketOwner = BUCKET_OWNER,
}: S3EndpointOptions = {}): Promise<S3Endpoint> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "lambda-s3rver-"));
  const emulator = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await emulator.run();
  const emulatorUrl = `http://127.0.0.1:${port}`;
  const shim = await startS3Shim(emulatorUrl, bucketOwner);
  // Node 20 is this machine's runtime, not the function's (nodejs22.x): silence the SDK's notice.
  const restoreWarning = setEnvironment({
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  });
  const direct = new S3Client({
    endpoint: emulatorUrl,
    region: REGION,
    credentials: { accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_KEY },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  restoreWarning();

  const listKeys = async (): Promise<string[]> => {
    const listed = await direct.send(new ListObjectsV2Command({ Bucket: bucket }));
    return (listed.Contents ?? []).map((object) => object.Key ?? "").sort();
  };

  return {
    url: shim.url,
    bucket,
    shim,
    listKeys,
    async readObject(key) {
      const object = await direct.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!object.Body) throw new Error(`s3://${bucket}/${key} has no body`);
      const body = Buffer.from(await object.Body.transformToByteArray());
      return { body, contentType: object.ContentType, metadata: object.Metadata ?? {} };
    },
    async putObject(key, body) {
      await direct.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    async clear() {
      const keys = await listKeys();
      if (keys.length > 0) {
        await direct.send(
          new DeleteObjectsCommand({
            Bucket: bucket,
            Delete: { Objects: keys.map((Key) => ({ Key })) },
          }),
        );
      }
      shim.reset();
    },
    async stop() {
      direct.destroy();
      await shim.close();
      await emulator.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

export type Environment = Record<string, string | undefined>;

/** The standard AWS_* variables that point any SDK v3 client at the endpoint, and only those. */
export function endpointEnvironment(endpoint: S3Endpoint): Environment {
  return {
    AWS_ENDPOINT_URL_S3: endpoint.url,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: S3RVER_KEY,
    AWS_SECRET_ACCESS_KEY: S3RVER_KEY,
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_REQUEST_CHECKSUM_CALCULATION: "WHEN_REQUIRED",
    AWS_RESPONSE_CHECKSUM_VALIDATION: "WHEN_REQUIRED",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
}

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

/** Sets (or, for undefined, removes) variables; returns a function that restores the old ones. */
export function setEnvironment(variables: Environment): () => void {
  const saved: Environment = {};
  for (const [name, value] of Object.entries(variables)) {
    saved[name] = process.env[name];
    if (value === undefined) Reflect.deleteProperty(process.env, name);
    else process.env[name] = value;
  }
  return () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = value;
    }
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

export function lambdaContext(
  awsRequestId: string = randomUUID(),
  remainingMs: number = 30_000,
): Context {
  const deadline = Date.now() + remainingMs;
  return {
    awsRequestId,
    callbackWaitsForEmptyEventLoop: true,
    functionName: "uploader",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:eu-west-1:111111111111:function:uploader",
    memoryLimitInMB: "256",
    logGroupName: "/aws/lambda/uploader",
    logStreamName: "2024/05/01/[$LATEST]0123456789abcdef",
    getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export type LogLine = Record<string, unknown>;

export interface Captured<T> {
  result?: T;
  error?: unknown;
  /** The JSON lines written to stdout meanwhile. */
  logs: LogLine[];
}

/** Runs `work` with stdout captured, so the function's log lines can be asserted (and stay quiet). */
export async function captureLogs<T>(work: () => Promise<T>): Promise<Captured<T>> {
  const output: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array): boolean => {
    output.push(chunk.toString());
    return true;
  }) as typeof process.stdout.write;
  const captured: Captured<T> = { logs: [] };
  try {
    captured.result = await work();
  } catch (error) {
    captured.error = error;
  } finally {
    process.stdout.write = write;
  }
  captured.logs = output
    .join("")
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as LogLine);
  return captured;
}
