// What IAM makes of a statement's Principal element.
import { arnPattern } from "./arns";
import { Principal } from "./document/model";

const ROOT_ARN = arnPattern("iam::(\\d{12}):root$");
const ACCOUNT_ID = /^\d{12}$/;

/** The account an `AWS` principal entry trusts as a whole, or undefined for any other entry. */
export function accountOfRootPrincipal(entry: string): string | undefined {
  if (ACCOUNT_ID.test(entry)) return entry;
  return entry.endsWith(":root") ? ROOT_ARN.exec(entry)?.[1] : undefined;
}

/** True for `"*"` and for an `AWS` principal that lists `"*"`: anyone, signed or anonymous. */
export function isEveryone(principal: Principal): boolean {
  return principal === "*" || (principal.get("AWS") ?? []).includes("*");
}

/** The `AWS` entries of a principal (empty for `"*"`). */
export function awsPrincipalEntries(principal: Principal): readonly string[] {
  return principal === "*" ? [] : (principal.get("AWS") ?? []);
}
