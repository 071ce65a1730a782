// Contract test: a client that is not .NET uses the suite from the .proto files alone.
//
//  - gRPC through the gateway (HTTP/2 cleartext) with @grpc/grpc-js + @grpc/proto-loader,
//  - integration events read straight from RabbitMQ with amqplib and decoded with protobufjs,
//  - rich errors (google.rpc.Status in the grpc-status-details-bin trailer) decoded with protobufjs.
//
// Configuration (environment):
//   GATEWAY_GRPC  host:port of the gateway's gRPC endpoint     (default 127.0.0.1:8081)
//   UNION_TOKEN   bearer JWT sent as `authorization`           (required)
//   RABBITMQ_URL  broker the services publish their events to  (default amqp://guest:guest@127.0.0.1:5672)
//
// Run with `node --test` (or ./run.sh) in this directory.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import amqp from 'amqplib';
import protobuf from 'protobufjs';

const here = path.dirname(fileURLToPath(import.meta.url));
// The suite's contract: the same .proto files the .NET services are generated from.
const protosDir = path.resolve(here, '../../protos');
// Minimal copies of google/rpc/{status,error_details}.proto, for the rich error model.
const localProtosDir = path.resolve(here, 'protos');

const GATEWAY_GRPC = process.env.GATEWAY_GRPC || '127.0.0.1:8081';
const UNION_TOKEN = process.env.UNION_TOKEN || '';
const RABBITMQ_URL = process.env.RABBITMQ_URL || 'amqp://guest:guest@127.0.0.1:5672';

const EVENT_EXCHANGE = 'union.events.v1.HouseholdRegistered';
const RPC_DEADLINE_MS = 30_000;
const EVENT_WAIT_MS = 30_000;

// ---------------------------------------------------------------------------------------------
// GB 11643 resident ID numbers
// ---------------------------------------------------------------------------------------------

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/** ISO 7064 MOD 11-2 check character of the first 17 digits. */
function idCheckChar(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK_CHARS[sum % 11];
}

/**
 * A fresh, valid 18-digit ID number: region 110105, a random birth date in 1960–2000, a
 * random 3-digit sequence and the computed check character. Fresh each run, because the
 * service refuses a second file for an ID number already on file.
 */
function randomIdNumber() {
  const start = Date.UTC(1960, 0, 1);
  const end = Date.UTC(2000, 11, 31);
  const day = 24 * 3600 * 1000;
  const birth = new Date(start + randomInt(0, (end - start) / day + 1) * day);
  const yyyymmdd =
    String(birth.getUTCFullYear()) +
    String(birth.getUTCMonth() + 1).padStart(2, '0') +
    String(birth.getUTCDate()).padStart(2, '0');
  const seq = String(randomInt(0, 1000)).padStart(3, '0');
  const first17 = `110105${yyyymmdd}${seq}`;
  return first17 + idCheckChar(first17);
}

/** The same number with a wrong check character. */
function withWrongCheckChar(id) {
  const right = id[17];
  const wrong = [...ID_CHECK_CHARS].find((c) => c !== right);
  return id.slice(0, 17) + wrong;
}

/** How the API shows an ID number: first 4, 10 stars, last 4. */
const maskIdNumber = (id) => `${id.slice(0, 4)}${'*'.repeat(10)}${id.slice(-4)}`;

// ---------------------------------------------------------------------------------------------
// protobufjs: events and google.rpc messages
// ---------------------------------------------------------------------------------------------

/** Loads .proto files with protobufjs, resolving imports against the include directories. */
function loadProtobufRoot(files) {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => {
    for (const dir of [protosDir, localProtosDir]) {
      const candidate = path.join(dir, target);
      if (existsSync(candidate)) return candidate;
    }
    // google/protobuf/*.proto are bundled with protobufjs.
    return target;
  };
  return root.loadSync(files, { keepCase: false });
}

/**
 * Prepares canonical proto3 JSON for protobufjs's `fromObject`, which reads most of it as it
 * is (lowerCamelCase names, enum names, int64 as strings) but expects a google.protobuf.Timestamp
 * as {seconds, nanos} rather than its RFC 3339 string. Also fails on any key that is not a
 * field of the message, so a wrapped or otherwise foreign body does not pass unnoticed.
 */
function fromCanonicalJson(type, json, where = type.name) {
  assert.ok(json !== null && typeof json === 'object' && !Array.isArray(json), `${where}: object expected`);
  const out = {};
  for (const [key, value] of Object.entries(json)) {
    const field = type.fields[key];
    assert.ok(field, `${where}: unknown field "${key}" (not canonical proto3 JSON of ${type.fullName})`);
    field.resolve();
    const convert = (v) => {
      if (!(field.resolvedType instanceof protobuf.Type) || v === null) return v;
      if (field.resolvedType.fullName === '.google.protobuf.Timestamp') return parseTimestamp(v, `${where}.${key}`);
      return fromCanonicalJson(field.resolvedType, v, `${where}.${key}`);
    };
    if (field.map) out[key] = Object.fromEntries(Object.entries(value ?? {}).map(([k, v]) => [k, convert(v)]));
    else out[key] = Array.isArray(value) ? value.map(convert) : convert(value);
  }
  return out;
}

