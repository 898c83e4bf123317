// The object-resource check shared by the bucket-policy and identity-policy rules.
import { END_WITH_SLASH_STAR, OBJECT_ARNS_ONLY, SEPARATE_BUCKET_ACTIONS, listed } from "./advice";
import { ParsedDocument } from "./document";
import {
  S3_OBJECT_ACTIONS,
  isObjectResource,
  objectActionGrants,
  suggestedObjectResource,
} from "./iam";

export const objectActionsSchema = {
  type: "array" as const,
  items: { type: "string" as const },
  minItems: 1,
  default: [...S3_OBJECT_ACTIONS],
  description:
    "The actions that address objects. A statement grants one when an Action entry matches it (IAM wildcards, case-insensitive) or a NotAction list leaves it out.",
};

/**
 * One finding per Allow statement that grants an object action (see `objectActionGrants`) and
 * either lists a Resource entry chosen by `inScope` that is not an object ARN (see
 * `isObjectResource`), or, when `flagNotResource`, uses NotResource.
 */
export function objectResourceFindings(
  document: ParsedDocument,
  objectActions: readonly string[],
  inScope: (resource: string) => boolean,
  flagNotResource: boolean,
): string[] {
  return document.statements.flatMap((s) => {
    if (s.effect !== "Allow") return [];
    const grants = objectActionGrants(s, objectActions);
    if (grants.length === 0) return [];
    if (s.notResource && flagNotResource) {
      return [
        `${s.label}: grants ${listed(grants)} with NotResource, that is on every resource it does not list, the bucket itself included. ` +
          `List the objects in Resource instead. ${END_WITH_SLASH_STAR}: arn:aws:s3:::<bucket>/*.`,
      ];
    }
    const bad = (s.resource ?? []).filter((r) => inScope(r) && !isObjectResource(r));
    if (bad.length === 0) return [];
    const verb = bad.length > 1 ? "are not object ARNs" : "is not an object ARN";
    return [
      `${s.label}: grants ${listed(grants)} on ${listed(bad)}, which ${verb}: ${OBJECT_ARNS_ONLY}. ` +
        `${END_WITH_SLASH_STAR}: ${listed(bad.map(suggestedObjectResource))} (or a prefix, e.g. arn:aws:s3:::<bucket>/uploads/*). ` +
        SEPARATE_BUCKET_ACTIONS,
    ];
  });
}
