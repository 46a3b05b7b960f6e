// Prints one closing line for the whole suite from the cargo test log and vitest's JSON report:
// "total: N passed, M failed". Exits non-zero when anything failed or nothing ran.
import { existsSync, readFileSync } from "node:fs";

const [cargoLog, vitestJson] = process.argv.slice(2);
let passed = 0;
let failed = 0;

for (const match of readFileSync(cargoLog, "utf8").matchAll(/test result: \w+\. (\d+) passed; (\d+) failed/g)) {
  passed += Number(match[1]);
  failed += Number(match[2]);
}
const rust = { passed, failed };

if (existsSync(vitestJson)) {
  const report = JSON.parse(readFileSync(vitestJson, "utf8"));
  // A file whose setup failed reports its tests as skipped, not failed: count the file.
  const setupFailures = report.testResults.filter(
    (file) => file.status === "failed" && !file.assertionResults.some((test) => test.status === "failed"),
  ).length;
  const scenariosFailed = report.numFailedTests + setupFailures;
  passed += report.numPassedTests;
  failed += scenariosFailed + (report.numTotalTests === 0 ? 1 : 0);
  const setups = setupFailures > 0 ? ` (${setupFailures} of them a file's setup)` : "";
  console.log(`Rust: ${rust.passed} passed, ${rust.failed} failed; scenarios: ${report.numPassedTests} passed, ${scenariosFailed} failed${setups}`);
} else {
  failed += 1;
  console.log("scenarios: no report (the scenario run did not finish)");
}
console.log(`total: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
