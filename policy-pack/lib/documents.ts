// The documents of a resource, each measured against AWS's size limit and then parsed. Inline
// policies that share a limit (those of one role, user or group) are measured together, and when
// they are over it together, none is read: the one problem is their total.
import { PolicySource, ResourcePolicies } from "./carriers";
import { ParsedDocument } from "./document/model";
import { parseDocumentText, sizeOver } from "./document/parse";
import { DocumentText, documentText, sizeWithoutWhitespace } from "./document/text";

export interface ResourceDocument {
  /** Where the resource keeps it, e.g. `policy` or `inlinePolicies[0] ("uploads")`. */
  label: string;
  document: ParsedDocument;
}

export interface ResourceDocuments {
  documents: ResourceDocument[];
  /** What is wrong with where the resource keeps its documents (see ResourcePolicies.problems). */
  problems: string[];
}

/**
 * The sources measured one after the other against what their shared limit leaves, or the total
 * they come to once over it: the text sources in full, the object ones as far as they were read.
 */
function measureTogether(
  sources: readonly PolicySource[],
  characters: number,
): DocumentText[] | { total: number; exact: boolean } {
  const measured: DocumentText[] = [];
  let total = 0;
  let over = false;
  let exact = true;
  for (const { document } of sources) {
    if (over) {
      if (typeof document === "string") total += sizeWithoutWhitespace(document);
      else exact = false;
      continue;
    }
    const text = documentText(document, characters - total);
    if (text.kind === "text") total += sizeWithoutWhitespace(text.text);
    if (text.kind === "oversized") {
      total += text.size;
      over = true;
      exact = text.exact;
    }
    measured.push(text);
  }
  return over ? { total, exact } : measured;
}

export function readDocuments(policies: ResourcePolicies): ResourceDocuments {
  const { sources, problems, shared } = policies;
  let measured: DocumentText[];
  if (shared) {
    const together = measureTogether(sources, shared.limit.characters);
    if (!Array.isArray(together)) {
      const { total, exact } = together;
      const count = `${sources.length} document${sources.length === 1 ? "" : "s"}`;
      const over = `${shared.label} (${count}) together are ${sizeOver(total, exact, shared.limit)}; they were not read further. Move some into a managed policy attached instead, or shorten them`;
      return { documents: [], problems: [...problems, over] };
    }
    measured = together;
  } else {
    measured = sources.map((s) => documentText(s.document, s.limit.characters));
  }
  const documents = sources.map((source, i) => ({
    label: source.label,
    document: parseDocumentText(measured[i], source.kind, source.limit),
  }));
  return { documents, problems };
}
