import fs from 'node:fs';
import path from 'node:path';

/** Walks up from `start` to the folder whose package.json has the given name. */
function findPackageRoot(name: string, start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate) && JSON.parse(fs.readFileSync(candidate, 'utf8')).name === name) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package ${name} not found above ${start}`);
    dir = parent;
  }
}

/** The playground folder, whether this file runs from src/ or dist/src/. */
export const playgroundRoot = findPackageRoot('bank-sync-playground');
/** The repository root: the plugin itself. */
export const pluginRoot = findPackageRoot('strapi-plugin-bank-sync', playgroundRoot);
