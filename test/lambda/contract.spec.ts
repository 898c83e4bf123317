// The program and the function tested against each other: the environment the writer stack
// registers for the function (through the contract's toEnvironment) is read back by the
// function's own parser into exactly the target the stack was configured with, and the deployed
// bundle writes where that target says.
import * as assert from "assert";
import { DEFAULT_MAX_BODY_BYTES, UploadConfig, parseConfig } from "../../lambda/config";
import { deployedFunction } from "../harness/deployedFunction";
import { lambdaContext } from "../harness/invocation";
import { captureLogs } from "../harness/logs";
import { endpointEnvironment, startS3Endpoint } from "../harness/s3Endpoint";
import { ACME_STACKS, EXAMPLE_STACKS } from "../harness/paths";
import { stackFileConfig, withProjectConfig } from "../harness/stackFiles";
import { StackRun, onlyOfType, runStack } from "../harness/stacks";
import { responseKey } from "./hooks";

interface Target {
  bucketName: string;
  prefix: string;
  bucketAccountId: string;
  objectOwnership: string;
}

/** What the handler must run with for the target the stack exports. */
function expectedConfig(target: Target): UploadConfig {
  return {
    bucket: target.bucketName,
    prefix: target.prefix,
    expectedBucketOwner: target.bucketAccountId,
    ...(target.objectOwnership === "BucketOwnerEnforced"
      ? {}
      : { objectAcl: "bucket-owner-full-control" as const }),
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
  };
}

function functionInputs(run: StackRun): Record<string, unknown> {
  return onlyOfType(run, "aws:lambda/function:Function").inputs;
}

function functionEnvironment(run: StackRun): Record<string, string> {
  return (functionInputs(run).environment as { variables: Record<string, string> }).variables;
}

const ANOTHER_TARGET = {
  bucketName: "team-b-landing-333333333333",
  bucketAccountId: "333333333333",
  prefix: "exports/2024/",
  objectOwnership: "BucketOwnerPreferred",
};
const ANOTHER_TARGET_RUN =
  "the example stack with another account, bucket, prefix and BucketOwnerPreferred";
// The spec's own stack files: the shipped Pulumi.account-a.yaml is the user's to change.
const configurations: [string, string, Record<string, string | undefined>][] = [
  ["the example account-a stack", EXAMPLE_STACKS, {}],
  ["a user's hand-written account-a stack (fixture acme)", ACME_STACKS, {}],
  ["the example stack with the bucket root as prefix", EXAMPLE_STACKS, { prefix: "" }],
  [ANOTHER_TARGET_RUN, EXAMPLE_STACKS, ANOTHER_TARGET],
];

describe("program and function agree on the function's environment (lambda/config.ts)", () => {
  const runs = new Map<string, StackRun>();
  before(async () => {
    for (const [what, dir, changes] of configurations) {
      const config = withProjectConfig(stackFileConfig("account-a", dir), changes);
      runs.set(what, await runStack({ stack: "account-a", config }));
    }
  });

  for (const [what] of configurations) {
    it(`parses back what the writer stack sets: ${what}`, () => {
      const run = runs.get(what) as StackRun;
      const target = run.outputs.target as Target;
      assert.deepStrictEqual(parseConfig(functionEnvironment(run)), expectedConfig(target));
    });
  }

  it("the deployed bundle writes under the stack's prefix, with the ACL its ownership needs", async () => {
    const run = runs.get(ANOTHER_TARGET_RUN) as StackRun;
    const fn = await deployedFunction(functionInputs(run));
    const endpoint = await startS3Endpoint({
      bucket: ANOTHER_TARGET.bucketName,
      bucketOwner: ANOTHER_TARGET.bucketAccountId,
    });
    try {
      const { result, error } = await captureLogs(() =>
        fn.withHandler(endpointEnvironment(endpoint), (handler) =>
          handler({ data: { from: "contract spec" } }, lambdaContext("r-contract")),
        ),
      );
      assert.ifError(error);
      assert.strictEqual(responseKey(result?.body), "exports/2024/data-r-contract.json");
      assert.deepStrictEqual(await endpoint.listKeys(), ["exports/2024/data-r-contract.json"]);
      const [put] = endpoint.shim.requestsFor("PutObject");
      assert.strictEqual(put.headers["x-amz-acl"], "bucket-owner-full-control");
      assert.strictEqual(put.headers["x-amz-expected-bucket-owner"], "333333333333");
    } finally {
      await endpoint.stop();
    }
  });
});
