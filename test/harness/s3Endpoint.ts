// The S3 endpoint the function runs against: s3rver on 127.0.0.1 with the test-only shim in front
// of it (see s3Shim.ts), and a client straight to the emulator to read back what S3 stored.
//
// The SDK addresses an endpoint given by IP address path-style, except a bucket name with dots:
// with an http endpoint it puts such a name into the host (virtual-hosted style), which for an IP
// address is no URL at all (`http://my.bucket.name.127.0.0.1:port/`), and it reads no setting
// from the environment that forces path-style. So the endpoint of such a bucket is named
// `localhost`, and `<bucket>.localhost` resolves here (localhostNames.ts).
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import type { Environment } from "../../lambda/config";
import { setEnvironment } from "./environment";
import { resolveLocalhostNames } from "./localhostNames";
import { S3RVER_KEY, S3RVER_REGION, s3Environment, startS3rver } from "./s3Emulator";
import { S3Shim, startS3Shim } from "./s3Shim";

export const BUCKET = "cross-account-uploads-222222222222";
export const BUCKET_OWNER = "222222222222";

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
  /** The shim's URL: what the handler is pointed at (by name when the bucket name has dots). */
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
  const emulator = await startS3rver(bucket);
  const shim = await startS3Shim(emulator.url, bucketOwner);
  const byName = bucket.includes(".");
  const unresolve = byName ? resolveLocalhostNames() : () => undefined;
  const restoreWarning = setEnvironment({
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  });
  const direct = new S3Client({
    endpoint: emulator.url,
    region: S3RVER_REGION,
    credentials: { accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_KEY },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    forcePathStyle: true,
  });
  restoreWarning();

  const listKeys = async (): Promise<string[]> => {
    const listed = await direct.send(new ListObjectsV2Command({ Bucket: bucket }));
    return (listed.Contents ?? []).map((object) => object.Key ?? "").sort();
  };

  return {
    url: byName ? shim.url.replace("127.0.0.1", "localhost") : shim.url,
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
      await emulator.stop();
      unresolve();
    },
  };
}

/** The standard AWS_* variables that point any SDK v3 client at the endpoint, and only those. */
export function endpointEnvironment(endpoint: S3Endpoint): Environment {
  return s3Environment(endpoint.url);
}
