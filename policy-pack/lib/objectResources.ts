// The lockout the `/*` rules exist for: a statement whose object actions can never apply, because
// none of its resources is an object. Shared by the bucket-policy and identity-policy rules.
import { ResourceValidationPolicy, Severity } from "@pulumi/policy";
import { END_WITH_SLASH_STAR, SEPARATE_BUCKET_ACTIONS, listed } from "./advice";
import { objectOnlyEntries } from "./actions";
import { objectActionsOption } from "./config";
import { DocumentKind, ParsedDocument } from "./document/model";
import { documentPolicy } from "./policy";
import { canAddressObject, objectsOf } from "./s3Arns";

/**
 * One finding per Allow statement with an object grant (see `objectOnlyEntries`) whose Resource
 * entries none can address an object (see `canAddressObject`).
 */
function lockouts(document: ParsedDocument, objectActions: readonly string[]): string[] {
  return document.statements.flatMap((s) => {
    if (s.effect !== "Allow" || !s.resource) return [];
    const grants = objectOnlyEntries(s, objectActions);
    if (grants.length === 0 || s.resource.some(canAddressObject)) return [];
    const verb = s.resource.length > 1 ? "none of which is an object" : "which is not an object";
    return [
      `${s.label}: grants ${listed(grants)} only on ${listed(s.resource)}, ${verb}, so the grant never applies: object actions only ever match arn:aws:s3:::<bucket>/<key>. ` +
        `${END_WITH_SLASH_STAR}: ${listed(s.resource.map(objectsOf))} (or a prefix, e.g. arn:aws:s3:::<bucket>/uploads/*). ${SEPARATE_BUCKET_ACTIONS}`,
    ];
  });
}

export function objectResourcesPolicy(spec: {
  name: string;
  description: string;
  severity: Severity;
  kinds: readonly DocumentKind[];
}): ResourceValidationPolicy {
  return documentPolicy({
    ...spec,
    enforcementLevel: "mandatory",
    remediationSteps: `${END_WITH_SLASH_STAR}: arn:aws:s3:::<bucket>/* or arn:aws:s3:::<bucket>/<prefix>/*. ${SEPARATE_BUCKET_ACTIONS}`,
    configSchema: { properties: { objectActions: objectActionsOption.schema } },
    readConfig: (config) => ({ objectActions: objectActionsOption.read(config) }),
    check: (document, { objectActions }) => lockouts(document, objectActions),
  });
}
