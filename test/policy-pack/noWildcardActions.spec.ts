import * as assert from "assert";
import { noWildcardActions as policy } from "../../policy-pack/policies/noWildcardActions";
import { bucketPolicyArgs, guideBucketArgs } from "../harness/carriers";
import { guideBucketPolicy } from "../harness/policyDocuments";
import { runPolicy } from "../harness/policyRunner";
import { assertHasResourceViolation, onlyViolation } from "./assertions";
import { describePolicyContract, itFiresOn, itPassesOn } from "./contract";

const PARTIAL = ["s3:Put*", "s3:PutObject*", "s3:Get?bject"];

describe("policy s3-bucket-policy-no-wildcard-actions", () => {
  describePolicyContract(policy, "advisory", ["bucket", "accessPoint"], {
    fires: { Action: "s3:*" },
    message: "every S3 action",
  });

  itFiresOn(policy, guideBucketArgs, "every S3 action", {
    "Action *": { Action: "*" },
    "Action S3:*": { Action: "S3:*" },
    "Action *:*": { Action: "*:*" },
    "s3:* among named actions": { Action: ["s3:PutObject", "s3:*"] },
  });
  itFiresOn(policy, guideBucketArgs, "NotAction", {
    NotAction: { Action: undefined, NotAction: "s3:DeleteBucket" },
  });
  const partial = PARTIAL.map((action) => [`the partial wildcard ${action}`, { Action: action }]);
  itPassesOn(policy, guideBucketArgs, {
    ...Object.fromEntries(partial),
    "a Deny of s3:*": { Effect: "Deny", Action: "s3:*" },
  });

  it("fires on partial wildcards with forbidPartialWildcards", async () => {
    for (const action of PARTIAL) {
      const document = guideBucketPolicy({ Action: action });
      const args = bucketPolicyArgs(document, { forbidPartialWildcards: true });
      await assertHasResourceViolation(policy, args, action);
    }
  });

  it("names the statement, the wildcard entries and the fix", async () => {
    const message = await onlyViolation(
      policy,
      guideBucketArgs({ Action: ["s3:PutObject", "s3:*"] }),
    );
    assert.match(
      message,
      /^policy statement "AllowCrossAccountUpload": allows s3:\*, every S3 action/,
    );
    assert.match(message, /List the actions the writer needs, e\.g\. s3:PutObject/);
  });

  it("refuses a forbidPartialWildcards value that is not a boolean", async () => {
    const args = bucketPolicyArgs(guideBucketPolicy(), { forbidPartialWildcards: "yes" });
    const refusal = /configuration "forbidPartialWildcards" must be true or false/;
    await assert.rejects(runPolicy(policy, args), refusal);
  });
});
