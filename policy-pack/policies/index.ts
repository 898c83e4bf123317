// Every policy of the pack, in the order the CLI reports them.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { denyInsecureTransport } from "./denyInsecureTransport";
import { identityObjectResourcesEndWithSlashStar } from "./identityObjectResourcesEndWithSlashStar";
import { noAccountRootPrincipal } from "./noAccountRootPrincipal";
import { noAllowWithNotPrincipal } from "./noAllowWithNotPrincipal";
import { noPublicPrincipal } from "./noPublicPrincipal";
import { noWildcardActions } from "./noWildcardActions";
import { objectResourcesEndWithSlashStar } from "./objectResourcesEndWithSlashStar";
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
];
