import type {
  OtlpAnyValue,
  OtlpKeyValue,
  OtlpResourceSpans,
  OtlpScopeSpans,
  OtlpSpan,
  OtlpTraceRequest,
} from './otlp-trace-request.js';

/**
 * Decodes a protobuf `ExportTraceServiceRequest` (opentelemetry/proto/collector/trace/v1) into
 * its JSON mapping. Hand-written against the .proto field numbers so the receiver needs no
 * protobuf library; fields it does not read are skipped, as protobuf requires.
 */
export function decodeTraceRequest(body: Uint8Array): OtlpTraceRequest {
  const request: OtlpTraceRequest = { resourceSpans: [] };
  for (const field of fields(body)) {
    if (field.number === 1) request.resourceSpans?.push(resourceSpans(bytesOf(field)));
  }
  return request;
}

/** One field as read from the wire: varints as bigint, everything else as its bytes. */
interface Field {
  number: number;
  varint?: bigint;
  bytes?: Uint8Array;
}

function* fields(buffer: Uint8Array): Generator<Field> {
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let offset = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (offset >= buffer.length) throw new Error('protobuf: truncated varint');
      const byte = view.getUint8(offset++);
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
    throw new Error('protobuf: varint longer than 10 bytes');
  };
  const take = (length: number): Uint8Array => {
    if (offset + length > buffer.length) throw new Error('protobuf: truncated field');
    const slice = buffer.subarray(offset, offset + length);
    offset += length;
    return slice;
  };
  while (offset < buffer.length) {
    const key = Number(varint());
    const number = key >>> 3;
    const wireType = key & 7;
    if (wireType === 0) yield { number, varint: varint() };
    else if (wireType === 1) yield { number, bytes: take(8) };
    else if (wireType === 2) yield { number, bytes: take(Number(varint())) };
    else if (wireType === 5) yield { number, bytes: take(4) };
    else throw new Error(`protobuf: unsupported wire type ${wireType}`);
  }
}

function bytesOf(field: Field): Uint8Array {
  if (field.bytes === undefined) throw new Error(`protobuf: field ${field.number} is not bytes`);
  return field.bytes;
}

const text = (field: Field) => new TextDecoder().decode(bytesOf(field));
const hex = (field: Field) => Buffer.from(bytesOf(field)).toString('hex');
const fixed64 = (field: Field) => Buffer.from(bytesOf(field)).readBigUInt64LE().toString();
const double = (field: Field) => Buffer.from(bytesOf(field)).readDoubleLE();
const uint = (field: Field) => Number(field.varint ?? 0n);

function resourceSpans(buffer: Uint8Array): OtlpResourceSpans {
  const result: OtlpResourceSpans = { resource: { attributes: [] }, scopeSpans: [] };
  for (const field of fields(buffer)) {
    if (field.number === 1) {
      for (const inner of fields(bytesOf(field))) {
        if (inner.number === 1) result.resource?.attributes?.push(keyValue(bytesOf(inner)));
      }
    } else if (field.number === 2) {
      result.scopeSpans?.push(scopeSpans(bytesOf(field)));
    }
  }
  return result;
}

function scopeSpans(buffer: Uint8Array): OtlpScopeSpans {
  const result: Required<Pick<OtlpScopeSpans, 'scope' | 'spans'>> = { scope: {}, spans: [] };
  for (const field of fields(buffer)) {
    if (field.number === 1) {
      for (const inner of fields(bytesOf(field))) {
        if (inner.number === 1) result.scope.name = text(inner);
        if (inner.number === 2) result.scope.version = text(inner);
      }
    } else if (field.number === 2) {
      result.spans.push(span(bytesOf(field)));
    }
  }
  return result;
}

function span(buffer: Uint8Array): OtlpSpan {
  const result: OtlpSpan = { attributes: [], events: [], links: [] };
  for (const field of fields(buffer)) {
    switch (field.number) {
      case 1:
        result.traceId = hex(field);
        break;
      case 2:
        result.spanId = hex(field);
        break;
      case 4:
        result.parentSpanId = hex(field);
        break;
      case 5:
        result.name = text(field);
        break;
      case 6:
        result.kind = uint(field);
        break;
      case 7:
        result.startTimeUnixNano = fixed64(field);
        break;
      case 8:
        result.endTimeUnixNano = fixed64(field);
        break;
      case 9:
        result.attributes?.push(keyValue(bytesOf(field)));
        break;
      case 11:
        result.events?.push(event(bytesOf(field)));
        break;
      case 13:
        result.links?.push(link(bytesOf(field)));
        break;
      case 15:
        result.status = status(bytesOf(field));
        break;
    }
  }
  return result;
}

function event(buffer: Uint8Array): NonNullable<OtlpSpan['events']>[number] {
  const result: NonNullable<OtlpSpan['events']>[number] = { attributes: [] };
  for (const field of fields(buffer)) {
    if (field.number === 1) result.timeUnixNano = fixed64(field);
    if (field.number === 2) result.name = text(field);
    if (field.number === 3) result.attributes?.push(keyValue(bytesOf(field)));
  }
  return result;
}

function link(buffer: Uint8Array): NonNullable<OtlpSpan['links']>[number] {
  const result: NonNullable<OtlpSpan['links']>[number] = { attributes: [] };
  for (const field of fields(buffer)) {
    if (field.number === 1) result.traceId = hex(field);
    if (field.number === 2) result.spanId = hex(field);
    if (field.number === 4) result.attributes?.push(keyValue(bytesOf(field)));
  }
  return result;
}

function status(buffer: Uint8Array): NonNullable<OtlpSpan['status']> {
  const result: NonNullable<OtlpSpan['status']> = {};
  for (const field of fields(buffer)) {
    if (field.number === 2) result.message = text(field);
    if (field.number === 3) result.code = uint(field);
  }
  return result;
}

function keyValue(buffer: Uint8Array): OtlpKeyValue {
  const result: OtlpKeyValue = {};
  for (const field of fields(buffer)) {
    if (field.number === 1) result.key = text(field);
    if (field.number === 2) result.value = anyValue(bytesOf(field));
  }
  return result;
}

function anyValue(buffer: Uint8Array): OtlpAnyValue {
  const result: OtlpAnyValue = {};
  for (const field of fields(buffer)) {
    switch (field.number) {
      case 1:
        result.stringValue = text(field);
        break;
      case 2:
        result.boolValue = (field.varint ?? 0n) !== 0n;
        break;
      case 3:
        result.intValue = BigInt.asIntN(64, field.varint ?? 0n).toString();
        break;
      case 4:
        result.doubleValue = double(field);
        break;
      case 5:
        result.arrayValue = { values: repeated(bytesOf(field), anyValue) };
        break;
      case 6:
        result.kvlistValue = { values: repeated(bytesOf(field), keyValue) };
        break;
      case 7:
        result.bytesValue = Buffer.from(bytesOf(field)).toString('base64');
        break;
    }
  }
  return result;
}

/** The field-1 entries of an `ArrayValue` or `KeyValueList`. */
function repeated<T>(buffer: Uint8Array, decode: (item: Uint8Array) => T): T[] {
  const items: T[] = [];
  for (const field of fields(buffer)) if (field.number === 1) items.push(decode(bytesOf(field)));
  return items;
}
