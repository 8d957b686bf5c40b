package io.gwsload.report.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import io.gwsload.api.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * docs/summary-json.md lists every field of summary.json with its type and meaning, made from the schema
 * (schemas/summary-v1.schema.json), where every field must have a description. When the schema changes this
 * test fails with the page to write; {@code mvn test -Dtest=SummaryFieldsDocTest -Ddocs.write=true} writes it.
 */
class SummaryFieldsDocTest {
    private static final Path SCHEMA = Path.of("schemas", "summary-v1.schema.json");
    private static final Path PAGE = Path.of("docs", "summary-json.md");

    @Test
    void everyFieldIsDescribedAndThePageIsTheSchemas() throws Exception {
        JsonNode schema = Json.MAPPER.readTree(SCHEMA.toFile());
        List<String> undescribed = new ArrayList<>();
        String page = page(schema, undescribed);
        assertEquals(List.of(), undescribed, "schema fields without a description");
        if (Boolean.getBoolean("docs.write")) {
            Files.writeString(PAGE, page);
        }
        assertTrue(Files.exists(PAGE), PAGE + " is missing; write it with -Ddocs.write=true");
        assertEquals(page, Files.readString(PAGE), PAGE + " differs from the schema; write it with -Ddocs.write=true");
    }

    private static String page(JsonNode schema, List<String> undescribed) {
        StringBuilder out = new StringBuilder();
        out.append("# summary.json, field by field\n\n");
        out.append("Made from [`schemas/summary-v1.schema.json`](../schemas/summary-v1.schema.json) (JSON Schema 2020-12)\n");
        out.append("by `SummaryFieldsDocTest`, which fails when the two differ. Times are microseconds (`...Us`);\n");
        out.append("counts are whole numbers from 0. The `capacity` section is described in the README's\n");
        out.append("\"Capacity reports\"; `configuration` echoes every setting of the run (never a secret).\n");
        table(out, "Top level", schema, schema, "", undescribed);
        return out.toString();
    }

    private static void table(StringBuilder out, String title, JsonNode object, JsonNode schema, String path,
            List<String> undescribed) {
        List<Object[]> nested = new ArrayList<>();
        out.append("\n## ").append(title).append("\n\n");
        if (object.has("description") && !path.isEmpty()) {
            out.append(object.get("description").asText()).append("\n\n");
        }
        out.append("| Field | Type | Meaning |\n|---|---|---|\n");
        Iterator<Map.Entry<String, JsonNode>> fields = object.get("properties").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String name = path + f.getKey();
            JsonNode node = f.getValue();
            JsonNode target = resolve(node, schema);
            String description = node.has("description") ? node.get("description").asText()
                    : target.has("description") ? target.get("description").asText() : null;
            if (description == null) {
                undescribed.add(name);
                description = "";
            }
            out.append("| `").append(name).append("` | ").append(type(node, schema)).append(" | ")
                    .append(description.replace("|", "\\|")).append(" |\n");
            JsonNode items = target.has("items") ? resolve(target.get("items"), schema) : null;
            if (target.has("properties")) {
                nested.add(new Object[] {"`" + name + "`", target, name + "."});
            } else if (items != null && items.has("properties")) {
                nested.add(new Object[] {"`" + name + "[]`", items, name + "[]."});
            }
        }
        for (Object[] n : nested) {
            table(out, (String) n[0], (JsonNode) n[1], schema, (String) n[2], undescribed);
        }
    }

    private static JsonNode resolve(JsonNode node, JsonNode schema) {
        if (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            return schema.at(ref.substring(1));
        }
        return node;
    }

    private static String type(JsonNode node, JsonNode schema) {
        if (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            String name = ref.substring(ref.lastIndexOf('/') + 1);
            return switch (name) {
                case "count" -> "count";
                case "micros" -> "µs";
                case "counts" -> "name → count";
                case "request" -> "request";
                default -> name;
            };
        }
        if (node.has("items")) {
            return "array of " + type(node.get("items"), schema);
        }
        if (node.has("const")) {
            return "always " + node.get("const").asText();
        }
        return node.has("type") ? node.get("type").asText() : "any";
    }
}
