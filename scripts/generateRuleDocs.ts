// Regenerates docs/rules/ from the rule catalog: `npm run docs:rules`.
import * as path from 'node:path';
import { writeRuleDocs } from '../src/core/analysis/ruleDocs';

const { written, removed } = writeRuleDocs(path.resolve(__dirname, '..'));
console.log(`docs/rules: ${written} files written${removed.length ? `, removed ${removed.join(', ')}` : ''}`);
