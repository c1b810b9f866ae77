import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';

/**
 * A Strapi instance in its own process on the test's database (the environment the test
 * app set), driven by lines on stdin and answering by lines on stdout ("READY", "ERROR ...",
 * and what its script prints). Used for several instances and for kill -9.
 */
export interface ChildInstance {
  process: ChildProcess;
  /** The rest of the first line starting with `prefix` (seen before or after the call). */
  waitFor(prefix: string): Promise<string>;
  /** Whether a line starting with `prefix` was printed already. */
  saw(prefix: string): boolean;
  send(line: string): void;
  /** SIGKILL, and resolves once the process is gone. */
  kill(): Promise<void>;
  exited: Promise<number | null>;
}

export function startChildInstance(script: string, env: Record<string, string> = {}): ChildInstance {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, LOG_LEVEL: 'error', ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const out = readline.createInterface({ input: child.stdout! });
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  out.on('line', (line) => {
    lines.push(line);
    for (const listener of listeners) listener(line);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    process: child,
    exited,
    saw: (prefix) => lines.some((line) => line.startsWith(prefix)),
    waitFor: (prefix) =>
      new Promise<string>((resolve, reject) => {
        const check = (line: string) => {
          if (line.startsWith('ERROR')) reject(new Error(line));
          if (line.startsWith(prefix)) resolve(line.slice(prefix.length).trim());
        };
        lines.forEach(check);
        listeners.add(check);
        void exited.then((code) => reject(new Error(`the instance exited (${code}) before printing ${prefix}`)));
      }),
    send: (line) => {
      child.stdin!.write(`${line}\n`);
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
