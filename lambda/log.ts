// One JSON object per line on stdout, which CloudWatch Logs Insights parses field by field.
// Callers pass names, sizes and codes only; payloads are never logged.

export type LogLevel = "info" | "warn" | "error";
export type LogFields = Record<string, string | number | boolean | undefined>;

export function logJson(level: LogLevel, message: string, fields: LogFields): void {
  process.stdout.write(
    `${JSON.stringify({ level, message, time: new Date().toISOString(), ...fields })}\n`,
  );
}
