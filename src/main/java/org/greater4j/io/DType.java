package org.greater4j.io;

/** Element types found in checkpoints that greater4j reads. Everything is widened to float on load. */
public enum DType {
    F32(4), F16(2), BF16(2), F64(8);

    /** Bytes per element. */
    public final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** The safetensors name ("F32", "F16", "BF16", "F64") to a DType, or null when unsupported. */
    public static DType fromSafetensors(String name) {
        switch (name) {
            case "F32": return F32;
            case "F16": return F16;
            case "BF16": return BF16;
            case "F64": return F64;
            default: return null;
        }
    }
}
