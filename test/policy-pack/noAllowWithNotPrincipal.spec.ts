import * as assert from "assert";
import { noAllowWithNotPrincipal as policy } from "../../policy-pack/policies/noAllowWithNotPrincipal";
import { guideBucketArgs } from "../harness/carriers";
import { ROLE_ARN } from "../harness/policyDocuments";
import { onlyViolation } from "./assertions";
import { describePolicyContract, itFiresOn, itPassesOn } from "./contract";

const NOT_ROLE = { Principal: undefined, NotPrincipal: { AWS: ROLE_ARN } };

describe("policy s3-bucket-policy-no-allow-with-not-principal", () => {
  describePolicyContract(policy, "mandatory", ["bucket", "accessPoint"], {
    fires: NOT_ROLE,
    message: "NotPrincipal",
  });

  itFiresOn(policy, guideBucketArgs, "NotPrincipal", {
    'NotPrincipal "*"': { Principal: undefined, NotPrincipal: "*" },
  });
  itPassesOn(policy, guideBucketArgs, {
    "a Deny with NotPrincipal, the pattern that locks out everyone else": {
      ...NOT_ROLE,
      Effect: "Deny",
    },
  });

  it("names the statement and the fix", async () => {
    const message = await onlyViolation(policy, guideBucketArgs(NOT_ROLE));
    assert.match(
      message,
      /^policy statement "AllowCrossAccountUpload": Allow with NotPrincipal grants every principal it does not list/,
    );
    assert.match(message, /Use Principal with the Lambda execution role ARN instead/);
  });
});
