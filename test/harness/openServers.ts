// Mocha root hooks (loaded by .mocharc.json): every server a spec starts, and every child process,
// must be closed by the end of the run. Each server is recorded where it starts listening, so a
// leak names the code that opened it. The run's temporary directories are removed at the end.
import * as net from "net";
import { removeTempDirs } from "./tempDirs";

const servers = new Map<net.Server, string>();
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
  servers.set(this, new Error("started listening").stack ?? "");
  return Reflect.apply(listen, this, args) as net.Server;
} as typeof listen;

export const mochaHooks = {
  afterAll(): void {
    removeTempDirs();
    const leaks = [...servers].filter(([server]) => server.listening).map(([, stack]) => stack);
    const children = process.getActiveResourcesInfo().filter((r) => r === "ProcessWrap").length;
    const problems = [
      ...(leaks.length > 0
        ? [
            `${leaks.length} server(s) still listening; close them in an after hook:\n${leaks.join("\n")}`,
          ]
        : []),
      ...(children > 0
        ? [`${children} child process(es) still running; kill them in an after hook`]
        : []),
    ];
    if (problems.length > 0) throw new Error(problems.join("\n"));
  },
};
