// Developer aid: prints the expected-result shape a fixture parses to today, as a draft to check by
// reading the mail. Never copy its output into *.expected.json without that check.
import { parseFile } from '../src/ingest/parsers/support/parse-file.js';
import { expectedShape } from '../src/ingest/parsers/contract.js';

for (const file of process.argv.slice(2)) {
  const result = await parseFile(file);
  console.log(`# ${file}`);
  console.log(JSON.stringify(expectedShape(result), null, 2));
  console.error(result.trace.map((t) => `  trace: ${t}`).join('\n'));
}
