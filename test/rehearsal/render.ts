// Renders a rehearsal for people: one section per step, every diagnostic and every access row
// with its verdict and the statements that decided it, then a summary.
import { AccessRow } from "./evaluateRow";
import { Rehearsal, StepResult } from "./rehearse";

export interface Style {
  ok(text: string): string;
  bad(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

export const PLAIN: Style = { ok: (t) => t, bad: (t) => t, dim: (t) => t, bold: (t) => t };

const ansi = (code: number) => (text: string) => `\u001b[${code}m${text}\u001b[0m`;
export const COLOURS: Style = { ok: ansi(32), bad: ansi(31), dim: ansi(2), bold: ansi(1) };

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function heading<T>(style: Style, number: number, title: string, result: StepResult<T>): string {
  const mark = result.ok ? style.ok("PASS") : style.bad("FAIL");
  return `${style.bold(`${number}. ${title}`)}  ${mark}  ${style.dim(seconds(result.ms))}`;
}

function errorLines<T>(style: Style, result: StepResult<T>): string[] {
  return result.error ? result.error.split("\n").map((line) => `   ${style.bad(line)}`) : [];
}

/** "61/63 as intended (53 required, 10 hardening)". */
export function rowSummary(rows: AccessRow[]): string {
  const good = rows.filter((row) => row.asIntended).length;
  const required = rows.filter((row) => row.severity === "required").length;
  return `${good}/${rows.length} as intended (${required} required, ${rows.length - required} hardening)`;
}

type Line = AccessRow | { group: string; rows: AccessRow[] };

/** The rows in order, with the holding rows of a group gathered where its first row stands. */
function gathered(rows: AccessRow[]): Line[] {
  const lines: Line[] = [];
  const groups = new Map<string, AccessRow[]>();
  for (const row of rows) {
    if (!row.group || !row.asIntended) {
      lines.push(row);
      continue;
    }
    const key = `${row.scope}|${row.group}`;
    const members = groups.get(key);
    if (members) members.push(row);
    else {
      const group = { group: row.group, rows: [row] };
      groups.set(key, group.rows);
      lines.push(group);
    }
  }
  return lines;
}

function rowLines(row: AccessRow, style: Style, indent: string): string[] {
  const mark = row.asIntended ? style.ok("ok ") : style.bad("BAD");
  const tag = row.control ? style.dim(`  [hardening: ${row.control}]`) : "";
  return [
    `${indent}${mark} ${row.result.padEnd(16)} ${row.name}${tag}`,
    ...(row.decidedBy ? [`${indent}    ${style.dim(row.decidedBy)}`] : []),
    ...row.problems.map((p) => `${indent}    ${style.bad(p)}`),
  ];
}

/** One line for the holding rows of a group: how many, the first, and what decided them. */
function groupLines(group: string, rows: AccessRow[], style: Style, indent: string): string[] {
  if (rows.length === 1) return rowLines(rows[0], style, indent);
  const results = [...new Set(rows.map((r) => r.result))].join("/");
  const decided = [...new Set(rows.map((r) => r.decidedBy))];
  const shown = decided.slice(0, 3).join("; ") + (decided.length > 3 ? "; ..." : "");
  return [
    `${indent}${style.ok("ok ")} ${results.padEnd(16)} ${rows[0].name}, and the ${rows.length - 1} more of ${group}`,
    `${indent}    ${style.dim(shown)}`,
  ];
}

/**
 * Rows under a heading per scope, each with its verdict and the statements that decided it; the
 * holding rows of a group (e.g. every other S3 action) as one line, a failing one on its own.
 */
export function accessRowLines(rows: AccessRow[], style: Style, indent: string): string[] {
  const lines: string[] = [];
  let scope = "";
  for (const line of gathered(rows)) {
    const first = "scope" in line ? line : line.rows[0];
    if (first.scope !== scope) {
      scope = first.scope;
      lines.push(`${indent}${style.dim(`-- ${scope}`)}`);
    }
    lines.push(
      ...("scope" in line
        ? rowLines(line, style, indent)
        : groupLines(line.group, line.rows, style, indent)),
    );
  }
  return lines;
}

export function renderRehearsal(report: Rehearsal, style: Style): string {
  const lines: string[] = [];
  const { plan, policyCheck, accessProof, upload } = report;

  lines.push(heading(style, 1, "Plan (the real program under Pulumi's mock engine)", plan));
  lines.push(...errorLines(style, plan));
  for (const stack of plan.detail ?? []) {
    lines.push(
      `   ${style.bold(stack.stack)} (${stack.file}, side ${stack.side}, account ${stack.accountId}): ` +
        `${stack.resources.length} resources`,
    );
    for (const { name, file } of stack.writerStackFiles) {
      lines.push(`     reads writer stack ${name} from ${file}`);
    }
    for (const assumption of stack.assumptions) lines.push(`     assumes ${assumption}`);
    for (const { type, name } of stack.resources) lines.push(`     + ${type}  ${style.dim(name)}`);
  }

  lines.push(
    "",
    heading(style, 2, "Policy check (the pack over gRPC, as the Pulumi CLI runs it)", policyCheck),
  );
  lines.push(...errorLines(style, policyCheck));
  const check = policyCheck.detail;
  if (check) {
    lines.push(
      `   ${check.packName} ${check.packVersion}: ${check.policies.length} policies over ` +
        `${check.resourcesAnalyzed} resources, ${check.diagnostics.length} violation(s)`,
    );
    for (const d of check.diagnostics) {
      const level =
        d.enforcementLevel === "mandatory" ? style.bad(d.enforcementLevel) : d.enforcementLevel;
      lines.push(`   ${level} ${d.policyName} on ${d.urn}`, `     ${d.message}`);
    }
  }

  lines.push(
    "",
    heading(
      style,
      3,
      "Access proof (IAM policy engine, each gate alone and all together)",
      accessProof,
    ),
  );
  lines.push(...errorLines(style, accessProof));
  for (const { writerStack, bucketStack, result } of accessProof.detail ?? []) {
    lines.push(`   ${style.bold(`${writerStack} -> ${bucketStack}`)}`);
    const configured = result.find((mode) => mode.configured)?.rows ?? [];
    const shown = new Set(configured.map((r) => `${r.scope}|${r.name}`));
    for (const mode of result) {
      const how = mode.configured ? "as configured" : "planned again in this mode";
      lines.push(`   ${style.bold(mode.objectOwnership)} (${how}): ${rowSummary(mode.rows)}`);
      // Other modes show only what differs: rows of their own (the ACL rows), and failures.
      const rows = mode.configured
        ? mode.rows
        : mode.rows.filter((r) => !shown.has(`${r.scope}|${r.name}`) || !r.asIntended);
      lines.push(...accessRowLines(rows, style, "     "));
    }
  }

  lines.push("", heading(style, 4, "Upload rehearsal (deployed bundle, S3 on 127.0.0.1)", upload));
  lines.push(...errorLines(style, upload));
  for (const { writerStack, bucketStack, result } of upload.detail ?? []) {
    lines.push(
      `   ${writerStack} -> ${bucketStack}: s3://${result.bucket}/${result.key ?? "(nothing)"}`,
    );
    if (result.key) {
      lines.push(`     ${result.bytes} bytes, ${result.contentType}, read back and compared`);
    }
    for (const note of result.notes) lines.push(`     ${style.dim(`note: ${note}`)}`);
    for (const log of result.logs) lines.push(`     ${style.dim(`log: ${JSON.stringify(log)}`)}`);
    for (const problem of result.problems) lines.push(`     ${style.bad(problem)}`);
  }

  const steps = [plan, policyCheck, accessProof, upload];
  const passed = steps.filter((s) => s.ok).length;
  const verdict = report.ok
    ? style.ok(`all ${steps.length} steps passed`)
    : style.bad(`${steps.length - passed} of ${steps.length} steps failed`);
  lines.push("", `${style.bold("Summary:")} ${verdict} in ${seconds(report.ms)}`);
  return lines.join("\n");
}
