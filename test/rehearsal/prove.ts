// `npm start -- --prove <file>`: proves hand-written documents instead of the planned stacks. The
// pack's rules judge the documents, the access matrix proves them, and missing hardening becomes
// advice. The proof passes when no mandatory diagnostic is reported and every required row holds.
import { proveAccess } from "./accessProof";
import { Advice, hardeningAdvice } from "./advice";
import { AccessRow } from "./evaluateRow";
import { LinkDescription } from "./intendedAccess";
import { DocumentDiagnostic, judgeDocuments } from "./packRules";
import { ProveInput } from "./proveFile";

export interface ProveReport {
  ok: boolean;
  file: string;
  link: LinkDescription;
  ms: number;
  policyCheck: { ok: boolean; diagnostics: DocumentDiagnostic[] };
  accessProof: { ok: boolean; rows: AccessRow[] };
  advice: Advice[];
}

export async function proveDocuments(input: ProveInput): Promise<ProveReport> {
  const started = Date.now();
  const diagnostics = await judgeDocuments(input.policies, input.link.bucketName);
  const rows = await proveAccess(input.link, input.policies);
  const policyCheck = {
    ok: diagnostics.every((d) => d.enforcementLevel !== "mandatory"),
    diagnostics,
  };
  const accessProof = {
    ok: rows.every((row) => row.severity !== "required" || row.asIntended),
    rows,
  };
  return {
    ok: policyCheck.ok && accessProof.ok,
    file: input.file,
    link: input.link,
    ms: Date.now() - started,
    policyCheck,
    accessProof,
    advice: hardeningAdvice(rows, input.link),
  };
}
