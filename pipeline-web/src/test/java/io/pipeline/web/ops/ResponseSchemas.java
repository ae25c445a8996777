package io.pipeline.web.ops;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a client generated from an OpenAPI 3.0 document checks about a response: the document's schema for the
 * operation and status, validated by networknt's OpenAPI 3.0 dialect (so {@code nullable} is honoured, and a
 * {@code null} where the schema does not allow it is an error). On top of the schema, which leaves every field
 * optional, each object must carry every property its schema declares and no other, except the differences named
 * as {@code Schema.field} in {@code mayOmit} and {@code mayAdd}.
 */
final class ResponseSchemas {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String REF_PREFIX = "#/components/schemas/";

    private final String name;
    private final String uri;
    private final JsonNode document;
    private final SchemaRegistry registry;
    private final boolean undeclaredErrorsAreErrors;
    private final Set<String> mayOmit;
    private final Set<String> mayAdd;

    private ResponseSchemas(String name, String uri, String json, boolean undeclaredErrorsAreErrors,
                            Set<String> mayOmit, Set<String> mayAdd) {
        this.name = name;
        this.uri = uri;
        this.document = JSON.readTree(json);
        this.registry = SchemaRegistry.withDialect(Dialects.getOpenApi30(), b -> b.schemas(Map.of(uri, json)));
        this.undeclaredErrorsAreErrors = undeclaredErrorsAreErrors;
        this.mayOmit = mayOmit;
        this.mayAdd = mayAdd;
    }

    /**
     * @param undeclaredErrorsAreErrors whether a 4xx the operation does not declare is checked against the
     *                                  document's {@code Error} schema (Airflow's document leaves some out) rather
     *                                  than reported as undocumented
     */
    static ResponseSchemas of(String name, String uri, String json, boolean undeclaredErrorsAreErrors,
                              Set<String> mayOmit, Set<String> mayAdd) {
        return new ResponseSchemas(name, uri, json, undeclaredErrorsAreErrors, mayOmit, mayAdd);
    }

    /** Every way the body differs from what the document says of {@code method path} answering {@code status}. */
    List<String> problems(String method, String path, int status, String body) {
        JsonNode operation = document.path("paths").path(path).path(method);
        if (operation.isMissingNode()) {
            return List.of(name + ": " + method + " " + path + " is not in the document");
        }
        JsonNode response = operation.path("responses").path(String.valueOf(status));
        if (response.isMissingNode() && status >= 400 && undeclaredErrorsAreErrors) {
            return check("Error", body);
        }
        if (response.isMissingNode()) {
            return List.of(name + ": " + method + " " + path + " does not declare status " + status);
        }
        response = resolve(response);
        JsonNode content = response.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            return body == null || body.isBlank() ? List.of()
                    : List.of(name + ": " + method + " " + path + " " + status + " declares no body, got " + body);
        }
        JsonNode schema = content.path("application/json").path("schema");
        if (schema.isMissingNode()) {
            schema = content.path("application/problem+json").path("schema");
        }
        String ref = schema.path("$ref").asString("");
        if (!ref.startsWith(REF_PREFIX)) {
            return List.of(name + ": " + method + " " + path + " " + status + " has no schema reference: " + schema);
        }
        return check(ref.substring(REF_PREFIX.length()), body);
    }

    /** The body checked against one named schema of the document. */
    List<String> check(String schemaName, String body) {
        JsonNode instance = JSON.readTree(body);
        Schema schema = registry.getSchema(SchemaLocation.of(uri + "#/components/schemas/" + schemaName));
        List<String> out = new ArrayList<>();
        for (Error e : schema.validate(instance)) {
            out.add(name + " " + schemaName + ": " + e.getInstanceLocation() + ": " + e.getMessage());
        }
        fields(schemaName, document.path("components").path("schemas").path(schemaName), instance, "$", out);
        return out;
    }

    private void fields(String owner, JsonNode schema, JsonNode instance, String at, List<String> out) {
        if (instance == null || instance.isNull()) {
            return;
        }
        if (schema.has("$ref")) {
            String ref = schema.path("$ref").asString();
            String target = ref.substring(REF_PREFIX.length());
            fields(owner == null ? target : owner, document.path("components").path("schemas").path(target),
                    instance, at, out);
            return;
        }
        if (instance.isArray() && schema.has("items")) {
            for (int i = 0; i < instance.size(); i++) {
                fields(null, schema.path("items"), instance.get(i), at + "[" + i + "]", out);
            }
            return;
        }
        if (!instance.isObject() || schema.has("anyOf") || schema.has("oneOf")) {
            return;
        }
        Map<String, JsonNode> declared = new java.util.LinkedHashMap<>();
        declared(schema, declared);
        if (declared.isEmpty()) {
            return; // a free-form object (conf, params, rendered_fields)
        }
        String label = owner == null ? at : owner;
        for (String field : declared.keySet()) {
            if (!instance.has(field) && !mayOmit.contains(label + "." + field)) {
                out.add(name + " " + label + ": " + at + "." + field + " is missing");
            }
        }
        Set<String> present = new LinkedHashSet<>();
        for (Iterator<String> it = instance.propertyNames().iterator(); it.hasNext(); ) {
            present.add(it.next());
        }
        for (String field : present) {
            JsonNode fieldSchema = declared.get(field);
            if (fieldSchema == null) {
                if (!mayAdd.contains(label + "." + field)) {
                    out.add(name + " " + label + ": " + at + "." + field + " is not in the schema");
                }
                continue;
            }
            fields(null, fieldSchema, instance.get(field), at + "." + field, out);
        }
    }

    /** The properties of a schema, through {@code $ref} and {@code allOf}. */
    private void declared(JsonNode schema, Map<String, JsonNode> into) {
        if (schema.has("$ref")) {
            declared(document.path("components").path("schemas")
                    .path(schema.path("$ref").asString().substring(REF_PREFIX.length())), into);
            return;
        }
        for (JsonNode part : schema.path("allOf")) {
            declared(part, into);
        }
        for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
            into.put(p.getKey(), p.getValue());
        }
    }

    private JsonNode resolve(JsonNode response) {
        String ref = response.path("$ref").asString("");
        if (ref.startsWith("#/components/responses/")) {
            return document.path("components").path("responses").path(ref.substring("#/components/responses/".length()));
        }
        return response;
    }
}
