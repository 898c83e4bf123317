import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("cross-account-s3-upload-policies", {
  displayName: "Cross-account S3 upload",
  provider: "aws",
  tags: ["s3", "iam", "cross-account"],
  policies,
});
