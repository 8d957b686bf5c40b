package io.gwsload.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a credentials file: CSV lines {@code username,password,role,nickname}; role is {@code agent}
 * or {@code supervisor} (default agent), nickname optional. A header line starting with
 * {@code username}, blank lines and lines starting with {@code #} are skipped. Fields may be quoted
 * with double quotes (a password containing a comma). Every problem is reported as one sentence
 * naming the file and line, and never shows a password.
 */
public final class CredentialsFile {
    private CredentialsFile() {
    }

    public static List<Credentials> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new GwsClientException("Credentials file " + file.toAbsolutePath() + " does not exist.");
        } catch (IOException e) {
            throw new GwsClientException("Credentials file " + file.toAbsolutePath() + " cannot be read: "
                    + e.getMessage() + ".");
        }
        return parse(lines, file.toString());
    }

    /** Parses the lines of a credentials file; {@code source} names it in error messages. */
    public static List<Credentials> parse(List<String> lines, String source) {
        List<Credentials> result = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int number = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = split(line, source, number);
            if (result.isEmpty() && seen.isEmpty() && fields.get(0).equalsIgnoreCase("username")) {
                continue; // header
            }
            if (fields.size() < 2 || fields.size() > 4) {
                throw new GwsClientException("Credentials file " + source + " line " + number + " has "
                        + fields.size() + " field(s); expected username,password[,role[,nickname]].");
            }
            String username = fields.get(0);
            String password = fields.get(1);
            if (username.isEmpty() || password.isEmpty()) {
                throw new GwsClientException("Credentials file " + source + " line " + number
                        + " has an empty " + (username.isEmpty() ? "username" : "password") + ".");
            }
            String role = fields.size() > 2 ? fields.get(2).toLowerCase(Locale.ROOT) : "agent";
            if (role.isEmpty()) {
                role = "agent";
            }
            if (!role.equals("agent") && !role.equals("supervisor")) {
                throw new GwsClientException("Credentials file " + source + " line " + number + " has role '"
                        + fields.get(2) + "'; use agent or supervisor.");
            }
            if (!seen.add(username)) {
                throw new GwsClientException("Credentials file " + source + " line " + number + " repeats user "
                        + username + "; each user can be logged in only once.");
            }
            result.add(new Credentials(username, password, role, fields.size() > 3 ? fields.get(3) : null));
        }
        if (result.isEmpty()) {
            throw new GwsClientException("Credentials file " + source + " has no users; expected lines "
                    + "username,password[,role[,nickname]].");
        }
        return List.copyOf(result);
    }

    private static List<String> split(String line, String source, int number) {
        List<String> fields = new ArrayList<>(4);
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    current.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    current.append(c);
                }
            } else if (c == '"' && current.toString().isBlank()) {
                current.setLength(0);
                quoted = true;
            } else if (c == ',') {
                fields.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new GwsClientException("Credentials file " + source + " line " + number
                    + " has an unclosed double quote.");
        }
        fields.add(current.toString().strip());
        return fields;
    }
}
