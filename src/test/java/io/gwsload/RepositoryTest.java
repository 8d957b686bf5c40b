package io.gwsload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The repository explains itself: no file cites a document a user's clone does not have, every relative link
 * of the README and docs/ leads to a file, and the tree stays readable (no package under src/main above 20
 * files, no simple class name twice there).
 */
class RepositoryTest {
    private static final Path ROOT = Path.of("");
    private static final Set<String> SKIPPED = Set.of(".git", "target", "node_modules", ".idea", ".mvn");
    /** Notes that lived beside the repository, never in it; {@code gws-api.md} is fine as {@code docs/gws-api.md}. */
    private static final Pattern OUTSIDE = Pattern.compile(
            "shared/|\\bDESIGN\\.md|gms-chat-v2|anchors\\.md|gatling-notes|cometd-notes|\\bseeds/"
                    + "|(?<![\\w/])reference/|(?<![\\w/.-])gws-api\\.md");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");

    @Test
    void noFileCitesADocumentOutsideTheRepository() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : textFiles()) {
            if (file.endsWith(Path.of("RepositoryTest.java"))) {
                continue; // its own patterns
            }
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = OUTSIDE.matcher(lines.get(i));
                if (m.find() && !inDocs(file, lines.get(i), m)) {
                    found.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertEquals(List.of(), found, "citations of documents a clone does not have");
    }

    @Test
    void everyRelativeLinkOfTheReadmeAndDocsLeadsToAFile() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                String target = m.group(1);
                if (target.contains("://") || target.startsWith("mailto:")) {
                    continue;
                }
                Path resolved = page.toAbsolutePath().getParent().resolve(target).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(page + " → " + target);
                }
            }
        }
        assertTrue(pages.size() > 3, "docs/ holds the project's pages");
        assertEquals(List.of(), broken, "links to nothing");
    }

    @Test
    void packagesStaySmallAndEverySimpleNameMeansOneClass() throws IOException {
        Map<Path, Integer> perPackage = new TreeMap<>();
        Map<String, List<Path>> byName = new TreeMap<>();
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("package-info.java")).forEach(p -> {
                perPackage.merge(p.getParent(), 1, Integer::sum);
                byName.computeIfAbsent(p.getFileName().toString(), k -> new ArrayList<>()).add(p);
            });
        }
        List<String> large = perPackage.entrySet().stream().filter(e -> e.getValue() > 20)
                .map(e -> e.getKey() + ": " + e.getValue() + " files").toList();
        List<String> twice = byName.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " " + e.getValue()).toList();
        assertTrue(perPackage.size() > 10, "the packages under src/main/java");
        assertEquals(List.of(), large, "packages above 20 files");
        assertEquals(List.of(), twice, "simple class names used twice");
    }

    /** A page of docs/ linking a sibling ({@code (gws-api.md)}) or text naming {@code docs/gws-api.md}. */
    private static boolean inDocs(Path file, String line, Matcher m) {
        String hit = m.group();
        if (!hit.endsWith("gws-api.md")) {
            return false;
        }
        return file.startsWith(Path.of("docs")) || line.regionMatches(Math.max(0, m.start() - 5), "docs/", 0, 5);
    }

    private static List<Path> textFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT.toAbsolutePath())) {
            files.filter(Files::isRegularFile)
                    .map(p -> ROOT.toAbsolutePath().relativize(p))
                    .filter(p -> p.getNameCount() > 0 && !SKIPPED.contains(p.getName(0).toString()))
                    // a developer's own hidden folders (.vscode, ...) are not the repository's; .ci and .github are
                    .filter(p -> !p.getName(0).toString().startsWith(".") || p.getNameCount() == 1
                            || Set.of(".ci", ".github").contains(p.getName(0).toString()))
                    .filter(p -> !(p.getName(0).toString().equals("results") && !p.startsWith(Path.of("results",
                            "benchmarks")) && !p.startsWith(Path.of("results", "baselines"))))
                    .filter(RepositoryTest::isText)
                    .forEach(out::add);
        }
        return out;
    }

    private static boolean isText(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        return Set.of("java", "md", "xml", "json", "properties", "yaml", "yml", "sh", "txt", "csv", "html", "")
                .contains(ext) || p.startsWith(Path.of("bin")) || p.startsWith(Path.of(".ci"));
    }
}
