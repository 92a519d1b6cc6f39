package io.redisha.common.config;

import java.util.List;

/** One directive of a redis.conf-style file: where it came from and its split arguments. */
public record ConfigLine(String file, int lineNumber, String text, List<String> args) {

    public String name() {
        return args.get(0).toLowerCase(java.util.Locale.ROOT);
    }

    public int argCount() {
        return args.size() - 1;
    }

    public String arg(int i) {
        return args.get(i);
    }

    public ConfigException error(String reason) {
        return new ConfigException(file, lineNumber, text, reason);
    }
}
