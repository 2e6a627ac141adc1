package dev.warden.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract test's validator catches what it claims to: each rule with a value that passes and one that must not. */
class SchemaValidatorTest {
    static JsonNode j(String s) throws Exception {
        return WebFixture.JSON.readTree(s.replace('\'', '"'));
    }

    @Test
    void eachRuleAcceptsAndRefuses() throws Exception {
        var doc = OpenApiContractTest.document();
        var v = new SchemaValidator(doc);
        JsonNode error = j("{'$ref':'#/components/schemas/Error'}");
        assertTrue(v.validate(error, j("{'error':'x'}")).isEmpty());
        assertEquals(1, v.validate(error, j("{}")).size(), "required");
        assertTrue(v.validate(error, j("{'error':'x','more':1}")).getFirst().contains("/more"), "additionalProperties false");
        assertTrue(v.validate(error, j("{'error':5}")).getFirst().contains("expected string"), "type");
        JsonNode audit = j("{'$ref':'#/components/schemas/Audit'}");
        String ok = "{'id':'A','status':'queued','startedAt':null,'finishedAt':null,'elapsedMs':null,'scope':'s','targets':1,'devices':null,"
                + "'requestedBy':null,'error':null}";
        assertTrue(v.validate(audit, j(ok)).isEmpty(), v.validate(audit, j(ok)).toString());
        assertTrue(v.validate(audit, j(ok.replace("'queued'", "'sleeping'"))).getFirst().contains("not one of"), "enum");
        assertTrue(v.validate(audit, j(ok.replace("'targets':1", "'targets':1.5"))).getFirst().contains("expected integer"), "integer");
        JsonNode list = j("{'$ref':'#/components/schemas/AuditList'}");
        assertTrue(v.validate(list, j("{'audits':[" + ok + ",{'id':'B'}]}")).getFirst().startsWith("/audits/1"), "items, with the pointer");
        JsonNode detail = j("{'$ref':'#/components/schemas/DeviceDetail'}");
        var errors = v.validate(detail, j("{'device':{},'label':{'schema':'x'},'services':[],'findings':[],'labelHistory':[],'incidents':[]}"));
        assertTrue(errors.stream().anyMatch(e -> e.contains("anyOf")), "anyOf of a label or null: " + errors);
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("/device: missing required member 'ip'")), errors.toString());
    }
}
