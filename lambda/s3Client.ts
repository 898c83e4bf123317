import { S3Client } from "@aws-sdk/client-s3";
import type { FinalizeHandler, FinalizeRequestMiddleware, MetadataBearer } from "@smithy/types";
import { DELIVERIES, Delivery, deliveryOf } from "./delivery";

/** The SDK's default, set here so that the time budget (timeBudget.ts) can count on it. */
export const MAX_ATTEMPTS = 3;
/** Opening a connection to S3 takes milliseconds in a region; a route that drops it fails fast. */
const CONNECTION_TIMEOUT_MS = 3_000;

/**
 * The one S3 client of the function. No endpoint, region or credentials in code: the runtime's
 * execution role and the standard AWS_* variables (AWS_ENDPOINT_URL_S3 included) configure it.
 * Each request passes its own `requestTimeout` (a share of the invocation's remaining time, see
 * timeBudget.ts); `throwOnRequestTimeout` makes a breach a TimeoutError that the SDK retries, where
 * @smithy/node-http-handler 4.x would otherwise only log a warning.
 */
export function createS3Client(): S3Client {
  const s3 = new S3Client({
    // Account B's bucket may live in another region than the function.
    followRegionRedirects: true,
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, throwOnRequestTimeout: true },
  });
  // Inside the SDK's retry loop, so it sees every attempt, not only the last.
  s3.middlewareStack.addRelativeTo(judgeAttempts, {
    relation: "after",
    toMiddleware: "retryMiddleware",
    name: "judgeAttempts",
  });
  return s3;
}

/** The deliveries of an operation's attempts so far, by the request its attempts share. */
const attemptsOf = new WeakMap<object, Delivery[]>();

/**
 * Judges each failed attempt of an operation:
 * - records on its error the deliveries of the operation's attempts so far (delivery.ts). The
 *   SDK's retry loop passes the same request object to every attempt of one operation;
 * - marks 409 ConditionalRequestConflict on PutObject retryable: S3 answers it when another
 *   conditional write to the key is in flight and asks the caller to retry (S3 API reference,
 *   PutObject If-None-Match), and the SDK retries only errors marked retryable. A
 *   CompleteMultipartUpload that conflicts has to start over with a new multipart upload, so
 *   that is left to the caller.
 */
const judgeAttempts: FinalizeRequestMiddleware<object, MetadataBearer> =
  (next: FinalizeHandler<object, MetadataBearer>, context) => async (args) => {
    try {
      return await next(args);
    } catch (error) {
      const operation = typeof args.request === "object" && args.request ? args.request : args;
      const attempts = attemptsOf.get(operation) ?? [];
      attemptsOf.set(operation, attempts);
      attempts.push(deliveryOf(error));
      if (typeof error === "object" && error !== null) {
        Reflect.set(error, DELIVERIES, [...attempts]);
        const conflict = Reflect.get(error, "name") === "ConditionalRequestConflict";
        if (conflict && context.commandName === "PutObjectCommand") {
          Reflect.set(error, "$retryable", { throttling: false });
        }
      }
      throw error;
    }
  };
