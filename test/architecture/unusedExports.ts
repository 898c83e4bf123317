// Exported symbols that no other file imports, found from the syntax of every TypeScript file of
// a tree (no type-check: the whole tree parses in well under a second). An export counts as used
// when another file imports it by name, through a namespace import (`ns.name`), a re-export or a
// dynamic import, or when it is a type named in the signature of an export that is used: a
// component's Args interface is part of the component.
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

export interface UnusedExport {
  /** The file, relative to the tree's root, with "/" separators. */
  file: string;
  name: string;
}

/** Every export of a file, each with the names its public signature mentions. */
interface ModuleExports {
  file: string;
  exports: Map<string, Set<string>>;
}

const SKIPPED_DIRECTORIES = new Set(["node_modules", "bin", "build", ".git", "fixtures"]);

/** The .ts files under `dirs` of `root` (declaration files left out), relative, "/"-separated. */
export function typeScriptFiles(root: string, dirs: string[]): string[] {
  const found: string[] = [];
  const walk = (relative: string): void => {
    const full = path.join(root, relative);
    if (fs.statSync(full).isFile()) {
      if (relative.endsWith(".ts") && !relative.endsWith(".d.ts")) found.push(relative);
      return;
    }
    for (const entry of fs.readdirSync(full, { withFileTypes: true })) {
      if (entry.isDirectory() && SKIPPED_DIRECTORIES.has(entry.name)) continue;
      walk(path.join(relative, entry.name));
    }
  };
  for (const dir of dirs) walk(dir);
  return found.map((file) => file.split(path.sep).join("/")).sort();
}

function hasExportModifier(node: ts.Node): boolean {
  return (
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
  );
}

/** The identifiers under `node`, function and method bodies and initializers left out. */
function signatureNames(node: ts.Node, into: Set<string> = new Set()): Set<string> {
  if (ts.isBlock(node)) return into;
  if (ts.isIdentifier(node)) into.add(node.text);
  ts.forEachChild(node, (child) => {
    const parent = child.parent;
    const isInitializer =
      (ts.isVariableDeclaration(parent) ||
        ts.isPropertyDeclaration(parent) ||
        ts.isParameter(parent)) &&
      parent.initializer === child;
    const isArrowBody = ts.isArrowFunction(parent) && parent.body === child;
    const keepsSignature =
      isInitializer && (ts.isArrowFunction(child) || ts.isFunctionExpression(child));
    if ((isInitializer && !keepsSignature) || isArrowBody) return;
    signatureNames(child, into);
  });
  return into;
}

function exportsOf(file: string, source: ts.SourceFile): ModuleExports {
  const exports = new Map<string, Set<string>>();
  for (const statement of source.statements) {
    if (ts.isExportAssignment(statement)) {
      exports.set("default", signatureNames(statement));
    } else if (ts.isExportDeclaration(statement) && statement.exportClause) {
      if (ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) {
          exports.set(element.name.text, new Set([(element.propertyName ?? element.name).text]));
        }
      }
    } else if (hasExportModifier(statement)) {
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          if (ts.isIdentifier(declaration.name)) {
            exports.set(declaration.name.text, signatureNames(declaration));
          }
        }
      } else {
        const name = (statement as ts.DeclarationStatement).name;
        if (name && ts.isIdentifier(name)) exports.set(name.text, signatureNames(statement));
      }
    }
  }
  return { file, exports };
}

/** The module file an import specifier of `from` names, if it is a file of the tree. */
function resolve(root: string, from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = path.join(path.dirname(path.join(root, from)), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, "index.ts"), base]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
      return path.relative(root, candidate).split(path.sep).join("/");
    }
  }
  return undefined;
}

