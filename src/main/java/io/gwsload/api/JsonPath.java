package io.gwsload.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A small JSONPath over parsed JSON (maps and lists), enough to check notifications:
 * {@code $.chat.state}, {@code $.chat.participants[0].nickname}, {@code $.messages[-1].type},
 * {@code $.chat.participants[*].visibility}, {@code $..nickname},
 * {@code $.chat.participants[?(@.type == 'Agent')].nickname}, {@code $['chat']['id']}.
 * Filters compare one relative path with {@code ==} or {@code !=} against a string, number,
 * boolean or null literal, or test that it exists ({@code [?(@.uri)]}).
 *
 * <p>Compiled once, immutable and thread-safe. A malformed expression fails at {@link #compile}
 * with the position and what was expected, so a typo is reported before load starts.
 */
public final class JsonPath {
    private final String expression;
    private final List<Step> steps;

    private JsonPath(String expression, List<Step> steps) {
        this.expression = expression;
        this.steps = steps;
    }

    /** Compiles an expression; the leading {@code $} is optional. */
    public static JsonPath compile(String expression) {
        Objects.requireNonNull(expression, "expression");
        return new JsonPath(expression, new Parser(expression).parse());
    }

    /** All values the expression selects, in document order; empty when nothing matches. */
    public List<Object> select(Object root) {
        List<Object> current = List.of(root);
        for (Step step : steps) {
            List<Object> next = new ArrayList<>();
            for (Object node : current) {
                step.apply(node, next);
            }
            if (next.isEmpty()) {
                return List.of();
            }
            current = next;
        }
        return current;
    }

    @Override
    public String toString() {
        return expression;
    }

    private interface Step {
        void apply(Object node, List<Object> out);
    }

    private record Field(String name) implements Step {
        @Override
        public void apply(Object node, List<Object> out) {
            if (node instanceof Map<?, ?> map && map.containsKey(name)) {
                out.add(map.get(name));
            }
        }
    }

    private record Index(int index) implements Step {
        @Override
        public void apply(Object node, List<Object> out) {
            if (node instanceof List<?> list) {
                int i = index < 0 ? list.size() + index : index;
                if (i >= 0 && i < list.size()) {
                    out.add(list.get(i));
                }
            }
        }
    }

    private record Wildcard() implements Step {
        @Override
        public void apply(Object node, List<Object> out) {
            if (node instanceof Map<?, ?> map) {
                out.addAll(map.values());
            } else if (node instanceof List<?> list) {
                out.addAll(list);
            }
        }
    }

    private record DeepScan(String name) implements Step {
        @Override
        public void apply(Object node, List<Object> out) {
            if (node instanceof Map<?, ?> map) {
                if (map.containsKey(name)) {
                    out.add(map.get(name));
                }
                for (Object child : map.values()) {
                    apply(child, out);
                }
            } else if (node instanceof List<?> list) {
                for (Object child : list) {
                    apply(child, out);
                }
            }
        }
    }

    private record Filter(JsonPath relative, String operator, Object literal) implements Step {
        @Override
        public void apply(Object node, List<Object> out) {
            if (node instanceof List<?> list) {
                for (Object element : list) {
                    if (matches(element)) {
                        out.add(element);
                    }
                }
            } else if (node instanceof Map<?, ?> && matches(node)) {
                out.add(node);
            }
        }

        private boolean matches(Object element) {
            List<Object> values = relative.select(element);
            if (operator == null) {
                return !values.isEmpty() && values.get(0) != null;
            }
            Object actual = values.isEmpty() ? null : values.get(0);
            boolean equal = literalEquals(actual, literal);
            return operator.equals("==") == equal;
        }

        private static boolean literalEquals(Object actual, Object literal) {
            if (actual instanceof Number a && literal instanceof Number b) {
                return a.doubleValue() == b.doubleValue();
            }
            return Objects.equals(actual, literal);
        }
    }

    /** Recursive-descent parser; each error names the position and what was expected. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text.trim();
        }

        List<Step> parse() {
            List<Step> steps = new ArrayList<>();
            if (peek('$') || peek('@')) {
                pos++;
            } else if (!text.isEmpty() && text.charAt(0) != '.' && text.charAt(0) != '[') {
                steps.add(new Field(name())); // "chat.state" without "$."
            }
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '.') {
                    pos++;
                    if (peek('.')) {
                        pos++;
                        steps.add(new DeepScan(name()));
                    } else if (peek('*')) {
                        pos++;
                        steps.add(new Wildcard());
                    } else {
                        steps.add(new Field(name()));
                    }
                } else if (c == '[') {
                    pos++;
                    steps.add(bracket());
                    expect(']');
                } else {
                    throw error("'.' or '['");
                }
            }
            return List.copyOf(steps);
        }

        private Step bracket() {
            skipSpaces();
            if (peek('*')) {
                pos++;
                return new Wildcard();
            }
            if (peek('\'') || peek('"')) {
                return new Field((String) quoted());
            }
            if (peek('?')) {
                pos++;
                expect('(');
                skipSpaces();
                int start = pos;
                int depth = 0;
                while (pos < text.length()) {
                    char c = text.charAt(pos);
                    if (c == '\'' || c == '"') {
                        quoted();
                        continue;
                    }
                    if (c == '(') {
                        depth++;
                    } else if (c == ')') {
                        if (depth == 0) {
                            break;
                        }
                        depth--;
                    }
                    pos++;
                }
                String condition = text.substring(start, pos);
                expect(')');
                skipSpaces();
                return filter(condition, start);
            }
            int start = pos;
            if (peek('-')) {
                pos++;
            }
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (start == pos || (pos - start == 1 && text.charAt(start) == '-')) {
                throw error("an index, '*', a quoted name or a filter");
            }
            int index = Integer.parseInt(text.substring(start, pos));
            skipSpaces();
            return new Index(index);
        }

        private Step filter(String condition, int offset) {
            String op = null;
            int at = -1;
            boolean inQuote = false;
            char quote = 0;
            for (int i = 0; i < condition.length() - 1; i++) {
                char c = condition.charAt(i);
                if (inQuote) {
                    inQuote = c != quote;
                } else if (c == '\'' || c == '"') {
                    inQuote = true;
                    quote = c;
                } else if ((c == '=' || c == '!') && condition.charAt(i + 1) == '=') {
                    op = c == '=' ? "==" : "!=";
                    at = i;
                    break;
                }
            }
            String left = (op == null ? condition : condition.substring(0, at)).trim();
            if (!left.startsWith("@")) {
                throw new IllegalArgumentException("Invalid JSONPath '" + text + "' at " + (offset + 1)
                        + ": a filter must start with '@', e.g. [?(@.type == 'Agent')]");
            }
            JsonPath relative = JsonPath.compile(left);
            if (op == null) {
                return new Filter(relative, null, null);
            }
            String rest = condition.substring(at + 2);
            int leading = rest.length() - rest.stripLeading().length();
            return new Filter(relative, op, literal(rest.trim(), offset + at + 2 + leading));
        }

        private Object literal(String raw, int offset) {
            if (raw.length() >= 2 && (raw.startsWith("'") && raw.endsWith("'")
                    || raw.startsWith("\"") && raw.endsWith("\""))) {
                return raw.substring(1, raw.length() - 1);
            }
            switch (raw) {
                case "true":
                    return Boolean.TRUE;
                case "false":
                    return Boolean.FALSE;
                case "null":
                    return null;
                default:
                    try {
                        return raw.contains(".") ? (Object) Double.parseDouble(raw) : (Object) Long.parseLong(raw);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("Invalid JSONPath '" + text + "' at " + (offset + 1)
                                + ": expected a quoted string, a number, true, false or null, got '" + raw + "'");
                    }
            }
        }

        private Object quoted() {
            char quote = text.charAt(pos++);
            int start = pos;
            while (pos < text.length() && text.charAt(pos) != quote) {
                pos++;
            }
            if (pos >= text.length()) {
                throw error("a closing " + quote);
            }
            return text.substring(start, pos++);
        }

        private String name() {
            int start = pos;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '.' || c == '[' || c == ']' || Character.isWhitespace(c)) {
                    break;
                }
                pos++;
            }
            if (start == pos) {
                throw error("a field name");
            }
            return text.substring(start, pos);
        }

        private boolean peek(char c) {
            return pos < text.length() && text.charAt(pos) == c;
        }

        private void expect(char c) {
            skipSpaces();
            if (!peek(c)) {
                throw error("'" + c + "'");
            }
            pos++;
        }

        private void skipSpaces() {
            while (pos < text.length() && text.charAt(pos) == ' ') {
                pos++;
            }
        }

        private IllegalArgumentException error(String expected) {
            String found = pos < text.length() ? "'" + text.charAt(pos) + "'" : "the end";
            return new IllegalArgumentException("Invalid JSONPath '" + text + "' at " + (pos + 1) + ": expected "
                    + expected + ", found " + found);
        }
    }
}
