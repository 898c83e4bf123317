// Every policy of the pack, in the order the CLI reports them.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { denyInsecureTransport } from "./denyInsecureTransport";
import { identityObjectResourcesEndWithSlashStar } from "./identityObjectResourcesEndWithSlashStar";
import { kmsKeyPolicyNoBroadGrants } from "./kmsKeyPolicyNoBroadGrants";
import { noAccountRootPrincipal } from "./noAccountRootPrincipal";
import { noAllowWithNotPrincipal } from "./noAllowWithNotPrincipal";
import { noPublicPrincipal } from "./noPublicPrincipal";
import { noWildcardActions } from "./noWildcardActions";
import { objectResourceFolderWithoutSlashStar } from "./objectResourceFolderWithoutSlashStar";
import { objectResourcesEndWithSlashStar } from "./objectResourcesEndWithSlashStar";
import { vpcEndpointNoFullS3Access } from "./vpcEndpointNoFullS3Access";
import { wellFormedPolicyDocument } from "./wellFormedPolicyDocument";

export const policies: ResourceValidationPolicy[] = [
  noAccountRootPrincipal,
  objectResourcesEndWithSlashStar,
  noPublicPrincipal,
  noAllowWithNotPrincipal,
  noWildcardActions,
  denyInsecureTransport,
  identityObjectResourcesEndWithSlashStar,
  wellFormedPolicyDocument,
  objectResourceFolderWithoutSlashStar,
  kmsKeyPolicyNoBroadGrants,
  vpcEndpointNoFullS3Access,
];
