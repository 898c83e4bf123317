// TEST-ONLY SHIM, NOT AN S3 IMPLEMENTATION. A small HTTP proxy in front of the S3 emulator
// (s3rver), which does not implement these parts of S3:
//   - conditional writes: PutObject / CompleteMultipartUpload with `If-None-Match: *` answer
//     412 PreconditionFailed when the key exists, 409 ConditionalRequestConflict while another
//     conditional write to the same key is being stored;
//   - the bucket owner check: an `x-amz-expected-bucket-owner` other than the owner answers
//     403 AccessDenied, as S3 does.
// It also injects the faults a Lambda meets (see Fault) and records every request it received,
// so tests assert what actually reached S3. It takes both addressing styles, and forwards every
// request path-style: `Host: <bucket>.localhost` names the bucket (virtual-hosted style).
import * as http from "http";
import { AddressInfo, Socket } from "net";

export type S3Operation =
  | "PutObject"
  | "CreateMultipartUpload"
  | "UploadPart"
  | "CompleteMultipartUpload"
  | "AbortMultipartUpload"
  | "Other";

export interface RecordedRequest {
  operation: S3Operation;
  method: string;
  /** Path-style `/bucket/key`, decoded. */
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The status the shim answered with; undefined while pending or when the connection dropped. */
  status?: number;
}

export type Fault =
  | { kind: "error"; status: number; code: string }
  /** Drops the connection before the request reaches the emulator: nothing is stored. */
  | { kind: "resetBeforeForward" }
  /** Lets the emulator store the request, then drops the connection: the answer is lost. */
  | { kind: "resetAfterForward" }
  /** Lets the emulator store the request, then holds the answer back for `ms` (slow S3). */
  | { kind: "delayReply"; ms: number }
  /** Reads nothing, stores nothing, never answers: a stalled connection. */
  | { kind: "stall" };

export interface S3Shim {
  url: string;
  readonly requests: RecordedRequest[];
  /** Queues a fault for the next request(s) of that operation, first in first out. */
  injectFault(operation: S3Operation, fault: Fault): void;
  requestsFor(operation: S3Operation): RecordedRequest[];
  /** Resolves once `count` requests of the operation have arrived since the last reset. */
  arrived(operation: S3Operation, count?: number): Promise<void>;
  /** Forgets recorded requests, unused faults and held answers. */
  reset(): void;
  close(): Promise<void>;
}

interface Waiter {
  operation: S3Operation;
  count: number;
  resolve: () => void;
}

