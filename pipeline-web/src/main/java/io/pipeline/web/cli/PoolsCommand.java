package io.pipeline.web.cli;

import io.pipeline.cli.BadInputException;
import io.pipeline.cli.CliRunner;
import io.pipeline.ops.ManagedObjects;
import io.pipeline.store.PoolRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code pools list|get|set|delete|import|export}, as Airflow's CLI names them; the JSON of import and export is
 * Airflow's: {@code {"name": {"slots": n, "description": "...", "include_deferred": false}}}. Every change is audited
 * with the OS user as its owner ({@code ops.ManagedObjects}).
 */
@Command(name = "pools", description = "Pools: named sets of slots that limit how many task instances run at once.")
public class PoolsCommand {

    static final List<String> COLUMNS = List.of("pool", "slots", "description", "include_deferred");

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "List the pools (columns: pool, slots, description, include_deferred).")
    int list(@Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json or plain (tab-separated); default ${DEFAULT-VALUE}") String output) {
        String format = CliTable.format(output);
        try (CliContext app = CliContext.start()) {
            List<Map<String, String>> rows = app.bean(ManagedObjects.class).pools()
                    .list(Integer.MAX_VALUE, 0, "name", false).items().stream().map(PoolsCommand::row).toList();
            CliTable.print(spec.commandLine().getOut(), format, COLUMNS, rows);
        }
        return CliRunner.OK;
    }

    @Command(name = "get", description = "Show one pool.")
    int get(@Parameters(paramLabel = "NAME") String name,
            @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
                    description = "table, json or plain (tab-separated); default ${DEFAULT-VALUE}") String output) {
        String format = CliTable.format(output);
        ObjectsCli.poolName(name);
        try (CliContext app = CliContext.start()) {
            PoolRow pool = app.bean(ManagedObjects.class).pools().find(name)
                    .orElseThrow(() -> new BadInputException("Pool '" + name + "' does not exist"));
            CliTable.print(spec.commandLine().getOut(), format, COLUMNS, List.of(row(pool)));
        }
        return CliRunner.OK;
    }

    @Command(name = "set", description = "Create a pool, or change its slots and description.")
    int set(@Parameters(index = "0", paramLabel = "NAME") String name,
            @Parameters(index = "1", paramLabel = "SLOTS") int slots,
            @Parameters(index = "2", paramLabel = "DESCRIPTION") String description,
            @Option(names = "--include-deferred", description = "deferred task instances take slots too")
            boolean includeDeferred) {
        ObjectsCli.poolName(name);
        try (CliContext app = CliContext.start()) {
            ManagedObjects objects = app.bean(ManagedObjects.class);
            ObjectsCli.refusingRun(() -> put(objects, name, slots, description, includeDeferred));
        }
        out("Pool " + name + " created");
        return CliRunner.OK;
    }

    @Command(name = "delete", description = "Delete a pool (refused while task instances of it are queued or"
            + " running; default_pool is never deleted).")
    int delete(@Parameters(paramLabel = "NAME") String name) {
        ObjectsCli.poolName(name);
        try (CliContext app = CliContext.start()) {
            ManagedObjects objects = app.bean(ManagedObjects.class);
            ObjectsCli.refusingRun(() -> objects.deletePool(name, ObjectsCli.actor()));
        }
        out("Pool " + name + " deleted");
        return CliRunner.OK;
    }

    @Command(name = "import", description = {"Create or update the pools of a JSON file in Airflow's format:",
            "{\"name\": {\"slots\": 4, \"description\": \"...\", \"include_deferred\": false}}.",
            "All or nothing: an entry that is not valid is named and no pool is changed."})
    int importFile(@Parameters(paramLabel = "FILE") Path file) {
        JsonNode root = ObjectsCli.readObject(file, "{\"name\": {\"slots\": n, \"description\": \"...\"}}");
        List<PoolEntry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            ObjectsCli.entry("pool", e.getKey(), () -> entries.add(parse(e.getKey(), e.getValue())));
        }
        try (CliContext app = CliContext.start()) {
            ManagedObjects objects = app.bean(ManagedObjects.class);
            ObjectsCli.importAll(app, () -> entries.forEach(p -> ObjectsCli.entry("pool", p.name(),
                    () -> put(objects, p.name(), p.slots(), p.description(), p.includeDeferred()))));
        }
        out(entries.size() + " pool(s) imported from " + file);
        return CliRunner.OK;
    }

    @Command(name = "export", description = "Write every pool to a JSON file in Airflow's format (readable by its"
            + " owner only).")
    int exportFile(@Parameters(paramLabel = "FILE") Path file) {
        Map<String, Object> json = new LinkedHashMap<>();
        try (CliContext app = CliContext.start()) {
            for (PoolRow p : app.bean(ManagedObjects.class).pools().list(Integer.MAX_VALUE, 0, "name", false)
                    .items()) {
                Map<String, Object> pool = new LinkedHashMap<>();
                pool.put("description", p.description());
                pool.put("slots", p.slots());
                pool.put("include_deferred", p.includeDeferred());
                json.put(p.name(), pool);
            }
        }
        ObjectsCli.writeOwnerOnly(file, json);
        out(json.size() + " pool(s) exported to " + file);
        return CliRunner.OK;
    }

    private record PoolEntry(String name, int slots, String description, boolean includeDeferred) {
    }

    private static PoolEntry parse(String name, JsonNode value) {
        ObjectsCli.poolName(name);
        if (!value.isObject()) {
            throw new BadInputException("must be an object with slots and description");
        }
        JsonNode slots = value.get("slots");
        if (slots == null || !slots.canConvertToInt() || !slots.isIntegralNumber()) {
            throw new BadInputException("'slots' must be a whole number");
        }
        JsonNode description = value.get("description");
        if (description != null && !description.isNull() && !description.isString()) {
            throw new BadInputException("'description' must be a string");
        }
        JsonNode deferred = value.get("include_deferred");
        if (deferred != null && !deferred.isNull() && !deferred.isBoolean()) {
            throw new BadInputException("'include_deferred' must be true or false");
        }
        for (String field : value.propertyNames()) {
            if (!List.of("slots", "description", "include_deferred").contains(field)) {
                throw new BadInputException("unknown field '" + field + "'");
            }
        }
        return new PoolEntry(name, slots.intValue(),
                description == null || description.isNull() ? null : description.asString(),
                deferred != null && deferred.booleanValue());
    }

    private static void put(ManagedObjects objects, String name, int slots, String description,
                            boolean includeDeferred) {
        if (objects.pools().find(name).isPresent()) {
            objects.updatePool(name, name, slots, description, includeDeferred,
                    List.of("slots", "description", "include_deferred"), ObjectsCli.actor());
        } else {
            objects.createPool(name, slots, description, includeDeferred, ObjectsCli.actor());
        }
    }

    private static Map<String, String> row(PoolRow p) {
        return CliTable.row("pool", p.name(), "slots", String.valueOf(p.slots()), "description", p.description(),
                "include_deferred", String.valueOf(p.includeDeferred()));
    }

    private void out(String line) {
        spec.commandLine().getOut().println(line);
        spec.commandLine().getOut().flush();
    }
}
