// The primitives the rules are built on: IAM wildcard matching, whether a Resource entry can reach
// an object, whether IP ranges cover every address, and repeated JSON keys.
import * as assert from "assert";
import { coversEveryAddress } from "../../policy-pack/lib/cidr";
import { findDuplicateKeys } from "../../policy-pack/lib/document/duplicateKeys";
import { Findings } from "../../policy-pack/lib/findings";
import { canAddressObject } from "../../policy-pack/lib/s3Arns";
import { matchesLongExtensions, wildcardMatches } from "../../policy-pack/lib/wildcard";

function table<T>(
  name: string,
  cases: readonly (readonly [T, boolean])[],
  judge: (input: T) => boolean,
) {
  it(name, () => {
    const wrong = cases.filter(([input, expected]) => judge(input) !== expected);
    assert.deepStrictEqual(
      wrong.map(([input]) => JSON.stringify(input).slice(0, 80)),
      [],
    );
  });
}

describe("IAM wildcard matching", () => {
  const STARS = "*".repeat(5_000);
  table<[string, string]>(
    "matches * as any run of characters and ? as exactly one",
    // prettier-ignore
    [
      [["s3:put*", "s3:putobject"], true], [["s3:*object", "s3:putobject"], true],
      [["s3:?utobject", "s3:putobject"], true], [["s3:??tobject", "s3:putobject"], true],
      [["s3:*", "s3:"], true], [["*", ""], true], [["a*b*c", "abc"], true],
      [["a*b*c", "axxbyyc"], true], [[`s3:${STARS}t`, "s3:putobject"], true],
      [["a*b*c", "acb"], false], [["s3:?", "s3:"], false], [["s3:put", "s3:putobject"], false],
      [["s3:*z", "s3:putobject"], false], [[`s3:${"*?".repeat(5_000)}`, "s3:putobject"], false],
    ],
    ([pattern, text]) => wildcardMatches(pattern, text),
  );
});

describe("whether a pattern admits every name of a type, but names shorter than its ?s", () => {
  table<string>(
    "sees that * spans /, so any start of role/ followed by * admits every role",
    [
      ["*", true],
      ["role*", true],
      ["role/*", true],
      ["r*", true],
      ["ro?e/*", true],
      ["role/?*", true],
      ["rol*??", true],
      [`role/${"*".repeat(5_000)}`, true],
      ["role/uploader-*", false],
      ["role/*/*", false],
      ["role*uploader", false],
      ["*uploader", false],
      ["role/?", false],
      ["role/??*", true],
      ["user/*", false],
      ["role", false],
      [`${"?".repeat(5_000)}*`, true],
    ],
    (pattern) => matchesLongExtensions(pattern, "role/"),
  );
});

describe("whether a Resource entry can address an object", () => {
  table<string>(
    "judges each ARN form as IAM matches it",
    [
      ["*", true],
      ["arn:aws:s3:::*", true],
      ["arn:aws:s3:::b*", true],
      ["arn:aws:s3:::b/*", true],
      ["arn:aws:s3:::b/p/*", true],
      ["arn:aws:s3:::b/key", true],
      ["arn:aws:s3:::*/*", true],
      ["arn:*:s3:::b/*", true],
      ["arn:aws:*", true],
      ["arn:aws:s3:us-west-2:123456789012:accesspoint/ap/object/*", true],
      ["arn:aws:s3:*:*:accesspoint/*", true],
      ["Bucket ARN/*", true],
      ["arn:aws:s3:::b", false],
      ["arn:aws:s3:::b/", false],
      ["arn:aws:s3:::b?", false],
      ["arn:aws-us-gov:s3:::b", false],
      ["arn:aws:s3:us-west-2:123456789012:accesspoint/ap", false],
      ["arn:aws:s3", false],
      ["arn:aws:sqs:us-east-1:123456789012:queue", false],
      ["arn:aws:s3:us-west-2::b/k", false],
      [`arn:aws:s3:::${"*?".repeat(4_000)}/`, true],
      [`arn:aws:s3:::${"?".repeat(4_000)}`, true],
      [`arn:aws:s3:us-east-1::${"*?".repeat(4_000)}`, false],
    ],
    canAddressObject,
  );
});

describe("whether address ranges admit everyone", () => {
  table<string[]>(
    "covers all of IPv4 or all of IPv6, however the ranges are split",
    [
      [["0.0.0.0/0"], true],
      [["0.0.0.0/1", "128.0.0.0/1"], true],
      [["128.0.0.0/1", "0.0.0.0/2", "64.0.0.0/2"], true],
      [["::/0"], true],
      [["::/1", "8000::/1"], true],
      [["0.0.0.0/1"], false],
      [["0.0.0.0/1", "128.0.0.0/2"], false],
      [["203.0.113.0/24", "2001:DB8:1234:5678::/64"], false],
      [["0.0.0.0/0x", "not an address"], false],
    ],
    coversEveryAddress,
  );
});

describe("repeated JSON keys", () => {
  function duplicates(text: string): readonly string[] {
    const problems = new Findings();
    findDuplicateKeys(text, problems);
    return problems.first;
  }

  it("names each key written twice in one object, with where it sits", () => {
    const text =
      '{"Statement": [{"Sid": "a"}, {"Principal": {"AWS": "x", "AWS": "y"}, "Sid": "b", "Sid": "c"}]}';
    const found = duplicates(text);
    assert.strictEqual(found.length, 2);
    assert.match(found[0], /"AWS" twice in Statement\[1\]\.Principal/);
    assert.match(found[1], /"Sid" twice in Statement\[1\]/);
  });

  it("compares keys as JSON reads them, escapes decoded, and ignores keys inside strings", () => {
    assert.strictEqual(duplicates('{"AWS": 1, "\\u0041WS": 2}').length, 1);
    assert.deepStrictEqual(duplicates('{"a": "\\"a\\": 1", "b": {"a": 2}, "c": [{"a": 3}]}'), []);
  });
});
