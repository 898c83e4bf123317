import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { LAMBDA_BUILD_DIR } from "../../components/lambdaBundle";
import { lambdaTrustPolicy, writerRolePolicy } from "../../components/policies";
import { deployedFunction } from "../harness/deployedFunction";
import { EXAMPLE_STACKS } from "../harness/paths";
import { stackFileConfig, withProjectConfig } from "../harness/stackFiles";
import { StackRun, onlyOfType, runStack } from "../harness/stacks";
import { usePlannedWriter } from "./hooks";

describe("account A stack (the example fixture under mocks)", () => {
  const stacks = usePlannedWriter(EXAMPLE_STACKS);

  it("registers the writer side and nothing of the bucket side", () => {
    assert.deepStrictEqual(stacks.writer.resources.map((r) => r.type).sort(), [
      "aws:cloudwatch/logGroup:LogGroup",
      "aws:iam/role:Role",
      "aws:iam/rolePolicy:RolePolicy",
      "aws:lambda/function:Function",
      "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
      "aws:sqs/queue:Queue",
      "cross-account-s3-upload:link:WriterSide",
    ]);
  });

  it("gives the execution role the Lambda-only trust policy", () => {
    const role = onlyOfType(stacks.writer, "aws:iam/role:Role");
    assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy as string), lambdaTrustPolicy());
  });

  it("attaches the identity policy for the shipped target to that role", () => {
    const logGroup = onlyOfType(stacks.writer, "aws:cloudwatch/logGroup:LogGroup");
    const queue = onlyOfType(stacks.writer, "aws:sqs/queue:Queue");
    const rolePolicy = onlyOfType(stacks.writer, "aws:iam/rolePolicy:RolePolicy");
    assert.strictEqual(rolePolicy.inputs.role, "uploader-role-id");
    const expected = writerRolePolicy(
      {
        bucketName: "example-cross-account-uploads-222222222222",
        prefix: "uploads/",
        bucketAccountId: "222222222222",
        objectOwnership: "BucketOwnerEnforced",
      },
      { logGroupArn: logGroup.state.arn as string, failureQueueArn: queue.state.arn as string },
    );
    assert.deepStrictEqual(JSON.parse(rolePolicy.inputs.policy as string), expected);
  });

  it("runs the function on nodejs22.x with the role and the handler's environment contract", () => {
    const fn = onlyOfType(stacks.writer, "aws:lambda/function:Function").inputs;
    const role = onlyOfType(stacks.writer, "aws:iam/role:Role");
    assert.strictEqual(fn.runtime, "nodejs22.x");
    assert.strictEqual(fn.handler, "index.handler");
    assert.strictEqual(fn.role, role.state.arn);
    assert.deepStrictEqual(fn.environment, {
      variables: {
        TARGET_BUCKET: "example-cross-account-uploads-222222222222",
        TARGET_PREFIX: "uploads/",
        EXPECTED_BUCKET_OWNER: "222222222222",
        NODE_OPTIONS: "--enable-source-maps",
      },
    });
  });

  it("ships a bundle that loads under the function's environment and exports the handler", async () => {
    const fn = await deployedFunction(
      onlyOfType(stacks.writer, "aws:lambda/function:Function").inputs,
    );
    const handlerType = await fn.withHandler(
      { AWS_REGION: "eu-west-1", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      async (handler) => typeof handler,
    );
    assert.strictEqual(handlerType, "function");
  });

  it("hands the engine its code as a path to the build directory, so no bundle text reaches the state", () => {
    const code = onlyOfType(stacks.writer, "aws:lambda/function:Function").wireInputs.code as {
      path: string;
    };
    // An archive by path; the SDK also sends its class marker __pulumiArchive.
    assert.deepStrictEqual(code, {
      [pulumi.runtime.specialSigKey]: pulumi.runtime.specialArchiveSig,
      __pulumiArchive: true,
      path: path.relative(process.cwd(), LAMBDA_BUILD_DIR),
    });
    assert.ok(JSON.stringify(code).length < 150, JSON.stringify(code));
    const files = fs.readdirSync(path.resolve(code.path));
    assert.deepStrictEqual(files.sort(), ["index.js", "index.js.map"]);
  });

  it("sends the function's logs to its own log group with the configured retention", () => {
    const fn = onlyOfType(stacks.writer, "aws:lambda/function:Function").inputs;
    const logGroup = onlyOfType(stacks.writer, "aws:cloudwatch/logGroup:LogGroup");
    assert.strictEqual(logGroup.inputs.retentionInDays, 30);
    assert.deepStrictEqual(fn.loggingConfig, { logFormat: "JSON", logGroup: logGroup.state.name });
  });

  it("keeps events that still fail after retries in the on-failure queue", () => {
    const config = onlyOfType(
      stacks.writer,
      "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
    ).inputs;
    const fn = onlyOfType(stacks.writer, "aws:lambda/function:Function");
    const queue = onlyOfType(stacks.writer, "aws:sqs/queue:Queue");
    assert.strictEqual(config.functionName, fn.state.name);
    assert.deepStrictEqual(config.destinationConfig, {
      onFailure: { destination: queue.state.arn },
    });
    assert.strictEqual(queue.inputs.messageRetentionSeconds, 14 * 24 * 60 * 60);
    assert.strictEqual(queue.inputs.sqsManagedSseEnabled, true);
  });

  it("exports the role ARN and unique id, the function and the target for account B, without a region its documents do not name", () => {
    const role = onlyOfType(stacks.writer, "aws:iam/role:Role").state;
    const fn = onlyOfType(stacks.writer, "aws:lambda/function:Function").state;
    assert.deepStrictEqual(
      {
        roleArn: stacks.writer.outputs.roleArn,
        roleUniqueId: stacks.writer.outputs.roleUniqueId,
        functionName: stacks.writer.outputs.functionName,
        functionArn: stacks.writer.outputs.functionArn,
        target: stacks.writer.outputs.target,
      },
      {
        roleArn: role.arn,
        roleUniqueId: role.uniqueId,
        functionName: fn.name,
        functionArn: fn.arn,
        target: {
          bucketName: "example-cross-account-uploads-222222222222",
          prefix: "uploads/",
          bucketAccountId: "222222222222",
          objectOwnership: "BucketOwnerEnforced",
          encryption: "sse-s3",
        },
      },
    );
  });

  it("parents every AWS resource to the WriterSide component", () => {
    const parentChains = stacks.writer.resources
      .filter((r) => r.custom)
      .map((r) => r.urn.split("::")[2].split("$").slice(0, -1).join("$"));
    assert.deepStrictEqual(
      new Set(parentChains),
      new Set(["cross-account-s3-upload:link:WriterSide"]),
    );
  });

  describe("when account B's bucket uses ObjectWriter ownership", () => {
    let objectWriter: StackRun;
    before(async () => {
      objectWriter = await runStack({
        stack: "account-a",
        config: withProjectConfig(stackFileConfig("account-a", EXAMPLE_STACKS), {
          objectOwnership: "ObjectWriter",
        }),
      });
    });

    it("grants s3:PutObjectAcl and tells the handler to send bucket-owner-full-control", () => {
      const policy = JSON.parse(
        onlyOfType(objectWriter, "aws:iam/rolePolicy:RolePolicy").inputs.policy as string,
      );
      assert.deepStrictEqual(policy.Statement[0].Action, ["s3:PutObject", "s3:PutObjectAcl"]);
      const fn = onlyOfType(objectWriter, "aws:lambda/function:Function").inputs;
      const variables = (fn.environment as { variables: Record<string, string> }).variables;
      assert.strictEqual(variables.OBJECT_ACL, "bucket-owner-full-control");
    });
  });
});
