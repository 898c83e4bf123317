// Starts the policy pack exactly as the Pulumi CLI does for `--policy-pack policy-pack`:
// `node <@pulumi/pulumi/cmd/run-policy-pack> <engine-address> .` in the pack's directory, the
// port read from the first line of stdout, then the pulumirpc.Analyzer service over gRPC.
//
// run-policy-pack drops the engine address (its argv shift) and the SDK only dials an engine named
// in PULUMI_NODEJS_ENGINE, which the CLI does not set for analyzers; the PolicyPack never logs
// through the engine either. So no fake Engine server is needed: an address nobody listens on
// proves it.
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import {
  AnalyzeRequest,
  AnalyzeResponse,
  AnalyzerInfo,
  AnalyzerResourceOptions,
  ConfigureAnalyzerRequest,
  PolicyConfig,
} from "@pulumi/pulumi/proto/analyzer_pb";
import { ChildProcess, spawn } from "child_process";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as path from "path";

export const PACK_DIR = path.join(__dirname, "..", "..", "policy-pack");
const UNREACHABLE_ENGINE = "127.0.0.1:1";
const STARTUP_TIMEOUT_MS = 50_000;

/**
 * How long each call may take: a hung pack fails its caller with DEADLINE_EXCEEDED and the call's
 * name, well inside mocha's 60 s timeout, instead of hanging the run.
 */
const CALL_DEADLINES_MS = { GetAnalyzerInfo: 10_000, Configure: 10_000, Analyze: 30_000 };
export type CallDeadlines = typeof CALL_DEADLINES_MS;

/** The Analyzer calls the tests make, each with a deadline. */
export interface AnalyzerCalls {
  getAnalyzerInfo(): Promise<AnalyzerInfo>;
  analyze(
    type: string,
    properties: Record<string, unknown>,
    name?: string,
    urn?: string,
  ): Promise<AnalyzeResponse>;
  configure(
    config: Record<string, { enforcementLevel: number; properties?: Record<string, unknown> }>,
  ): Promise<void>;
}

export interface RunningPack extends AnalyzerCalls {
  /** Milliseconds from spawn to the port on stdout (ts-node type-checks the pack first). */
  startupMs: number;
  /** Kills the pack process and waits for it to exit. */
  stop(): Promise<void>;
}

type Callback<Res> = (error: grpc.ServiceError | null, response: Res) => void;

function unary<Res>(
  name: keyof CallDeadlines,
  deadlineMs: number,
  call: (metadata: grpc.Metadata, options: grpc.CallOptions, callback: Callback<Res>) => unknown,
): Promise<Res> {
  return new Promise((resolve, reject) =>
    call(new grpc.Metadata(), { deadline: Date.now() + deadlineMs }, (error, response) => {
      if (!error) return resolve(response);
      const why =
        error.code === grpc.status.DEADLINE_EXCEEDED
          ? `did not answer ${name} within ${deadlineMs} ms`
          : `failed ${name}: ${error.message}`;
      reject(Object.assign(new Error(`policy pack ${why}`), { code: error.code }));
    }),
  );
}

/** The calls over one client, each bounded by its deadline. */
export function analyzerCalls(
  client: AnalyzerClient,
  deadlines: CallDeadlines = CALL_DEADLINES_MS,
): AnalyzerCalls {
  return {
    getAnalyzerInfo: () =>
      unary<AnalyzerInfo>("GetAnalyzerInfo", deadlines.GetAnalyzerInfo, (metadata, options, cb) =>
        client.getAnalyzerInfo(new Empty(), metadata, options, cb),
      ),
    analyze: (
      type,
      properties,
      name = "subject",
      urn = `urn:pulumi:account-b::cross-account-s3-upload::${type}::${name}`,
    ) => {
      const request = new AnalyzeRequest()
        .setType(type)
        .setName(name)
        .setUrn(urn)
        .setProperties(Struct.fromJavaScript(properties as Record<string, JavaScriptValue>))
        .setOptions(new AnalyzerResourceOptions());
      return unary<AnalyzeResponse>("Analyze", deadlines.Analyze, (metadata, options, cb) =>
        client.analyze(request, metadata, options, cb),
      );
    },
    configure: async (config) => {
      const request = new ConfigureAnalyzerRequest();
      for (const [policy, { enforcementLevel, properties }] of Object.entries(config)) {
        const entry = new PolicyConfig().setEnforcementlevel(enforcementLevel);
        if (properties)
          entry.setProperties(Struct.fromJavaScript(properties as Record<string, JavaScriptValue>));
        request.getPolicyconfigMap().set(policy, entry);
      }
      await unary<Empty>("Configure", deadlines.Configure, (metadata, options, cb) =>
        client.configure(request, metadata, options, cb),
      );
    },
  };
}

function waitForPort(child: ChildProcess, stderr: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    const fail = (why: string) => reject(new Error(`policy pack ${why}; stderr:\n${stderr()}`));
    const timer = setTimeout(
      () => fail(`printed no port within ${STARTUP_TIMEOUT_MS} ms`),
      STARTUP_TIMEOUT_MS,
    );
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      clearTimeout(timer);
      const port = Number(stdout.slice(0, newline).trim());
      if (Number.isInteger(port) && port > 0) resolve(port);
      else fail(`printed ${JSON.stringify(stdout.slice(0, newline))} instead of a port`);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(`exited with code ${code} before printing its port`);
    });
  });
}

export async function startPack(): Promise<RunningPack> {
  const env = { ...process.env };
  delete env.PULUMI_NODEJS_ENGINE;
  delete env.PULUMI_NODEJS_MONITOR;
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [require.resolve("@pulumi/pulumi/cmd/run-policy-pack"), UNREACHABLE_ENGINE, "."],
    { cwd: PACK_DIR, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  // "close" comes after "exit" and the stdio streams; libuv releases the process handle in the
  // close phase of that loop turn, before the next turn's timers. Resolving on a timer after it
  // lets a spec's end, right after stop(), find no child process left.
  const closed = new Promise<void>((resolve) => child.once("close", () => setTimeout(resolve, 0)));
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  // Should the test process end without stop() (an interrupted run), take the pack with it.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const stop = async () => {
    process.removeListener("exit", killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await closed;
      clearTimeout(killer);
    } else await closed;
  };
  let port: number;
  try {
    port = await waitForPort(child, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  const startupMs = Date.now() - started;
  const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return {
    ...analyzerCalls(client),
    startupMs,
    stop: async () => {
      client.close();
      await stop();
    },
  };
}
