package io.pipeline.web.cli;

import io.pipeline.cli.BadInputException;
import io.pipeline.cli.CliRunner;
import io.pipeline.connect.Connection;
import io.pipeline.connect.ConnectionUri;
import io.pipeline.connect.SecretNames;
import io.pipeline.ops.ManagedObjects;
import io.pipeline.store.ConnectionStore;
import io.pipeline.store.StoredConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code connections list|get|add|delete|import|export}, as Airflow's CLI names them, over the stored connections
 * (those of {@code PIPELINE_CONN_*} are not listed; they win over stored ones at lookup). The JSON of import and
 * export is Airflow's: {@code {"conn_id": {"conn_type": ..., "host": ..., "login": ..., "password": ..., "schema":
 * ..., "port": ..., "extra": ...}}}. Passwords are never printed; {@code get} masks the extra's secret-looking
 * fields; {@code export} leaves passwords and secret-looking extra fields out unless {@code --include-secrets}.
 */
@Command(name = "connections", description = "Connections stored in the database (PIPELINE_CONN_* environment"
        + " variables win over them).")
public class ConnectionsCommand {

    static final List<String> COLUMNS = List.of("conn_id", "conn_type", "description", "host", "schema", "login",
            "port");
    static final List<String> FIELDS = List.of("conn_type", "description", "host", "login", "password", "schema",
            "port", "extra");
    static final String MASK = "***";

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "List the stored connections (no passwords, no extras).")
    int list(@Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json or plain (tab-separated); default ${DEFAULT-VALUE}") String output) {
        String format = CliTable.format(output);
        try (CliContext app = CliContext.start()) {
            List<Map<String, String>> rows = app.bean(ManagedObjects.class).connections()
                    .list(Integer.MAX_VALUE, 0, "connection_id", false).items().stream()
                    .map(ConnectionsCommand::row).toList();
            CliTable.print(spec.commandLine().getOut(), format, COLUMNS, rows);
        }
        return CliRunner.OK;
    }

    @Command(name = "get", description = {"Show one stored connection.",
            "The password prints as *** and secret-looking fields of the extra as ***."})
    int get(@Parameters(paramLabel = "CONN_ID") String connId,
            @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
                    description = "table, json or plain (tab-separated); default ${DEFAULT-VALUE}") String output) {
        String format = CliTable.format(output);
        ObjectsCli.connectionId(connId);
        StoredConnection c;
        try (CliContext app = CliContext.start()) {
            c = ObjectsCli.refusing(() -> app.bean(ManagedObjects.class).connections().get(connId))
                    .orElseThrow(() -> new BadInputException("Connection " + connId + " does not exist"));
        }
        Map<String, String> row = row(c);
        row.put("password", c.password() == null || c.password().isEmpty() ? "" : MASK);
        row.put("extra", c.extra() == null ? "" : maskedExtra(c.extra()).toString());
        List<String> columns = new ArrayList<>(COLUMNS);
        columns.add(columns.indexOf("port"), "password");
        columns.add("extra");
        CliTable.print(spec.commandLine().getOut(), format, columns, List.of(row));
        return CliRunner.OK;
    }

    @Command(name = "add", description = {"Store a connection, given as --conn-uri or as --conn-type and its fields.",
            "A password or a secret-looking extra needs PIPELINE_SECRET_KEY (they are then stored encrypted)."})
    int add(@Parameters(paramLabel = "CONN_ID") String connId,
            @Option(names = "--conn-uri", paramLabel = "URI",
                    description = "type://login:password@host:port/schema?extra_field=value") String uri,
            @Option(names = "--conn-type", paramLabel = "TYPE") String type,
            @Option(names = "--conn-host", paramLabel = "HOST") String host,
            @Option(names = "--conn-login", paramLabel = "LOGIN") String login,
            @Option(names = "--conn-password", paramLabel = "PASSWORD",
                    description = "shows in ps; prefer an import file readable by you only") String password,
            @Option(names = "--conn-schema", paramLabel = "SCHEMA") String schema,
            @Option(names = "--conn-port", paramLabel = "PORT") Integer port,
            @Option(names = "--conn-extra", paramLabel = "JSON", description = "a JSON object") String extra,
            @Option(names = "--conn-description", paramLabel = "TEXT") String description) {
        ObjectsCli.connectionId(connId);
        StoredConnection c;
        if (uri != null) {
            if (type != null || host != null || login != null || password != null || schema != null || port != null) {
                throw new BadInputException("--conn-uri cannot be combined with --conn-type, --conn-host,"
                        + " --conn-login, --conn-password, --conn-schema or --conn-port");
            }
            Connection parsed = ConnectionUri.parse(connId, uri);
            Map<String, Object> extras = new LinkedHashMap<>(parsed.extras());
            if (extra != null) {
                extraObject(extra).properties().forEach(e -> extras.put(e.getKey(), e.getValue()));
            }
            c = new StoredConnection(connId, parsed.scheme(), description, parsed.host(),
                    parsed.path().isEmpty() ? null : parsed.path(), parsed.login(), parsed.password(),
                    parsed.port() < 0 ? null : parsed.port(),
                    extras.isEmpty() ? null : JsonMapper.builder().build().writeValueAsString(extras));
        } else {
            if (type == null) {
                throw new BadInputException("give --conn-uri, or --conn-type with the other --conn-* fields");
            }
            c = new StoredConnection(connId, type, description, host, schema, login, password, port,
                    extra == null ? null : extraObject(extra).toString());
        }
        try (CliContext app = CliContext.start()) {
            ManagedObjects objects = app.bean(ManagedObjects.class);
            ObjectsCli.refusing(() -> objects.createConnection(c, ObjectsCli.actor()));
        }
        out("Successfully added `conn_id`=" + connId + " : " + ConnectionStore.toConnection(c).maskedUri());
        return CliRunner.OK;
    }

    @Command(name = "delete", description = "Delete a stored connection.")
    int delete(@Parameters(paramLabel = "CONN_ID") String connId) {
        ObjectsCli.connectionId(connId);
        try (CliContext app = CliContext.start()) {
            ManagedObjects objects = app.bean(ManagedObjects.class);
            ObjectsCli.refusingRun(() -> objects.deleteConnection(connId, ObjectsCli.actor()));
        }
        out("Successfully deleted connection with `conn_id`=" + connId);
        return CliRunner.OK;
    }

    @Command(name = "import", description = {"Store the connections of a JSON file in Airflow's format:",
            "{\"conn_id\": {\"conn_type\": \"postgres\", \"host\": ..., \"login\": ..., \"password\": ...,"
                    + " \"schema\": ..., \"port\": 5432, \"extra\": \"{...}\"}}.",
            "All or nothing: an entry that is not valid, or whose id exists (without --overwrite), is named and no"
                    + " connection is changed."})
    int importFile(@Parameters(paramLabel = "FILE") Path file,
                   @Option(names = "--overwrite", description = "replace connections that exist") boolean overwrite) {
        JsonNode root = ObjectsCli.readObject(file, "{\"conn_id\": {\"conn_type\": ..., ...}}");
        List<StoredConnection> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            ObjectsCli.entry("connection", e.getKey(), () -> entries.add(parse(e.getKey(), e.getValue())));
        }
        try (CliContext app = CliContext.start()) {
            ManagedObjects objects = app.bean(ManagedObjects.class);
            ObjectsCli.importAll(app, () -> entries.forEach(c -> ObjectsCli.entry("connection", c.connId(), () -> {
                if (objects.connections().get(c.connId()).isPresent()) {
                    if (!overwrite) {
                        throw new BadInputException("already exists (add --overwrite to replace it)");
                    }
                    objects.updateConnection(c.connId(), c, FIELDS, ObjectsCli.actor());
                } else {
                    objects.createConnection(c, ObjectsCli.actor());
                }
            })));
        }
        out(entries.size() + " connection(s) imported from " + file);
        return CliRunner.OK;
    }

    @Command(name = "export", description = {"Write the stored connections to a JSON file in Airflow's format"
            + " (readable by its owner only).",
            "Passwords and secret-looking fields of the extras are left out unless --include-secrets."})
    int exportFile(@Parameters(paramLabel = "FILE") Path file,
                   @Option(names = "--include-secrets", description = "also write passwords and secret extras")
                   boolean includeSecrets) {
        Map<String, Object> json = new LinkedHashMap<>();
        boolean[] leftOut = {false};
        try (CliContext app = CliContext.start()) {
            ConnectionStore store = app.bean(ManagedObjects.class).connections();
            for (StoredConnection listed : store.list(Integer.MAX_VALUE, 0, "connection_id", false).items()) {
                StoredConnection c = ObjectsCli.refusing(() -> store.get(listed.connId())).orElseThrow();
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("conn_type", c.connType());
                entry.put("description", c.description());
                entry.put("login", c.login());
                boolean hasPassword = c.password() != null && !c.password().isEmpty();
                entry.put("password", includeSecrets ? c.password() : null);
                entry.put("host", c.host());
                entry.put("port", c.port());
                entry.put("schema", c.schema());
                String extra = c.extra();
                if (extra != null && !includeSecrets) {
                    ObjectNode kept = withoutSecrets(extra);
                    leftOut[0] |= kept.size() < ConnectionStore.parseExtra(extra).size();
                    extra = kept.toString();
                }
                entry.put("extra", extra);
                leftOut[0] |= hasPassword && !includeSecrets;
                json.put(c.connId(), entry);
            }
        }
        ObjectsCli.writeOwnerOnly(file, json);
        out(json.size() + " connection(s) exported to " + file);
        if (leftOut[0]) {
            spec.commandLine().getErr().println("passwords and secret-looking extra fields were left out; add"
                    + " --include-secrets to export them");
            spec.commandLine().getErr().flush();
        }
        return CliRunner.OK;
    }

    private static StoredConnection parse(String connId, JsonNode value) {
        ObjectsCli.connectionId(connId);
        if (!value.isObject()) {
            throw new BadInputException("must be an object with conn_type and the connection's fields");
        }
        for (String field : value.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw new BadInputException("unknown field '" + field + "'");
            }
        }
        String type = text(value, "conn_type");
        if (type == null || type.isBlank()) {
            throw new BadInputException("'conn_type' is required");
        }
        Integer port = null;
        JsonNode p = value.get("port");
        if (p != null && !p.isNull()) {
            if (p.isIntegralNumber() && p.canConvertToInt()) {
                port = p.intValue();
            } else if (p.isString() && p.asString().matches("\\d{1,5}")) {
                port = Integer.parseInt(p.asString());
            } else {
                throw new BadInputException("'port' must be a whole number");
            }
        }
        String extra;
        JsonNode e = value.get("extra");
        if (e == null || e.isNull() || e.isString() && e.asString().isEmpty()) {
            extra = null;
        } else if (e.isObject()) {
            extra = e.toString();
        } else if (e.isString()) {
            extra = extraObject(e.asString()).toString();
        } else {
            throw new BadInputException("'extra' must be a JSON object, or a string holding one");
        }
        return new StoredConnection(connId, type, text(value, "description"), text(value, "host"),
                text(value, "schema"), text(value, "login"), text(value, "password"), port, extra);
    }

    private static String text(JsonNode entry, String field) {
        JsonNode v = entry.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw new BadInputException("'" + field + "' must be a string");
        }
        return v.asString();
    }

    private static JsonNode extraObject(String extra) {
        try {
            return ConnectionStore.parseExtra(extra);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--conn-extra / 'extra': " + e.getMessage());
        }
    }

    private static ObjectNode withoutSecrets(String extra) {
        ObjectNode kept = JsonMapper.builder().build().createObjectNode();
        ConnectionStore.parseExtra(extra).properties().forEach(e -> {
            if (!SecretNames.isSecret(e.getKey())) {
                kept.set(e.getKey(), e.getValue());
            }
        });
        return kept;
    }

    private static ObjectNode maskedExtra(String extra) {
        ObjectNode masked = JsonMapper.builder().build().createObjectNode();
        ConnectionStore.parseExtra(extra).properties().forEach(e -> {
            if (SecretNames.isSecret(e.getKey())) {
                masked.put(e.getKey(), MASK);
            } else {
                masked.set(e.getKey(), e.getValue());
            }
        });
        return masked;
    }

    private static Map<String, String> row(StoredConnection c) {
        return CliTable.row("conn_id", c.connId(), "conn_type", c.connType(), "description", c.description(),
                "host", c.host(), "schema", c.schema(), "login", c.login(), "port",
                c.port() == null ? null : String.valueOf(c.port()));
    }

    private void out(String line) {
        spec.commandLine().getOut().println(line);
        spec.commandLine().getOut().flush();
    }
}
