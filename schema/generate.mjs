// Writes schema/scenario.schema.json from the format's declarations (models/scenario/format/); run it
// with `npm run schema` after changing a declaration. A test fails while the committed file differs.

import { writeFileSync } from 'node:fs';
import { scenarioSchemaText } from '../dist/models/scenario/format/index.js';

const target = new URL('./scenario.schema.json', import.meta.url);
writeFileSync(target, scenarioSchemaText());
console.log(`wrote ${target.pathname}`);
