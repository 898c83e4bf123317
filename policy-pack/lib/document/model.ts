// A policy document as the rules read it: statements whose elements are always arrays of strings.

/**
 * What a document is, which decides its grammar (an identity policy names no principal; every
 * other kind must) and which rules judge it.
 */
export type DocumentKind = "bucket" | "accessPoint" | "identity" | "key" | "endpoint";

/** `"*"` or, per principal type (AWS, Service, ...), the string entries given. */
export type Principal = "*" | ReadonlyMap<string, readonly string[]>;

/** Condition operator -> condition key -> values, all as strings. */
export type Condition = ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;

export interface Statement {
  /** `statement "<Sid>"`, or `Statement[<index>]` when the statement has no Sid. */
  label: string;
  effect: "Allow" | "Deny";
  principal?: Principal;
  notPrincipal?: Principal;
  action?: readonly string[];
  notAction?: readonly string[];
  resource?: readonly string[];
  notResource?: readonly string[];
  condition: Condition;
}

export interface ParsedDocument {
  /** Statements with a valid Effect; an element with a malformed value is left out. */
  statements: readonly Statement[];
  /** The first problems found (at most 20), each naming the statement it concerns. */
  problems: readonly string[];
  /** How many problems there are in all. */
  problemCount: number;
}

/** The largest document AWS accepts for a kind of policy, counted without whitespace. */
export interface SizeLimit {
  characters: number;
  /** What the limit is for, as in "over the 20,480 characters AWS accepts for <what>". */
  what: string;
}
