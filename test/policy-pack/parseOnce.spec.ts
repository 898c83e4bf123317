// Every policy of the pack reads a resource's documents through its own copy of the props, so the
// parser sees equal texts in distinct strings: each must be parsed once, whatever its length.
import * as assert from "assert";
import { SizeLimit } from "../../policy-pack/lib/document/model";
import { parseDocumentText } from "../../policy-pack/lib/document/parse";
import { documentText } from "../../policy-pack/lib/document/text";
import { guideBucketPolicy } from "../harness/policyDocuments";

const LIMIT: SizeLimit = { characters: 20_480, what: "an S3 bucket policy" };

/** The same text as a new string each call, as each policy's copy of the props holds it. */
function copyOf(text: string): string {
  return [...text].join("");
}

function parse(text: string) {
  return parseDocumentText(documentText(text, LIMIT.characters), "bucket", LIMIT);
}

describe("the parser reads each document of a resource once", () => {
  const sound = JSON.stringify(guideBucketPolicy());

  it("gives every policy the one parse of a document within its limit", () => {
    assert.strictEqual(parse(copyOf(sound)), parse(copyOf(sound)));
  });

  it("gives every policy the one parse of a text longer than twice the limit in whitespace", () => {
    const padded = `${" ".repeat(300_000)}${sound}`;
    const first = parse(copyOf(padded));
    assert.deepStrictEqual(first.problems, []);
    assert.strictEqual(parse(copyOf(padded)), first);
  });

  it("parses another long text anew", () => {
    const padded = `${" ".repeat(300_000)}${sound}`;
    const other = `${"\n".repeat(300_000)}${sound}`;
    assert.notStrictEqual(parse(other), parse(padded));
  });
});
