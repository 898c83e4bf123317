// TEST-ONLY SHIM, NOT AN S3 IMPLEMENTATION. A small HTTP proxy in front of the S3 emulator
// (s3rver), which does not implement these parts of S3:
//   - conditional writes: PutObject / CompleteMultipartUpload with `If-None-Match: *` answer
//     412 PreconditionFailed when the key exists, 409 ConditionalRequestConflict while another
//     conditional write to the same key is in flight;
//   - the bucket owner check: an `x-amz-expected-bucket-owner` other than the owner answers
//     403 AccessDenied, as S3 does.
// It also injects faults on request (an S3 error answer, a reset connection before or after the
// emulator stored the request, a request never answered) and records every request it received,
// so tests assert what actually reached S3.
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
  /** Drops the connection before the request reaches the emulator. */
  | { kind: "resetBeforeForward" }
  /** Lets the emulator complete the request, then drops the connection: the answer is lost. */
  | { kind: "resetAfterForward" }
  /** Never answers. */
  | { kind: "noAnswer" };

export interface S3Shim {
  url: string;
  readonly requests: RecordedRequest[];
  /** Queues a fault for the next request(s) of that operation, first in first out. */
  injectFault(operation: S3Operation, fault: Fault): void;
  requestsFor(operation: S3Operation): RecordedRequest[];
  /** Forgets recorded requests and unused faults. */
  reset(): void;
  close(): Promise<void>;
}

export async function startS3Shim(upstream: string, bucketOwner: string): Promise<S3Shim> {
  const target = new URL(upstream);
  const requests: RecordedRequest[] = [];
  const faults = new Map<S3Operation, Fault[]>();
  const conditionalWritesInFlight = new Set<string>();
  const sockets = new Set<Socket>();

  const forward = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    afterForward: Fault | undefined,
  ): Promise<void> =>
    new Promise((resolve) => {
      const headers = { ...req.headers };
      delete headers.expect;
      const upstreamReq = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
        (upstreamRes) => {
          if (afterForward?.kind === "resetAfterForward") {
            upstreamRes.resume();
            upstreamRes.on("end", () => {
              req.socket.destroy();
              resolve();
            });
            return;
          }
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          upstreamRes.pipe(res);
          upstreamRes.on("end", resolve);
        },
      );
      upstreamReq.on("error", (error) => {
        res.destroy(error);
        resolve();
      });
      req.pipe(upstreamReq);
    });

  const objectExists = (path: string): Promise<boolean> =>
    new Promise((resolve, reject) => {
      http
        .request({ host: target.hostname, port: target.port, method: "HEAD", path }, (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        })
        .on("error", reject)
        .end();
    });

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://shim");
    const operation = classify(req.method ?? "", url);
    const record: RecordedRequest = {
      operation,
      method: req.method ?? "",
      path: decodeURIComponent(url.pathname),
      headers: req.headers,
    };
    requests.push(record);
    res.on("finish", () => (record.status = res.statusCode));

    const fault = faults.get(operation)?.shift();
    if (fault?.kind === "error") return answerError(req, res, fault.status, fault.code);
    if (fault?.kind === "resetBeforeForward") return void req.socket.destroy();
    if (fault?.kind === "noAnswer") return;

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
    try {
      if (await objectExists(url.pathname)) return answerError(req, res, 412, "PreconditionFailed");
      await forward(req, res, fault);
    } finally {
      conditionalWritesInFlight.delete(url.pathname);
    }
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

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    injectFault(operation, fault) {
      faults.set(operation, [...(faults.get(operation) ?? []), fault]);
    },
    requestsFor(operation) {
      return requests.filter((r) => r.operation === operation);
    },
    reset() {
      requests.length = 0;
      faults.clear();
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
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
