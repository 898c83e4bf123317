// The IAM engine cannot evaluate S3's encryption-context key on its own; engineShim.ts teaches it
// while a proof runs. The gap case shows it is still there (when it fails, the engine learned the
// key and the shim can go); the others show the verdicts the proof relies on, and that the shim
// patches the engine version it was written for, once, and only for the proof.
import { runSimulation } from "@cloud-copilot/iam-simulate";
import * as assert from "assert";
import {
  SHIMMED_ENGINE_VERSION,
  engineFunctions,
  installedEngineVersion,
  withEngineShim,
} from "./engineShim";

const ROLE = "arn:aws:iam::313131313131:role/ledger-writer";
const SESSION = "arn:aws:sts::313131313131:assumed-role/ledger-writer/ledger-fn";
const KEY = "arn:aws:kms:ca-central-1:424242424242:key/0f1e2d3c-4b5a-4697-8877-665544332211";
const BUCKET = "arn:aws:s3:::ledger-drop";
const KEY_POLICY = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { AWS: ROLE },
      Action: "kms:GenerateDataKey",
      Resource: "*",
      Condition: { StringEquals: { "kms:EncryptionContext:aws:s3:arn": BUCKET } },
    },
  ],
};

async function generateDataKey(context: Record<string, string | string[]>) {
  const simulation = await runSimulation(
    {
      request: {
        principal: SESSION,
        action: "kms:GenerateDataKey",
        resource: { resource: KEY, accountId: "424242424242" },
        contextVariables: {
          "aws:PrincipalArn": ROLE,
          "aws:PrincipalAccount": "313131313131",
          "aws:SecureTransport": "true",
          "kms:ViaService": "s3.ca-central-1.amazonaws.com",
          ...context,
        },
      },
      identityPolicies: [
        {
          name: "identity",
          policy: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
          },
        },
      ],
      resourcePolicy: KEY_POLICY,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  assert.strictEqual(simulation.resultType, "single");
  return simulation.resultType === "single"
    ? { result: simulation.overallResult, ignored: simulation.result.ignoredContextKeys ?? [] }
    : undefined;
}

const context = (bucketArn: string) => ({
  "kms:EncryptionContext:aws:s3:arn": bucketArn,
  "kms:EncryptionContextKeys": ["aws:s3:arn"],
});

describe("engine shim: S3's KMS encryption context in @cloud-copilot/iam-simulate", () => {
  it("patches the engine version it was written for; an upgrade must re-check its internals", () => {
    assert.strictEqual(installedEngineVersion(), SHIMMED_ENGINE_VERSION);
  });

  it("without it, the engine ignores the key and no encryption-context condition can match", async () => {
    assert.deepStrictEqual(await generateDataKey(context(BUCKET)), {
      result: "ImplicitlyDenied",
      ignored: ["kms:EncryptionContext:aws:s3:arn"],
    });
  });

  it("with it, the key is evaluated: the bucket's ARN matches, another bucket or none does not", async () => {
    await withEngineShim(async () => {
      assert.deepStrictEqual(await generateDataKey(context(BUCKET)), {
        result: "Allowed",
        ignored: [],
      });
      assert.strictEqual(
        (await generateDataKey(context(`${BUCKET}-other`)))?.result,
        "ImplicitlyDenied",
      );
      assert.strictEqual((await generateDataKey({}))?.result, "ImplicitlyDenied");
    });
  });

  it("patches once when nested, and puts the engine's own functions back afterwards", async () => {
    const own = engineFunctions();
    await withEngineShim(async () => {
      const patched = engineFunctions();
      assert.notStrictEqual(patched.allowed, own.allowed);
      assert.notStrictEqual(patched.normalize, own.normalize);
      await withEngineShim(async () => {
        assert.deepStrictEqual(engineFunctions(), patched);
        assert.strictEqual(engineFunctions().allowed, patched.allowed);
      });
      assert.strictEqual(engineFunctions().allowed, patched.allowed);
    });
    assert.strictEqual(engineFunctions().allowed, own.allowed);
    assert.strictEqual(engineFunctions().normalize, own.normalize);
  });
});
