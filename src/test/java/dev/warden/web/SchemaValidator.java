package dev.warden.web;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks JSON against the subset of JSON Schema (OpenAPI 3.1) that openapi.json uses: type (one or a list), required,
 * properties, additionalProperties (false or a schema), items, enum, $ref to #/components/schemas, anyOf, minItems,
 * maxItems. Returns every violation with its JSON pointer; an empty list means the value conforms.
 */
final class SchemaValidator {
    private final JsonNode document;

    SchemaValidator(JsonNode document) {
        this.document = document;
    }

    List<String> validate(JsonNode schema, JsonNode value) {
        var errors = new ArrayList<String>();
        check(schema, value, "", errors);
        return errors;
    }

    JsonNode resolve(JsonNode schema) {
        int guard = 0;
        while (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            if (!ref.startsWith("#/")) throw new IllegalArgumentException("only local references are supported: " + ref);
            schema = document.at(ref.substring(1));
            if (schema.isMissingNode()) throw new IllegalArgumentException("dangling reference " + ref);
            if (++guard > 20) throw new IllegalArgumentException("reference loop at " + ref);
        }
        return schema;
    }

    private void check(JsonNode schema, JsonNode value, String at, List<String> errors) {
        schema = resolve(schema);
        String where = at.isEmpty() ? "/" : at;
        if (schema.has("anyOf")) {
            List<String> all = new ArrayList<>();
            for (JsonNode alt : schema.get("anyOf")) {
                var e = new ArrayList<String>();
                check(alt, value, at, e);
                if (e.isEmpty()) return;
                all.addAll(e);
            }
            errors.add(where + ": matches none of anyOf: " + all);
            return;
        }
        if (schema.has("type")) {
            List<String> types = new ArrayList<>();
            if (schema.get("type").isArray()) schema.get("type").forEach(t -> types.add(t.asText()));
            else types.add(schema.get("type").asText());
            String actual = typeOf(value);
            boolean ok = types.contains(actual) || actual.equals("integer") && types.contains("number");
            if (!ok) {
                errors.add(where + ": expected " + String.join("|", types) + ", got " + actual);
                return;
            }
            if (value.isNull()) return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) found |= e.equals(value);
            if (!found) errors.add(where + ": " + value + " is not one of " + schema.get("enum"));
        }
        if (value.isObject()) {
            if (schema.has("required")) {
                for (JsonNode r : schema.get("required")) if (!value.has(r.asText())) errors.add(where + ": missing required member '" + r.asText() + "'");
            }
            JsonNode props = schema.path("properties");
            JsonNode extra = schema.get("additionalProperties");
            for (var it = value.fields(); it.hasNext(); ) {
                var f = it.next();
                String path = at + "/" + f.getKey();
                if (props.has(f.getKey())) check(props.get(f.getKey()), f.getValue(), path, errors);
                else if (extra != null && extra.isBoolean() && !extra.asBoolean()) errors.add(path + ": member not in the schema");
                else if (extra != null && extra.isObject()) check(extra, f.getValue(), path, errors);
            }
        }
        if (value.isArray()) {
            if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) errors.add(where + ": fewer than " + schema.get("minItems") + " items");
            if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) errors.add(where + ": more than " + schema.get("maxItems") + " items");
            if (schema.has("items")) for (int i = 0; i < value.size(); i++) check(schema.get("items"), value.get(i), at + "/" + i, errors);
        }
    }

    static String typeOf(JsonNode v) {
        if (v.isNull()) return "null";
        if (v.isObject()) return "object";
        if (v.isArray()) return "array";
        if (v.isTextual()) return "string";
        if (v.isBoolean()) return "boolean";
        if (v.isIntegralNumber()) return "integer";
        if (v.isNumber()) return "number";
        return "unknown";
    }
}
