package io.gwsload.simulator.users;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The users CSV: {@code username,password,role,nickname}, role {@code agent} or {@code supervisor},
 * nickname optional (defaults to the username). A header line, blank lines and {@code #} comments
 * are skipped. Fields are split on commas (no quoting), so values cannot contain commas.
 */
public final class UsersCsv {
    static final String HEADER = "username,password,role,nickname";

    private UsersCsv() {
    }

    /** Reads the file; a malformed line throws one sentence with the file and line number. */
    public static List<UserSpec> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("The users file '" + file + "' cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
        List<UserSpec> users = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean first = true;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean header = first && line.toLowerCase(java.util.Locale.ROOT).startsWith("username,");
            first = false;
            if (header) {
                continue;
            }
            int lineNumber = i + 1;
            String where = file + " line " + lineNumber + ": ";
            String[] f = line.split(",", -1);
            if (f.length < 3 || f.length > 4) {
                throw new IllegalArgumentException(where + "expected " + HEADER + " (nickname optional), got "
                        + f.length + " field" + (f.length == 1 ? "" : "s"));
            }
            String username = f[0].strip();
            String password = f[1].strip();
            if (username.isEmpty() || password.isEmpty()) {
                throw new IllegalArgumentException(where + "username and password must not be empty");
            }
            if (!username.matches("[A-Za-z0-9._@-]+")) {
                throw new IllegalArgumentException(where + "username '" + username
                        + "' may only contain letters, digits and . _ @ -");
            }
            Role role = Role.fromCsv(f[2]).orElseThrow(() -> new IllegalArgumentException(where
                    + "role must be 'agent' or 'supervisor', got '" + f[2].strip() + "'"));
            String nickname = f.length == 4 && !f[3].isBlank() ? f[3].strip() : username;
            Integer before = seen.putIfAbsent(username, lineNumber);
            if (before != null) {
                throw new IllegalArgumentException(where + "username '" + username + "' is already defined on line "
                        + before);
            }
            users.add(new UserSpec(username, password, role, nickname));
        }
        return users;
    }

    /** Writes {@link #HEADER} and one line per user (passwords included: it is a credentials file). */
    public static void write(Path file, List<SimUser> users) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.newLine();
            for (SimUser u : users) {
                w.write(u.username() + "," + u.password() + "," + u.role().csvName() + "," + u.nickname());
                w.newLine();
            }
        }
    }
}
