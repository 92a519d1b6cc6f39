package io.redisha.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds a module's packaged jar from wherever the tests run: the module itself or the project root. */
final class Jars {
    private Jars() {}

    static Path find(String module, String jarName) {
        Path dir = Path.of("").toAbsolutePath();
        // Walk up so that a test run from any module (or the root) finds the sibling module's target.
        for (Path d = dir; d != null; d = d.getParent()) {
            Path own = d.resolve("target").resolve(jarName);
            if (d.getFileName() != null && d.getFileName().toString().equals(module) && Files.exists(own)) return own;
            Path sibling = d.resolve(module).resolve("target").resolve(jarName);
            if (Files.exists(sibling)) return sibling;
        }
        throw new IllegalStateException(jarName + " not found from " + dir + ": build it first (./mvnw package -DskipTests)");
    }
}
