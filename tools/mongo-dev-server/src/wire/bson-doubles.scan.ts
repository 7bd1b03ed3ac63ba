/**
 * Fast check over raw BSON: does the document hold a double that the promoted decode would
 * turn into an int32-looking JS number (integral and in int32 range, or -0)? Only then is the
 * slower type-keeping decode needed (see `util/bson-number.util.ts`). Walks element headers
 * only; embedded documents and arrays are walked in place.
 */
export function hasIntegralDouble(buf: Buffer, start: number, end: number): boolean {
  let p = start + 4;
  while (p < end) {
    const type = buf[p];
    p++;
    if (type === 0) continue; // end of an embedded document: carry on with its parent
    while (buf[p] !== 0) p++; // element name
    p++;
    switch (type) {
      case 0x01: {
        const v = buf.readDoubleLE(p);
        if (Number.isInteger(v) && v >= -2147483648 && v <= 2147483647) return true;
        p += 8;
        break;
      }
      case 0x02:
      case 0x0d:
      case 0x0e:
        p += 4 + buf.readInt32LE(p);
        break;
      case 0x03:
      case 0x04:
        p += 4; // step into the embedded document
        break;
      case 0x05:
        p += 5 + buf.readInt32LE(p);
        break;
      case 0x06:
      case 0x0a:
      case 0xff:
      case 0x7f:
        break;
      case 0x07:
        p += 12;
        break;
      case 0x08:
        p += 1;
        break;
      case 0x09:
      case 0x11:
      case 0x12:
        p += 8;
        break;
      case 0x0b:
        while (buf[p] !== 0) p++;
        p++;
        while (buf[p] !== 0) p++;
        p++;
        break;
      case 0x0c:
        p += 4 + buf.readInt32LE(p) + 12;
        break;
      case 0x0f:
        p += buf.readInt32LE(p);
        break;
      case 0x10:
        p += 4;
        break;
      case 0x13:
        p += 16;
        break;
      default:
        return true; // unknown type: let the full decoder deal with it
    }
  }
  return false;
}
