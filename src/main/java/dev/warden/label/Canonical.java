package dev.warden.label;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The byte form that gets signed: compact UTF-8 JSON with object members sorted by name at every level. Labels hold only
 * strings, integers, booleans and arrays, so there is no floating-point formatting to disagree about.
 */
public final class Canonical {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private Canonical() {}

    public static byte[] bytes(Object document) {
        try {
            Object plain = document instanceof JsonNode n ? MAPPER.convertValue(n, Object.class) : document;
            return MAPPER.writeValueAsString(plain).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise label", e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> toMap(JsonNode node) {
        return MAPPER.convertValue(node, Map.class);
    }
}
