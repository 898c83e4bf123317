// A pack that accepts calls and never answers: every call the harness makes fails within its
// deadline and names itself, so a hung pack fails its spec instead of hanging mocha.
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient, AnalyzerService } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { EnforcementLevel } from "@pulumi/pulumi/proto/analyzer_pb";
import * as assert from "assert";
import { AnalyzerCalls, CallDeadlines, analyzerCalls } from "../harness/packProcess";

const DEADLINE_MS = 300;

describe("the harness's calls to a pack that never answers", () => {
  const server = new grpc.Server();
  let client: AnalyzerClient;
  let calls: AnalyzerCalls;
  let received: string[];

  before(async () => {
    const hang = (name: string) => () => void received.push(name);
    server.addService(AnalyzerService, {
      getAnalyzerInfo: hang("GetAnalyzerInfo"),
      analyze: hang("Analyze"),
      configure: hang("Configure"),
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const deadlines: CallDeadlines = {
      GetAnalyzerInfo: DEADLINE_MS,
      Configure: DEADLINE_MS,
      Analyze: DEADLINE_MS,
    };
    calls = analyzerCalls(client, deadlines);
  });

  beforeEach(() => {
    received = [];
  });

  after(() => {
    client?.close();
    server.forceShutdown();
  });

  const cases: Record<keyof CallDeadlines, () => Promise<unknown>> = {
    GetAnalyzerInfo: () => calls.getAnalyzerInfo(),
    Analyze: () => calls.analyze("aws:s3/bucketPolicy:BucketPolicy", { bucket: "b", policy: "{}" }),
    Configure: () =>
      calls.configure({ "s3-no-public-read": { enforcementLevel: EnforcementLevel.MANDATORY } }),
  };

  for (const [name, call] of Object.entries(cases)) {
    it(`${name} fails within its deadline with a message naming the call`, async function () {
      this.timeout(10_000);
      const started = Date.now();
      await assert.rejects(call(), (error: Error & { code?: number }) => {
        assert.strictEqual(error.message, `policy pack did not answer ${name} within 300 ms`);
        assert.strictEqual(error.code, grpc.status.DEADLINE_EXCEEDED);
        return true;
      });
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= DEADLINE_MS - 50, `failed after ${elapsed} ms, before its deadline`);
      assert.ok(elapsed < 5_000, `failed only after ${elapsed} ms`);
      assert.deepStrictEqual(received, [name], "the call reached the pack and got no answer");
    });
  }
});
