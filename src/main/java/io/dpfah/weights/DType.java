package io.dpfah.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Element types of torch storages and safetensors, with their conversion to float. */
enum DType {
  F32(4), F64(8), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

  final int bytes;

  DType(int bytes) {
    this.bytes = bytes;
  }

  /** The dtype of a torch storage class name ({@code FloatStorage}, …), or null. */
  static DType ofStorage(String name) {
    switch (name) {
      case "FloatStorage": return F32;
      case "DoubleStorage": return F64;
      case "HalfStorage": return F16;
      case "BFloat16Storage": return BF16;
      case "LongStorage": return I64;
      case "IntStorage": return I32;
      case "ShortStorage": return I16;
      case "CharStorage": return I8;
      case "ByteStorage": return U8;
      case "BoolStorage": return BOOL;
      default: return null;
    }
  }

  /** The dtype of a safetensors header {@code dtype} string, or null. */
  static DType ofSafetensors(String name) {
    switch (name) {
      case "F32": return F32;
      case "F64": return F64;
      case "F16": return F16;
      case "BF16": return BF16;
      case "I64": return I64;
      case "I32": return I32;
      case "I16": return I16;
      case "I8": return I8;
      case "U8": return U8;
      case "BOOL": return BOOL;
      default: return null;
    }
  }

  /** Element {@code i} of little-endian {@code data} as a float. */
  float get(ByteBuffer data, long i) {
    int at = Math.toIntExact(i * bytes);
    switch (this) {
      case F32: return data.getFloat(at);
      case F64: return (float) data.getDouble(at);
      case F16: return halfToFloat(data.getShort(at));
      case BF16: return Float.intBitsToFloat((data.getShort(at) & 0xffff) << 16);
      case I64: return data.getLong(at);
      case I32: return data.getInt(at);
      case I16: return data.getShort(at);
      case I8: return data.get(at);
      default: return data.get(at) & 0xff;
    }
  }

  /** Decodes {@code n} contiguous elements of {@code raw}. */
  float[] decode(byte[] raw, long n) {
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[Math.toIntExact(n)];
    if (this == F32) {
      b.asFloatBuffer().get(out);
      return out;
    }
    for (int i = 0; i < out.length; i++) {
      out[i] = get(b, i);
    }
    return out;
  }

  static float halfToFloat(short h) {
    int s = (h >> 15) & 1;
    int e = (h >> 10) & 0x1f;
    int m = h & 0x3ff;
    float v;
    if (e == 0) {
      v = (float) (m * Math.pow(2, -24));
    } else if (e == 31) {
      v = m == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
    } else {
      v = (float) ((1 + m / 1024.0) * Math.pow(2, e - 15));
    }
    return s == 1 ? -v : v;
  }
}