/** RFC 3339 timestamp string ("2024-05-01T08:00:00.123456Z") to {seconds, nanos}. */
function parseTimestamp(text, where) {
  assert.equal(typeof text, 'string', `${where}: a Timestamp is an RFC 3339 string in proto3 JSON`);
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  assert.ok(m, `${where}: "${text}" is not an RFC 3339 timestamp`);
  const millis = Date.parse(`${m[1]}${m[3]}`);
  assert.ok(!Number.isNaN(millis), `${where}: "${text}" is not a valid date`);
  return { seconds: String(millis / 1000), nanos: Number((m[2] || '').padEnd(9, '0')) };
}

/** Every string anywhere in a JSON value. */
function allStrings(value) {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}

// ---------------------------------------------------------------------------------------------
// gRPC helpers
// ---------------------------------------------------------------------------------------------

/** Calls a unary method and resolves with the response, or rejects with the ServiceError. */
function unary(client, method, request, metadata) {
  return new Promise((resolve, reject) => {
    client[method](request, metadata, { deadline: Date.now() + RPC_DEADLINE_MS }, (err, response) =>
      err ? reject(err) : resolve(response),
    );
  });
}

/** The caller's credentials: a bearer JWT from UNION_TOKEN, which is required. */
function requireToken() {
  assert.ok(UNION_TOKEN, 'UNION_TOKEN must hold a bearer JWT for the gateway (required: nothing is skipped without it)');
}

function callMetadata() {
  requireToken();
  const md = new grpc.Metadata();
  md.set('authorization', `Bearer ${UNION_TOKEN}`);
  // Every mutating call is idempotent under a client-supplied key.
  md.set('idempotency-key', randomUUID());
  return md;
}

function createRequest(idNumber) {
  return {
    organisationPath: '', // the caller's own organisation
    headName: '张三',
    headIdNumber: idNumber,
    headPhone: '13800138000',
    employer: '某某机械厂',
    causes: ['HARDSHIP_CAUSE_ILLNESS'],
    monthlyIncomePerPerson: { fen: '50000' },
    localMonthlyAllowance: { fen: '65900' },
    migrantWorker: false,
  };
}

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

