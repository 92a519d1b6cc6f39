package io.redisha.node.keyspace;

import io.redisha.node.command.Args;

/** TYPE and OBJECT ENCODING answers for any stored value. */
public final class Types {
    private Types() {}

    public static String typeName(Object v) {
        if (v == null) return "none";
        if (v instanceof byte[]) return "string";
        return ((RedisValue) v).typeName();
    }

    /** Strings: "int" when the text is a canonical long, "embstr" up to 44 bytes, else "raw". */
    public static String encoding(Object v) {
        if (v instanceof byte[] b) {
            if (b.length <= 20 && Args.isLong(b)) return "int";
            return b.length <= 44 ? "embstr" : "raw";
        }
        return ((RedisValue) v).encoding();
    }

    public static Object copy(Object v) {
        // SET may overwrite a stored string in place (Database.setString): never share one.
        if (v instanceof byte[] b) return b.clone();
        return ((RedisValue) v).copy();
    }

    public static long memoryUsage(byte[] key, Object v) {
        long base = 16 + key.length + 32;
        if (v instanceof byte[] b) return base + 16 + b.length;
        return base + ((RedisValue) v).memoryUsage();
    }
}
