// Renders `npm start -- --prove <file>` for people: the pack's diagnostics, every access row, and
// the advice for missing hardening with the statement to add.
import { ProveReport } from "./prove";
import { Style, accessRowLines, rowSummary } from "./render";

function mark(style: Style, ok: boolean): string {
  return ok ? style.ok("PASS") : style.bad("FAIL");
}

function indented(text: string, indent: string): string[] {
  return text.split("\n").map((line) => `${indent}${line}`);
}

export function renderProve(report: ProveReport, style: Style): string {
  const { link, policyCheck, accessProof, advice } = report;
  const where = link.prefix ? `prefix "${link.prefix}"` : "the whole bucket";
  const gates = [
    ...(link.kms ? [`SSE-KMS with ${link.kms.keyArn}`] : []),
    ...(link.vpc ? [`through the S3 endpoint ${link.vpc.endpointId}`] : []),
  ];
  const lines = [
    `${style.bold("Proving")} ${report.file}`,
    `   ${link.roleArn} writes to s3://${link.bucketName}/ (${where}) in account ${link.bucketAccountId}, ${[link.objectOwnership, ...gates].join(", ")}`,
    "",
    `${style.bold("1. Policy pack (its rules, in-process)")}  ${mark(style, policyCheck.ok)}`,
    `   ${policyCheck.diagnostics.length} violation(s)`,
  ];
  for (const d of policyCheck.diagnostics) {
    const level =
      d.enforcementLevel === "mandatory" ? style.bad(d.enforcementLevel) : d.enforcementLevel;
    lines.push(`   ${level} ${d.policyName} on the ${d.document}`, `     ${d.message}`);
  }

  const required = accessProof.rows.filter((row) => row.severity === "required");
  const requiredFailed = required.filter((row) => !row.asIntended).length;
  lines.push(
    "",
    `${style.bold("2. Access proof (IAM policy engine, each side alone and both)")}  ${mark(style, accessProof.ok)}`,
    `   ${rowSummary(accessProof.rows)}; ${requiredFailed} required row(s) fail`,
    ...accessRowLines(accessProof.rows, style, "   "),
  );

  lines.push("", `${style.bold("3. Advice")}: ${advice.length} hardening control(s) missing`);
  for (const a of advice) {
    const shows = [
      ...a.add.map((added) => added.statement),
      ...(a.condition ? [{ Condition: a.condition.condition }] : []),
    ];
    lines.push(
      `   ${style.bold(a.control)}: ${a.finding}`,
      ...a.rows.map((row) => `     ${style.dim(`shown by: ${row}`)}`),
      `     ${a.action}${shows.length > 0 ? ":" : ""}`,
      ...shows.flatMap((shown) => indented(JSON.stringify(shown, null, 2), "       ")),
    );
  }

  const verdict = report.ok
    ? style.ok("PASS: no mandatory diagnostic, every required row holds")
    : style.bad(
        `FAIL: ${policyCheck.diagnostics.filter((d) => d.enforcementLevel === "mandatory").length} mandatory diagnostic(s), ${requiredFailed} required row(s) fail`,
      );
  lines.push(
    "",
    `${style.bold("Summary:")} ${verdict}; ${advice.length} piece(s) of advice, in ${(report.ms / 1000).toFixed(1)} s`,
  );
  return lines.join("\n");
}
