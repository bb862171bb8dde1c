import { join } from 'node:path';

export const repoRoot = join(__dirname, '../..');
export const serverEntry = join(repoRoot, 'dist/api/apps/api/src/main.js');
export const webDist = join(repoRoot, 'dist/apps/web');
