import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import * as path from "path";
import { UploadTarget } from "../../components/policies";
import { WriterSide } from "../../components/writerSide";
import { runChild } from "../harness/childProcess";
import { PROJECT_ROOT } from "../harness/paths";
import { StackRun, onlyOfType, runStack } from "../harness/stacks";

const TARGET: UploadTarget = {
  bucketName: "partner-drop-zone",
  prefix: "",
  bucketAccountId: "999988887777",
  objectOwnership: "ObjectWriter",
};

describe("WriterSide on its own (components/writerSide.ts)", () => {
  let run: StackRun;
  before(async () => {
    run = await runStack({
      stack: "component",
      config: {},
      program: async () => {
        const writer = new WriterSide("partner", {
          target: TARGET,
          code: new pulumi.asset.FileArchive("prebuilt/handler.zip"),
          logRetentionDays: pulumi.output(7),
        });
        return { roleArn: writer.roleArn, functionName: writer.functionName };
      },
    });
  });

  it("deploys whatever code archive it is given, untouched", () => {
    const code = onlyOfType(run, "aws:lambda/function:Function").wireInputs.code as {
      path: string;
    };
    assert.strictEqual(code.path, "prebuilt/handler.zip");
  });

  it("takes its inputs as Pulumi inputs and derives the grant from the target", () => {
    const logGroup = onlyOfType(run, "aws:cloudwatch/logGroup:LogGroup");
    assert.strictEqual(logGroup.inputs.retentionInDays, 7);
    const policy = JSON.parse(
      onlyOfType(run, "aws:iam/rolePolicy:RolePolicy").inputs.policy as string,
    ) as { Statement: { Resource: string; Action: string[] }[] };
    assert.strictEqual(policy.Statement[0].Resource, "arn:aws:s3:::partner-drop-zone/*");
    assert.deepStrictEqual(policy.Statement[0].Action, ["s3:PutObject", "s3:PutObjectAcl"]);
  });

  it("does not load esbuild: bundling is the program's job, not the component's", () => {
    const loadsEsbuild = runChild(
      process.execPath,
      [
        "-r",
        require.resolve("ts-node/register/transpile-only"),
        "-e",
        `require(${JSON.stringify(path.join(PROJECT_ROOT, "components", "writerSide.ts"))});
         console.log(Object.keys(require.cache).some((f) => f.includes("/node_modules/esbuild/")))`,
      ],
      { cwd: PROJECT_ROOT, mustSucceed: true },
    ).stdout.trim();
    assert.strictEqual(loadsEsbuild, "false");
  });
});
