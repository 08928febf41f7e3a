// Writes schema/scenario.schema.json and the generated field tables of docs/scenario-reference.md
// from the format's declarations (models/scenario/format/); run it with `npm run schema` after
// changing a declaration. Tests fail while either file differs from what this writes.

import { readFileSync, writeFileSync } from 'node:fs';
import { scenarioSchemaText } from '../dist/models/scenario/format/index.js';
import { withReferenceTables } from '../dist/models/scenario/format/reference.js';

const schema = new URL('./scenario.schema.json', import.meta.url);
writeFileSync(schema, scenarioSchemaText());
console.log(`wrote ${schema.pathname}`);

const reference = new URL('../docs/scenario-reference.md', import.meta.url);
writeFileSync(reference, withReferenceTables(readFileSync(reference, 'utf8')));
console.log(`wrote the field tables of ${reference.pathname}`);
