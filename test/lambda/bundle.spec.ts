import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bundleLambda } from "../../components/lambdaBundle";
import type { Environment } from "../../lambda/config";
import { lambdaEnvironment, onlyStoredObject, useS3Endpoint } from "./hooks";

/** The deployed bundle's size budget: a small bundle keeps the cold start short. */
const MAX_BUNDLE_BYTES = 650 * 1000;

// Runs in a fresh node, as Lambda's nodejs22.x runtime loads index.js and calls index.handler.
const INVOKE = `
const { handler } = require(process.argv[1]);
const context = { awsRequestId: "6a1f0e42-8c1a-4f53-9b1e-2d7c5f0d8b2e", getRemainingTimeInMillis: () => 30000 };
handler({ data: { test: true, message: "cross-account upload test" } }, context).then(
  (response) => console.log(JSON.stringify(response)),
);
`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runNode(script: string, bundle: string, env: Environment): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ["-e", script, bundle],
      { env: { PATH: process.env.PATH, ...env } },
      (_error, stdout, stderr) => resolve({ code: child.exitCode ?? 1, stdout, stderr }),
    );
  });
}

describe("the deployed bundle (components/lambdaBundle.ts of lambda/handler.ts)", () => {
  const endpoint = useS3Endpoint();
  let directory: string;
  let bundle: string;
  let size: number;

  before(() => {
    const { code, sourceMap } = bundleLambda();
    directory = fs.mkdtempSync(path.join(os.tmpdir(), "lambda-bundle-"));
    bundle = path.join(directory, "index.js");
    fs.writeFileSync(bundle, code);
    fs.writeFileSync(`${bundle}.map`, sourceMap);
    size = Buffer.byteLength(code);
  });
  after(() => fs.rmSync(directory, { recursive: true, force: true }));

  it(`stays within ${MAX_BUNDLE_BYTES / 1000} KB with the AWS SDK inside`, () => {
    assert.ok(size <= MAX_BUNDLE_BYTES, `${size} bytes`);
  });

  it("stores the guide's test event when a fresh node loads it with only the function's environment", async () => {
    const run = await runNode(INVOKE, bundle, lambdaEnvironment(endpoint()));
    assert.strictEqual(run.code, 0, run.stderr);
    const response = JSON.parse(run.stdout.trim().split("\n").pop() ?? "") as { body: string };
    const { document } = await onlyStoredObject(endpoint(), response.body);
    assert.deepStrictEqual(document.data, { test: true, message: "cross-account upload test" });
  });

  it("fails its cold start under a bad environment, naming each bad variable", async () => {
    const env = lambdaEnvironment(endpoint(), {
      TARGET_BUCKET: undefined,
      EXPECTED_BUCKET_OWNER: "12345",
    });
    const run = await runNode(`require(process.argv[1]);`, bundle, env);
    assert.notStrictEqual(run.code, 0);
    assert.match(run.stderr, /EnvironmentError: The function's environment is invalid/);
    assert.match(run.stderr, /TARGET_BUCKET is not set/);
    assert.match(run.stderr, /EXPECTED_BUCKET_OWNER: "12345" is not an AWS account id/);
    assert.deepStrictEqual(await endpoint().listKeys(), []);
  });
});
