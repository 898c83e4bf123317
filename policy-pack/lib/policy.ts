// Builds a resource policy that judges every policy document a resource carries. Each policy
// module supplies only its metadata, its configuration and a check over one parsed document.
import {
  EnforcementLevel,
  PolicyConfigSchema,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  Severity,
} from "@pulumi/policy";
import { ParsedDocument, parsePolicyDocument } from "./document";
import { PolicyFamily, familyOf, readResourcePolicies, typesOf } from "./resources";

export interface DocumentPolicySpec<C> {
  name: string;
  description: string;
  enforcementLevel: EnforcementLevel;
  severity: Severity;
  remediationSteps: string;
  family: PolicyFamily;
  configSchema?: PolicyConfigSchema;
  readConfig(config: Record<string, unknown>): C;
  /** One message per finding; each names the statement (Sid, else index) it concerns. */
  check(document: ParsedDocument, config: C): string[];
}

export function documentPolicy<C>(spec: DocumentPolicySpec<C>): ResourceValidationPolicy {
  const { family, readConfig, check, ...metadata } = spec;
  const types = typesOf(family).join(", ");
  return {
    ...metadata,
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
      // Decide applicability from the type alone: reading the props of a resource this policy
      // does not judge could throw UnknownValueError and print a needless can't-run note.
      if (familyOf(args.type) !== family) args.notApplicable(`applies only to ${types}`);
      const props: Record<string, unknown> = args.props;
      const policies = readResourcePolicies(args.type, props);
      if (!policies?.sources.length) args.notApplicable(`${args.type} carries no policy`);
      const config = readConfig(args.getConfig<Record<string, unknown>>());
      for (const source of policies.sources) {
        const document = parsePolicyDocument(source.document, source.kind);
        for (const message of check(document, config)) {
          reportViolation(`${source.label} ${message}`);
        }
      }
    },
  };
}