/** Marks what `file` uses of other modules: `use(module, name)`, with "*" for everything. */
function recordImports(
  root: string,
  file: string,
  source: ts.SourceFile,
  use: (module: string, name: string) => void,
): void {
  const namespaces = new Map<string, string>();
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const module = resolve(root, file, node.moduleSpecifier.text);
      if (module) recordDeclaration(node, module);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      const module = argument && ts.isStringLiteral(argument) && resolve(root, file, argument.text);
      if (module) recordDynamic(node, module);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const literal = node.argument.literal;
      const module = ts.isStringLiteral(literal) && resolve(root, file, literal.text);
      if (module) use(module, node.qualifier ? firstName(node.qualifier) : "*");
    } else if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const module = namespaces.get(node.expression.text);
      if (module) use(module, node.name.text);
    } else if (ts.isQualifiedName(node) && ts.isIdentifier(node.left)) {
      const module = namespaces.get(node.left.text);
      if (module) use(module, node.right.text);
    }
    ts.forEachChild(node, visit);
  };
  const firstName = (name: ts.EntityName): string =>
    ts.isIdentifier(name) ? name.text : firstName(name.left);

  const recordDeclaration = (
    node: ts.ImportDeclaration | ts.ExportDeclaration,
    module: string,
  ): void => {
    if (ts.isExportDeclaration(node)) {
      if (!node.exportClause || !ts.isNamedExports(node.exportClause)) use(module, "*");
      else for (const e of node.exportClause.elements) use(module, (e.propertyName ?? e.name).text);
      return;
    }
    const clause = node.importClause;
    if (!clause) return;
    if (clause.name) use(module, "default");
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) namespaces.set(bindings.name.text, module);
    if (bindings && ts.isNamedImports(bindings)) {
      for (const e of bindings.elements) use(module, (e.propertyName ?? e.name).text);
    }
  };

  // `const { a } = await import(m)` and `(await import(m)).a` use a; anything else uses all.
  const recordDynamic = (node: ts.CallExpression, module: string): void => {
    let outer: ts.Node = node.parent;
    while (ts.isAwaitExpression(outer) || ts.isParenthesizedExpression(outer)) outer = outer.parent;
    if (ts.isPropertyAccessExpression(outer)) return use(module, outer.name.text);
    if (ts.isVariableDeclaration(outer) && ts.isObjectBindingPattern(outer.name)) {
      for (const element of outer.name.elements) {
        const key = element.propertyName ?? element.name;
        if (ts.isIdentifier(key)) use(module, key.text);
      }
      return;
    }
    use(module, "*");
  };

  visit(source);
}

/**
 * The exports of `checked` files (relative to `root`) that no file of `files` imports, after
 * `entryPoints` ("file#name", used by something outside the tree: a runtime, a CLI).
 */
export function unusedExports(
  root: string,
  files: string[],
  checked: (file: string) => boolean,
  entryPoints: readonly string[] = [],
): UnusedExport[] {
  const modules = new Map<string, ModuleExports>();
  const used = new Map<string, Set<string>>();
  const use = (module: string, name: string, by: string): void => {
    if (module === by) return;
    used.set(module, (used.get(module) ?? new Set()).add(name));
  };
  for (const file of files) {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    modules.set(file, exportsOf(file, source));
    recordImports(root, file, source, (module, name) => use(module, name, file));
  }
  for (const entry of entryPoints) {
    const [file, name] = entry.split("#");
    used.set(file, (used.get(file) ?? new Set()).add(name));
  }

  const isUsed = (file: string, name: string): boolean => {
    const names = used.get(file);
    return names !== undefined && (names.has(name) || names.has("*"));
  };
  // A type named by the signature of a used export is used with it; repeat until nothing changes.
  for (let grew = true; grew;) {
    grew = false;
    for (const { file, exports } of modules.values()) {
      for (const [name, mentions] of exports) {
        if (!isUsed(file, name)) continue;
        for (const mentioned of mentions) {
          if (mentioned !== name && exports.has(mentioned) && !isUsed(file, mentioned)) {
            used.set(file, (used.get(file) ?? new Set()).add(mentioned));
            grew = true;
          }
        }
      }
    }
  }

  const unused: UnusedExport[] = [];
  for (const { file, exports } of modules.values()) {
    if (!checked(file)) continue;
    for (const name of exports.keys()) if (!isUsed(file, name)) unused.push({ file, name });
  }
  return unused;
}
