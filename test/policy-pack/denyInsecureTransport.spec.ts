import * as assert from "assert";
import { denyInsecureTransport as policy } from "../../policy-pack/policies/denyInsecureTransport";
import { bucketPolicyArgs, guideBucketArgs } from "../harness/carriers";
import {
  BUCKET_ARN,
  GUIDE_UPLOAD_STATEMENT,
  OBJECTS_ARN,
  ROLE_ARN,
  Statement,
  TLS_DENY_STATEMENT,
  policyDocument,
} from "../harness/policyDocuments";
import { resourceArgs } from "../harness/policyRunner";
import { assertNotApplicable, onlyViolation } from "./assertions";
import { describePolicyContract, itFiresOn, itPassesOn } from "./contract";

/** The guide's bucket policy with the TLS-only Deny added, `changes` applied to the Deny. */
const withTlsDeny = (changes: Statement = {}) =>
  policyDocument(GUIDE_UPLOAD_STATEMENT, { ...TLS_DENY_STATEMENT, ...changes });
const deny = (changes: Statement) => bucketPolicyArgs(withTlsDeny(changes));
const SECURE_TRANSPORT = "aws:SecureTransport";

describe("policy s3-bucket-policy-deny-insecure-transport", () => {
  describePolicyContract(policy, "advisory", ["bucket"], {
    fires: {},
    message: "denies requests without TLS",
    passes: () => withTlsDeny(),
    oncePerDocument: true,
  });

  describe("recognises a Deny of everything S3 on the bucket and its objects, only without TLS", () => {
    itPassesOn(policy, deny, {
      "Action *": { Action: "*" },
      "Resource *": { Resource: "*" },
      "Resource arn:aws:s3:::*": { Resource: "arn:aws:s3:::*" },
      "the resources in the other order": { Resource: [OBJECTS_ARN, BUCKET_ARN] },
      'Principal {"AWS": "*"}': { Principal: { AWS: "*" } },
      BoolIfExists: { Condition: { BoolIfExists: { [SECURE_TRANSPORT]: "false" } } },
      "a JSON boolean false": { Condition: { Bool: { [SECURE_TRANSPORT]: false } } },
      "the key in another case": { Condition: { Bool: { "AWS:SecureTransport": "false" } } },
      "no Sid": { Sid: undefined },
    });
    itFiresOn(policy, deny, "denies requests without TLS", {
      "only the objects as Resource": { Resource: OBJECTS_ARN },
      "only the bucket as Resource": { Resource: BUCKET_ARN },
      "only some objects as Resource": { Resource: [BUCKET_ARN, `${BUCKET_ARN}/uploads/*`] },
      "only s3:PutObject denied": { Action: "s3:PutObject" },
      NotAction: { Action: undefined, NotAction: "s3:GetObject" },
      "aws:SecureTransport true": { Condition: { Bool: { [SECURE_TRANSPORT]: "true" } } },
      "a second condition that narrows it": {
        Condition: {
          Bool: { [SECURE_TRANSPORT]: "false" },
          StringEquals: { "aws:SourceVpce": "vpce-1" },
        },
      },
      "a TLS version condition instead": {
        Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
      },
      "no Condition (it denies everything)": { Condition: undefined },
      "Effect Allow": { Effect: "Allow" },
      "one role as Principal": { Principal: { AWS: ROLE_ARN } },
    });
  });

  it("reports once per document, with the statement to add", async () => {
    const message = await onlyViolation(policy, guideBucketArgs({}));
    assert.match(
      message,
      /^policy has no statement that denies requests without TLS\. Add \{"Sid": "DenyInsecureTransport", "Effect": "Deny"/,
    );
    assert.match(message, /"Condition": \{"Bool": \{"aws:SecureTransport": "false"\}\}/);
  });

  it("is not applicable to a bucket without an inline policy, whose policy may be a BucketPolicy", async () => {
    const args = resourceArgs("aws:s3/bucket:Bucket", { bucket: "b", policy: "" });
    await assertNotApplicable(policy, args);
  });
});
