// Builds a resource policy that judges every policy document a resource carries. Each policy
// module supplies only its metadata, the kinds of document it judges, its configuration and a
// check over one parsed document.
import {
  EnforcementLevel,
  PolicyConfigSchema,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  Severity,
} from "@pulumi/policy";
import { kindOf, readResourcePolicies, typesOf } from "./carriers";
import { DocumentKind, ParsedDocument } from "./document/model";
import { parsePolicyDocument } from "./document/parse";
import { Findings } from "./findings";

interface DocumentPolicySpec<C> {
  name: string;
  description: string;
  enforcementLevel: EnforcementLevel;
  severity: Severity;
  remediationSteps: string;
  kinds: readonly DocumentKind[];
  configSchema?: PolicyConfigSchema;
  readConfig(config: Record<string, unknown>): C;
  /** Why a resource of a judged type is not judged after all, read from its props. */
  notApplicableReason?(props: Record<string, unknown>): string | undefined;
  /** One message per finding; each names the statement (Sid, else index) it concerns. */
  check(document: ParsedDocument, config: C): string[];
}

export function documentPolicy<C>(spec: DocumentPolicySpec<C>): ResourceValidationPolicy {
  const { kinds, readConfig, notApplicableReason, check, ...metadata } = spec;
  const types = typesOf(kinds).join(", ");
  return {
    ...metadata,
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
      // Decide applicability from the type alone: reading the props of a resource this policy
      // does not judge could throw UnknownValueError and print a needless can't-run note.
      const kind = kindOf(args.type);
      if (!kind || !kinds.includes(kind)) args.notApplicable(`applies only to ${types}`);
      const props: Record<string, unknown> = args.props;
      const policies = readResourcePolicies(args.type, props);
      if (!policies?.sources.length) args.notApplicable(`${args.type} carries no policy`);
      const reason = notApplicableReason?.(props);
      if (reason) args.notApplicable(reason);
      const config = readConfig(args.getConfig<Record<string, unknown>>());
      const findings = new Findings();
      for (const source of policies.sources) {
        const document = parsePolicyDocument(source.document, source.kind, source.limit);
        for (const message of check(document, config)) findings.add(`${source.label} ${message}`);
      }
      findings.report().forEach((message) => reportViolation(message));
    },
  };
}