describe('union.archives.v1.HouseholdArchives, as a Node.js client sees it', () => {
  let archives; // gRPC client for HouseholdArchives
  let pbRoot; // protobufjs root: events + google.rpc
  let amqpConnection;
  let eventChannel;
  let eventQueue;
  let created; // { idNumber, household } from the first test

  before(async () => {
    // gRPC: the service definition comes from the .proto file alone.
    const packageDefinition = protoLoader.loadSync(['union/archives/v1/archives.proto'], {
      keepCase: false,
      longs: String,
      enums: String,
      defaults: true,
      oneofs: true,
      includeDirs: [protosDir],
    });
    const proto = grpc.loadPackageDefinition(packageDefinition);
    archives = new proto.union.archives.v1.HouseholdArchives(GATEWAY_GRPC, grpc.credentials.createInsecure());

    pbRoot = loadProtobufRoot([
      'union/events/v1/events.proto',
      'google/rpc/status.proto',
      'google/rpc/error_details.proto',
    ]);

    // Events: bind our own exclusive, auto-deleted queue to the event's fanout exchange
    // *before* the call, so the event the call causes cannot be missed.
    amqpConnection = await amqp.connect(RABBITMQ_URL);
    amqpConnection.on('error', () => {}); // failures surface through the awaited calls
    eventChannel = await amqpConnection.createChannel();
    eventChannel.on('error', () => {});
    try {
      // The .NET side (MassTransit) declares it as a durable fanout exchange; the same
      // declaration here is a no-op if it exists and creates it if nothing has published yet.
      await eventChannel.assertExchange(EVENT_EXCHANGE, 'fanout', { durable: true });
    } catch (err) {
      // It exists with other arguments (the broker closed the channel with 406): accept it
      // as it is, but it must exist.
      eventChannel = await amqpConnection.createChannel();
      eventChannel.on('error', () => {});
      await eventChannel.checkExchange(EVENT_EXCHANGE);
    }
    ({ queue: eventQueue } = await eventChannel.assertQueue('', { exclusive: true, autoDelete: true, durable: false }));
    await eventChannel.bindQueue(eventQueue, EVENT_EXCHANGE, '');
  });

  after(async () => {
    archives?.close();
    await amqpConnection?.close().catch(() => {});
  });

  test('CreateHousehold opens a draft file with the ID number masked; GetHousehold returns the same file', async () => {
    const idNumber = randomIdNumber();
    const household = await unary(archives, 'createHousehold', createRequest(idNumber), callMetadata());

    assert.ok(household.householdId, 'the response has a householdId');
    assert.equal(household.status, 'ARCHIVE_STATUS_DRAFT');
    assert.equal(household.headIdNumberMasked, maskIdNumber(idNumber));
    assert.ok(!JSON.stringify(household).includes(idNumber), 'the full ID number never leaves the service');
    created = { idNumber, household };

    const md = new grpc.Metadata();
    requireToken();
    md.set('authorization', `Bearer ${UNION_TOKEN}`);
    const fetched = await unary(archives, 'getHousehold', { householdId: household.householdId }, md);
    assert.deepEqual(fetched, household);
  });

  test('the HouseholdRegistered event arrives as canonical proto3 JSON without personal data', async () => {
    requireToken();
    assert.ok(created, 'needs the household created by the previous test');
    const Event = pbRoot.lookupType('union.events.v1.HouseholdRegistered');

    // Poll our queue (bounded) for the event about our household; other tests may be
    // creating households at the same time, so skip events about other ones.
    const deadline = Date.now() + EVENT_WAIT_MS;
    const seen = [];
    let found;
    while (!found) {
      const msg = await eventChannel.get(eventQueue, { noAck: true });
      if (!msg) {
        assert.ok(
          Date.now() < deadline,
          `no HouseholdRegistered for ${created.household.householdId} within ${EVENT_WAIT_MS / 1000}s` +
            ` on exchange ${EVENT_EXCHANGE}; saw ${seen.length} other message(s): ${seen.slice(0, 3).join(' | ')}`,
        );
        await new Promise((r) => setTimeout(r, 250));
        continue;
      }
      const body = msg.content.toString('utf8');
      const json = JSON.parse(body);
      if (json && json.householdId === created.household.householdId) found = { body, json };
      else seen.push(body.slice(0, 300));
    }

    // Decode with the contract alone: canonical proto3 JSON -> HouseholdRegistered.
    const event = Event.fromObject(fromCanonicalJson(Event, found.json));
    assert.equal(Event.verify(event), null, 'the decoded event verifies');
    assert.equal(event.householdId, created.household.householdId);
    assert.ok(event.header, 'the event has a header');
    assert.ok(event.header.eventId, 'header.eventId is set');
    assert.ok(event.header.organisationPath, 'header.organisationPath is set');
    assert.equal(event.archiveStatus, 'DRAFT', 'archiveStatus is the ArchiveStatus name without prefix');

    // Events carry ids and organisation paths only, never personal data.
    const personal = [created.idNumber, '张三', '13800138000'];
    for (const text of [found.body, ...allStrings(found.json)]) {
      for (const p of personal) assert.ok(!text.includes(p), `the event must not contain "${p}": ${found.body}`);
    }
  });

  test('an invalid ID number gives INVALID_ARGUMENT with a BadRequest field violation on head_id_number', async () => {
    const badId = withWrongCheckChar(randomIdNumber());
    const err = await unary(archives, 'createHousehold', createRequest(badId), callMetadata()).then(
      (response) => assert.fail(`expected INVALID_ARGUMENT, got ${JSON.stringify(response)}`),
      (e) => e,
    );
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT, `gRPC status: ${err.code} ${err.details}`);

    // The rich error model: google.rpc.Status, serialised in a binary trailer.
    const [statusBin] = err.metadata.get('grpc-status-details-bin');
    assert.ok(Buffer.isBuffer(statusBin), 'the grpc-status-details-bin trailer is present');
    const Status = pbRoot.lookupType('google.rpc.Status');
    const BadRequest = pbRoot.lookupType('google.rpc.BadRequest');
    const status = Status.decode(statusBin);
    assert.equal(status.code, grpc.status.INVALID_ARGUMENT);

    // protobufjs bundles google/protobuf/any.proto pre-parsed, so its field keeps the proto
    // name `type_url` whatever keepCase says.
    const typeUrl = (any) => any.type_url ?? any.typeUrl;
    const detail = status.details.find((any) => typeUrl(any) === 'type.googleapis.com/google.rpc.BadRequest');
    assert.ok(detail, `a google.rpc.BadRequest detail; got [${status.details.map(typeUrl).join(', ')}]`);
    const badRequest = BadRequest.decode(detail.value);
    const violation = badRequest.fieldViolations.find((v) => v.field === 'head_id_number');
    assert.ok(violation, `a violation on head_id_number; got ${JSON.stringify(badRequest.fieldViolations)}`);
    assert.ok(violation.description, 'the violation says what is wrong');
  });
});
