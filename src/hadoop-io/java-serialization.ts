// A reader for Java Object Serialization streams (the "Object Serialization Stream Protocol",
// java.io.ObjectOutputStream), as far as the indexed aggregated-log meta needs: objects of
// Serializable classes (fields, and the extra data of classes with a writeObject method such as
// HashMap and ArrayList), strings, enums, arrays, references and nulls. It builds plain values
// and never loads or runs anything: class names are data.
import { HadoopFormatError } from "./errors.js";

const TC = {
  NULL: 0x70,
  REFERENCE: 0x71,
  CLASSDESC: 0x72,
  OBJECT: 0x73,
  STRING: 0x74,
  ARRAY: 0x75,
  CLASS: 0x76,
  BLOCKDATA: 0x77,
  ENDBLOCKDATA: 0x78,
  RESET: 0x79,
  BLOCKDATALONG: 0x7a,
  LONGSTRING: 0x7c,
  ENUM: 0x7e,
} as const;
const SC_WRITE_METHOD = 0x01;
const SC_SERIALIZABLE = 0x02;
const SC_EXTERNALIZABLE = 0x04;
const BASE_HANDLE = 0x7e0000;
const MAX_DEPTH = 64;

export type JavaValue = null | boolean | number | bigint | string | JavaObject | JavaEnum | JavaValue[] | Uint8Array;

export interface JavaObject {
  readonly className: string;
  readonly fields: Record<string, JavaValue>;
  /** What writeObject methods wrote after the fields: block data (Uint8Array) and objects, in order. */
  readonly annotations: JavaValue[];
}

export interface JavaEnum {
  readonly enumClass: string;
  readonly constant: string;
}

interface ClassDesc {
  readonly name: string;
  readonly flags: number;
  readonly fields: { type: string; name: string }[];
  readonly superDesc: ClassDesc | null;
}

class Reader {
  pos = 0;
  private readonly handles: unknown[] = [];
  private depth = 0;
  constructor(private readonly b: Buffer) {}

  fail(what: string): never {
    throw new HadoopFormatError(`Java serialization: ${what} at offset ${this.pos}`);
  }
  need(n: number): void {
    if (n < 0 || this.pos + n > this.b.length) this.fail(`${n} more bytes needed, ${this.b.length - this.pos} left`);
  }
  u8(): number {
    this.need(1);
    return this.b.readUInt8(this.pos++);
  }
  take(n: number): Buffer {
    this.need(n);
    return this.b.subarray(this.pos, (this.pos += n));
  }
  i32(): number {
    return this.take(4).readInt32BE(0);
  }
  utf(): string {
    return this.take(this.take(2).readUInt16BE(0)).toString("utf8");
  }
  newHandle(v: unknown): number {
    this.handles.push(v);
    return this.handles.length - 1;
  }
  handle(): unknown {
    const h = this.i32() - BASE_HANDLE;
    if (h < 0 || h >= this.handles.length) this.fail(`reference to unknown handle ${h + BASE_HANDLE}`);
    return this.handles[h];
  }

  classDesc(): ClassDesc | null {
    const tc = this.u8();
    if (tc === TC.NULL) return null;
    if (tc === TC.REFERENCE) return this.handle() as ClassDesc;
    if (tc !== TC.CLASSDESC) this.fail(`class descriptor expected, got type code 0x${tc.toString(16)}`);
    const name = this.utf();
    this.take(8); // serialVersionUID
    const slot = this.newHandle(null);
    const flags = this.u8();
    const count = this.take(2).readUInt16BE(0);
    const fields: { type: string; name: string }[] = [];
    for (let i = 0; i < count; i++) {
      const type = String.fromCharCode(this.u8());
      const fieldName = this.utf();
      if (type === "L" || type === "[")
        this.content(); // the field's class name, a string object
      else if (!"BCDFIJSZ".includes(type)) this.fail(`unknown field type '${type}' of ${name}.${fieldName}`);
      fields.push({ type, name: fieldName });
    }
    this.annotation(); // classAnnotation: unused by ObjectOutputStream, still framed
    const desc: ClassDesc = { name, flags, fields, superDesc: null };
    this.handles[slot] = desc;
    (desc as { superDesc: ClassDesc | null }).superDesc = this.classDesc();
    return desc;
  }

