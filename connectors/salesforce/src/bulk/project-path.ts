/**
 * Where a Bulk step may read or write a file on Ferry's host (`inputFile`, `filePath`): a relative
 * path is resolved against the project folder and must stay inside it (no `..` out of it, no
 * symbolic link leading out of it, the file itself included); an absolute path must lie inside
 * the project folder too unless the step says `allowAbsolutePath: true`. A path taken from a
 * request can therefore never reach the rest of the host by default.
 */
import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { FerryError } from '../../../../src/errors.js';

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/** The real path of the nearest folder of `path` that exists (symbolic links resolved). */
async function realFolder(path: string): Promise<string> {
  let dir = path;
  for (;;) {
    try {
      return await realpath(dir);
    } catch {
      const up = dirname(dir);
      if (up === dir) return dir;
      dir = up;
    }
  }
}

/**
 * The absolute path `given` (the value of parameter `name`) names, once checked; a path that
 * leads out of the project folder is FERRY_ERR_CONNECTOR_PARAMS.
 */
export async function projectPath(name: string, given: string, projectDir: string, allowAbsolutePath: boolean): Promise<string> {
  const root = resolve(projectDir);
  const path = resolve(root, given);
  const free = isAbsolute(given) && allowAbsolutePath;
  if (free) return path;
  if (!inside(root, path)) {
    throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', isAbsolute(given) ? `${name} '${given}' is outside the project folder (allowAbsolutePath: true permits it)` : `${name} '${given}' leads out of the project folder`);
  }
  // a symbolic link inside the project may point anywhere: judge where it really leads. A path
  // that exists is judged by its own real path (the file itself may be a link, and reading it
  // follows that link); one that does not yet exist, by its nearest existing folder.
  const realRoot = await realFolder(root);
  const realFile = await realpath(path).catch(() => undefined);
  let leaks: boolean;
  if (realFile !== undefined) {
    leaks = !inside(realRoot, realFile);
  } else {
    const realDir = await realFolder(dirname(path));
    leaks = realDir !== realRoot && !inside(realRoot, realDir);
  }
  if (leaks) throw new FerryError('FERRY_ERR_CONNECTOR_PARAMS', `${name} '${given}' leads out of the project folder through a symbolic link`);
  return path;
}
