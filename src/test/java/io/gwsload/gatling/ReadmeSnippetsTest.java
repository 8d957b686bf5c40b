package io.gwsload.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java sample of the README and docs/ compiles against the current DSL, as a user would paste it: each
 * ```java block is a whole source file (package, imports, class), compiled with the test classpath.
 */
class ReadmeSnippetsTest {
    private static final Pattern JAVA = Pattern.compile("```java\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern CLASS = Pattern.compile("(?m)^public (?:final )?class (\\w+)");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");

    @Test
    void everyJavaSampleCompiles(@TempDir Path dir) throws Exception {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<File> sources = new ArrayList<>();
        for (Path page : pages) {
            Matcher m = JAVA.matcher(Files.readString(page));
            while (m.find()) {
                String code = m.group(1);
                Matcher cls = CLASS.matcher(code);
                Matcher pkg = PACKAGE.matcher(code);
                if (!cls.find() || !pkg.find()) {
                    throw new AssertionError(page + " has a Java sample that is not a whole file (package and public class)");
                }
                Path file = dir.resolve("src").resolve(pkg.group(1).replace('.', '/')).resolve(cls.group(1) + ".java");
                if (Files.exists(file)) {
                    throw new AssertionError(page + ": two Java samples are both " + pkg.group(1) + "." + cls.group(1)
                            + "; give each its own class name, so that both are compiled");
                }
                Files.createDirectories(file.getParent());
                Files.writeString(file, code);
                sources.add(file.toFile());
            }
        }
        assertFalse(sources.isEmpty(), "the README's DSL guide holds a whole simulation");

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertNotNull(compiler, "a JDK, not a JRE");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Files.createDirectories(dir.resolve("classes"));
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            boolean ok = compiler.getTask(null, files, diagnostics,
                    List.of("-classpath", classpath, "-d", dir.resolve("classes").toString(), "-proc:none"), null,
                    files.getJavaFileObjectsFromFiles(sources)).call();
            List<String> errors = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
                    .toList();
            assertEquals(List.of(), errors);
            assertEquals(true, ok);
        }
    }
}