  /** Objects and block data up to TC_ENDBLOCKDATA. */
  annotation(): JavaValue[] {
    const out: JavaValue[] = [];
    for (;;) {
      const tc = this.b[this.pos];
      if (tc === TC.ENDBLOCKDATA) {
        this.pos++;
        return out;
      }
      if (tc === TC.BLOCKDATA) {
        this.pos++;
        out.push(this.take(this.u8()));
      } else if (tc === TC.BLOCKDATALONG) {
        this.pos++;
        out.push(this.take(this.i32()));
      } else out.push(this.content());
    }
  }

  primitive(type: string): JavaValue {
    const b = this.take({ B: 1, C: 2, D: 8, F: 4, I: 4, J: 8, S: 2, Z: 1 }[type as "B"]);
    switch (type) {
      case "B":
        return b.readInt8(0);
      case "C":
        return String.fromCharCode(b.readUInt16BE(0));
      case "D":
        return b.readDoubleBE(0);
      case "F":
        return b.readFloatBE(0);
      case "I":
        return b.readInt32BE(0);
      case "J":
        return b.readBigInt64BE(0);
      case "S":
        return b.readInt16BE(0);
      default:
        return b[0] !== 0;
    }
  }

  object(): JavaObject {
    const desc = this.classDesc();
    if (!desc) this.fail("object without a class");
    const obj: JavaObject = { className: desc.name, fields: {}, annotations: [] };
    this.newHandle(obj);
    const chain: ClassDesc[] = [];
    for (let d: ClassDesc | null = desc; d; d = d.superDesc) chain.unshift(d);
    for (const d of chain) {
      if (d.flags & SC_EXTERNALIZABLE) this.fail(`externalizable class ${d.name} is not supported`);
      if (!(d.flags & SC_SERIALIZABLE)) continue;
      for (const f of d.fields)
        obj.fields[f.name] = f.type === "L" || f.type === "[" ? this.content() : this.primitive(f.type);
      if (d.flags & SC_WRITE_METHOD) obj.annotations.push(...this.annotation());
    }
    return obj;
  }

  content(): JavaValue {
    if (++this.depth > MAX_DEPTH) this.fail(`objects nested deeper than ${MAX_DEPTH}`);
    try {
      const tc = this.u8();
      switch (tc) {
        case TC.NULL:
          return null;
        case TC.REFERENCE:
          return this.handle() as JavaValue;
        case TC.STRING:
        case TC.LONGSTRING: {
          const n = tc === TC.STRING ? this.take(2).readUInt16BE(0) : Number(this.take(8).readBigInt64BE(0));
          const s = this.take(n).toString("utf8");
          this.newHandle(s);
          return s;
        }
        case TC.OBJECT:
          return this.object();
        case TC.ENUM: {
          const desc = this.classDesc();
          const slot = this.newHandle(null);
          const constant = this.content();
          if (typeof constant !== "string") this.fail("enum constant name is not a string");
          const e: JavaEnum = { enumClass: desc?.name ?? "?", constant };
          this.handles[slot] = e;
          return e;
        }
        case TC.ARRAY: {
          const desc = this.classDesc();
          const arr: JavaValue[] = [];
          this.newHandle(arr);
          const n = this.i32();
          if (n < 0 || n > this.b.length - this.pos) this.fail(`array length ${n}`);
          const elem = desc?.name.charAt(1) ?? "L";
          for (let i = 0; i < n; i++) arr.push(elem === "L" || elem === "[" ? this.content() : this.primitive(elem));
          return arr;
        }
        case TC.CLASS: {
          const c: JavaObject = {
            className: "java.lang.Class",
            fields: { name: this.classDesc()?.name ?? null },
            annotations: [],
          };
          this.newHandle(c);
          return c;
        }
        default:
          return this.fail(`unsupported type code 0x${tc.toString(16)}`);
      }
    } finally {
      this.depth--;
    }
  }
}

/** The first object of a serialization stream (SerializationUtils.serialize writes exactly one). */
export function readJavaObject(bytes: Uint8Array): JavaValue {
  const r = new Reader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (r.take(2).readUInt16BE(0) !== 0xaced) r.fail("no stream magic 0xACED");
  const version = r.take(2).readUInt16BE(0);
  if (version !== 5) r.fail(`stream version ${version} (5 expected)`);
  return r.content();
}

/** The elements of a serialized java.util.ArrayList / the entries of a HashMap (its writeObject data). */
export function javaCollectionItems(v: JavaValue, what: string): JavaValue[] {
  if (!v || typeof v !== "object" || !("annotations" in v))
    throw new HadoopFormatError(`${what}: not a Java collection`);
  return v.annotations.filter((a) => !(a instanceof Uint8Array));
}
