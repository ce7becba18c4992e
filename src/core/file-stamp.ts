// A file's identity for noticing that it changed on disk (replaced, overwritten, removed) without
// reading it: inode, size and modification time, or "missing" when it cannot be found.

import { statSync } from 'node:fs';

export function fileStamp(path: string): string {
  try {
    const s = statSync(path);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}