export async function startS3Shim(upstream: string, bucketOwner: string): Promise<S3Shim> {
  const target = new URL(upstream);
  const requests: RecordedRequest[] = [];
  const faults = new Map<S3Operation, Fault[]>();
  const waiters: Waiter[] = [];
  const conditionalWritesInFlight = new Set<string>();
  const sockets = new Set<Socket>();
  const heldAnswers = new Set<NodeJS.Timeout>();
  // Its own connections to the emulator, closed with the shim, so none outlives a test file.
  const agent = new http.Agent({ keepAlive: true });

  const requestsFor = (operation: S3Operation): RecordedRequest[] =>
    requests.filter((r) => r.operation === operation);

  const wake = (): void => {
    for (const waiter of [...waiters]) {
      if (requestsFor(waiter.operation).length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };

  /** Sends the request to the emulator; resolves once the emulator has answered (stored). */
  const store = (req: http.IncomingMessage): Promise<http.IncomingMessage> =>
    new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: target.host };
      delete headers.expect;
      const upstreamReq = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers,
          agent,
        },
        resolve,
      );
      upstreamReq.on("error", reject);
      // A client that gives up mid-body must not leave the emulator waiting for the rest.
      req.on("close", () => {
        if (!req.complete) upstreamReq.destroy();
      });
      req.pipe(upstreamReq);
    });

  const relay = (upstreamRes: http.IncomingMessage, res: http.ServerResponse): void => {
    res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
    upstreamRes.pipe(res);
  };

  const forward = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    fault: Fault | undefined,
    stored: () => void = () => undefined,
  ): Promise<void> => {
    let upstreamRes: http.IncomingMessage;
    try {
      upstreamRes = await store(req);
    } catch (error) {
      res.destroy(error instanceof Error ? error : undefined);
      return;
    } finally {
      stored();
    }
    if (fault?.kind === "resetAfterForward") {
      upstreamRes.resume();
      upstreamRes.on("end", () => req.socket.destroy());
    } else if (fault?.kind === "delayReply") {
      const timer = setTimeout(() => {
        heldAnswers.delete(timer);
        relay(upstreamRes, res);
      }, fault.ms);
      heldAnswers.add(timer);
    } else {
      relay(upstreamRes, res);
    }
  };

  const objectExists = (path: string): Promise<boolean> =>
    new Promise((resolve, reject) => {
      http
        .request(
          { host: target.hostname, port: target.port, method: "HEAD", path, agent },
          (res) => {
            res.resume();
            resolve(res.statusCode === 200);
          },
        )
        .on("error", reject)
        .end();
    });

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    req.url = pathStyle(req);
    const url = new URL(req.url, "http://shim");
    const operation = classify(req.method ?? "", url);
    const record: RecordedRequest = {
      operation,
      method: req.method ?? "",
      path: decodeURIComponent(url.pathname),
      headers: req.headers,
    };
    requests.push(record);
    res.on("finish", () => (record.status = res.statusCode));
    wake();

    const fault = faults.get(operation)?.shift();
    if (fault?.kind === "error") return answerError(req, res, fault.status, fault.code);
    if (fault?.kind === "resetBeforeForward") return void req.socket.destroy();
    if (fault?.kind === "stall") return;

    const expectedOwner = req.headers["x-amz-expected-bucket-owner"];
    if (expectedOwner !== undefined && expectedOwner !== bucketOwner) {
      return answerError(req, res, 403, "AccessDenied");
    }

    const conditional =
      req.headers["if-none-match"] === "*" &&
      (operation === "PutObject" || operation === "CompleteMultipartUpload");
    if (!conditional) return forward(req, res, fault);

    if (conditionalWritesInFlight.has(url.pathname)) {
      return answerError(req, res, 409, "ConditionalRequestConflict");
    }
    conditionalWritesInFlight.add(url.pathname);
    const release = (): void => void conditionalWritesInFlight.delete(url.pathname);
    let exists: boolean;
    try {
      exists = await objectExists(url.pathname);
    } catch (error) {
      release();
      throw error;
    }
    if (exists) {
      release();
      return answerError(req, res, 412, "PreconditionFailed");
    }
    // Released once stored: from then on the key exists and a conditional write meets 412.
    await forward(req, res, fault, release);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) =>
      res.destroy(error instanceof Error ? error : undefined),
    );
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const dropHeldAnswers = (): void => {
    for (const timer of heldAnswers) clearTimeout(timer);
    heldAnswers.clear();
  };

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    injectFault(operation, fault) {
      faults.set(operation, [...(faults.get(operation) ?? []), fault]);
    },
    requestsFor,
    arrived(operation, count = 1) {
      return new Promise((resolve) => {
        waiters.push({ operation, count, resolve });
        wake();
      });
    },
    reset() {
      requests.length = 0;
      faults.clear();
      dropHeldAnswers();
    },
    close() {
      dropHeldAnswers();
      for (const socket of sockets) socket.destroy();
      agent.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The request's path with the bucket first, wherever the client named the bucket. */
function pathStyle(req: http.IncomingMessage): string {
  const path = req.url ?? "/";
  const host = (req.headers.host ?? "").replace(/:\d+$/, "");
  return host.endsWith(".localhost") ? `/${host.slice(0, -".localhost".length)}${path}` : path;
}

function classify(method: string, url: URL): S3Operation {
  const query = url.searchParams;
  const isObject = url.pathname.split("/").filter(Boolean).length >= 2;
  if (!isObject) return "Other";
  if (method === "PUT" && query.has("uploadId") && query.has("partNumber")) return "UploadPart";
  // The SDK adds `x-id=<Operation>`; any other parameter marks a subresource such as ?acl.
  const subresource = [...query.keys()].some((name) => name !== "x-id");
  if (method === "PUT" && !subresource) return "PutObject";
  if (method === "POST" && query.has("uploads")) return "CreateMultipartUpload";
  if (method === "POST" && query.has("uploadId")) return "CompleteMultipartUpload";
  if (method === "DELETE" && query.has("uploadId")) return "AbortMultipartUpload";
  return "Other";
}

/** Answers with S3's XML error document, after reading the request body as S3 does. */
function answerError(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  status: number,
  code: string,
): void {
  req.resume();
  req.on("end", () => {
    res.writeHead(status, { "content-type": "application/xml", "x-amz-request-id": "SHIM" });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code>` +
        `<Message>${code} (answered by the test shim)</Message><RequestId>SHIM</RequestId></Error>`,
    );
  });
}
