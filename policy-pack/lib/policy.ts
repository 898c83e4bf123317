// Builds a resource policy that judges every policy document a resource carries. Each policy
// module supplies only its metadata, the kinds of document it judges, its configuration and a
// check over one parsed document; optionally what it needs to know of the resource itself, and
// what it says about where the resource keeps its documents.
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
import { readDocuments } from "./documents";
import { Counted, Findings } from "./findings";

interface DocumentPolicySpec<C, R> {
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
  /** What the check needs to know of the resource itself, read once from its type and props. */
  readResource?(type: string, props: Record<string, unknown>): R;
  /**
   * What the policy says about where the resource keeps its documents: a required one missing, a
   * list of odd shape, inline policies over the limit they share. A policy with this hook judges
   * every resource of its kinds, with documents or without; the others leave such problems to it.
   */
  containerFindings?(problems: readonly string[]): readonly string[];
  /** One message per finding; each names the statement (Sid, else index) it concerns. */
  check(document: ParsedDocument, config: C, resource: R): readonly string[] | Counted;
}

export function documentPolicy<C, R = undefined>(
  spec: DocumentPolicySpec<C, R>,
): ResourceValidationPolicy {
  const { kinds, readConfig, notApplicableReason, readResource, containerFindings, check } = spec;
  const metadata: Omit<ResourceValidationPolicy, "validateResource"> = {
    name: spec.name,
    description: spec.description,
    enforcementLevel: spec.enforcementLevel,
    severity: spec.severity,
    remediationSteps: spec.remediationSteps,
    ...(spec.configSchema ? { configSchema: spec.configSchema } : {}),
  };
  const types = typesOf(kinds).join(", ");
  return {
    ...metadata,
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
      // Decide applicability from the type alone: reading the props of a resource this policy
      // does not judge could throw UnknownValueError and print a needless can't-run note.
      const kind = kindOf(args.type);
      const props: Record<string, unknown> = args.props;
      const policies = kind && kinds.includes(kind) && readResourcePolicies(args.type, props);
      if (!policies) args.notApplicable(`applies only to ${types}`);
      if (!policies.sources.length && !containerFindings) {
        args.notApplicable(`${args.type} carries no policy`);
      }
      const reason = notApplicableReason?.(props);
      if (reason) args.notApplicable(reason);
      const config = readConfig(args.getConfig<Record<string, unknown>>());
      const resource = readResource?.(args.type, props) as R;
      const { documents, problems } = readDocuments(policies);
      const findings = new Findings();
      for (const problem of containerFindings?.(problems) ?? []) findings.add(problem);
      for (const { label, document } of documents) {
        const found = check(document, config, resource);
        const { first, count } = "count" in found ? found : { first: found, count: found.length };
        findings.addAll(
          first.map((message) => `${label} ${message}`),
          count,
        );
      }
      findings.report().forEach((message) => reportViolation(message));
    },
  };
}
