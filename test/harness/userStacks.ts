// The shipped stack files as a user leaves them after the README's `pulumi config set` steps, so
// specs can show that whatever the user puts in them, tests and rehearsal still hold.
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { PROJECT_ROOT } from "./paths";
import { PROJECT } from "./stackFiles";
import { tempDir } from "./tempDirs";

const KEY = /^(?:([\w-]+):)?([\w.-]+)(?:\[(\d+)\])?$/;

/**
 * The value `pulumi config set` stores. A top-level value is always a string; with `--path`,
 * "true"/"false" become booleans and base-10 digits that do not start with 0 become numbers,
 * unless `--type string` is given (Pulumi CLI: sdk/go/common/resource/config/object.go `coerce`,
 * pkg/cmd/pulumi/config/config.go).
 */
function storedValue(value: string, options: ConfigSetOptions): unknown {
  if (!options.path || options.type === "string") return value;
  if (value === "true" || value === "false") return value === "true";
  return /^[1-9]\d*$/.test(value) ? Number(value) : value;
}

interface ConfigSetOptions {
  path?: boolean;
  type?: "string";
}

/** `pulumi config set [--path] [--type string] <key> <value>` on a stack file. */
function configSet(file: string, key: string, value: string, options: ConfigSetOptions = {}): void {
  const match = KEY.exec(key);
  if (!match || (match[3] !== undefined && !options.path))
    throw new Error(`unsupported key ${key}`);
  const [, namespace = PROJECT, name, index] = match;
  const document = (yaml.load(fs.readFileSync(file, "utf8")) ?? {}) as {
    config?: Record<string, unknown>;
  };
  const config = (document.config ??= {});
  const fullKey = `${namespace}:${name}`;
  const stored = storedValue(value, options);
  if (index === undefined) {
    config[fullKey] = stored;
  } else {
    const list = Array.isArray(config[fullKey]) ? (config[fullKey] as unknown[]) : [];
    list[Number(index)] = stored;
    config[fullKey] = list;
  }
  fs.writeFileSync(file, yaml.dump(document));
}

/** Values unlike the shipped examples in every respect the README asks the user to set. */
export const USER_VALUES = {
  writerAccount: "444455556666",
  bucketAccount: "777788889999",
  region: "us-east-2",
  bucketName: "acme-inbound-777788889999",
  prefix: "inbound/",
  writerStack: `acme/${PROJECT}/account-a`,
};

/**
 * A temporary copy of the shipped stack files after the README's configuration steps with
 * USER_VALUES: account ids set with --path (so stored as numbers), org "acme" in writerStacks.
 */
export function userStackFiles(from: string = PROJECT_ROOT): string {
  const dir = tempDir("user-stacks-");
  const accounts = {
    "account-a": USER_VALUES.writerAccount,
    "account-b": USER_VALUES.bucketAccount,
  };
  for (const [stack, account] of Object.entries(accounts)) {
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    fs.copyFileSync(path.join(from, `Pulumi.${stack}.yaml`), file);
    configSet(file, "aws:region", USER_VALUES.region);
    configSet(file, "aws:allowedAccountIds[0]", account, { path: true });
    configSet(file, "bucketName", USER_VALUES.bucketName);
    configSet(file, "bucketAccountId", USER_VALUES.bucketAccount);
    configSet(file, "prefix", USER_VALUES.prefix);
  }
  configSet(path.join(dir, "Pulumi.account-b.yaml"), "writerStacks[0]", USER_VALUES.writerStack, {
    path: true,
  });
  return dir;
}
