package io.pipeline.web.cli;

import io.pipeline.cli.BadInputException;
import io.pipeline.cli.CliRunner;
import io.pipeline.connect.SecretNames;
import io.pipeline.ops.ManagedObjects;
import io.pipeline.store.VariableRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code variables list|get|set|delete|import|export}, as Airflow's CLI names them; the JSON of import and export is
 * Airflow's: {@code {"key": "value", ...}} (a value that is not a string is stored as its JSON text, and exported
 * back as JSON). Values of secret-looking keys ({@code connect.SecretNames}) are masked by {@code get} unless
 * {@code --show-secret}, and left out of {@code export} unless {@code --include-secrets}; {@code list} prints keys,
 * never values.
 */
@Command(name = "variables", description = "Variables: key-value settings that tasks read (ctx.variable(key)).")
public class VariablesCommand {

    static final String MASK = "***";

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "List the variables' keys (values are not printed).")
    int list(@Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json or plain (tab-separated); default ${DEFAULT-VALUE}") String output) {
        String format = CliTable.format(output);
        try (CliContext app = CliContext.start()) {
            List<Map<String, String>> rows = app.bean(ManagedObjects.class).variables()
                    .list(Integer.MAX_VALUE, 0, "key", false).items().stream()
                    .map(v -> CliTable.row("key", v.key(), "description", v.description())).toList();
            CliTable.print(spec.commandLine().getOut(), format, List.of("key", "description"), rows);
        }
        return CliRunner.OK;
    }

    @Command(name = "get", description = {"Print a variable's value.",
            "The value of a secret-looking key (password, token, secret, ..._key) prints as *** unless --show-secret."})
    int get(@Parameters(paramLabel = "KEY") String key,
            @Option(names = {"-d", "--default"}, paramLabel = "VAL",
                    description = "print this when the variable does not exist, instead of failing") String fallback,
            @Option(names = {"-j", "--json"}, description = "print the value as pretty JSON") boolean json,
            @Option(names = "--show-secret", description = "print the value even if its key looks secret")
            boolean showSecret) {
        ObjectsCli.variableKey(key);
        String value;
        try (CliContext app = CliContext.start()) {
            value = ObjectsCli.refusing(() -> app.bean(ManagedObjects.class).variables().find(key))
                    .map(VariableRow::value).orElse(null);
        }
        if (value == null) {
            if (fallback == null) {
                throw new BadInputException("Variable " + key + " does not exist");
            }
            value = fallback;
        } else if (SecretNames.isSecret(key) && !showSecret) {
            value = MASK;
        } else if (json) {
            try {
                JsonMapper mapper = JsonMapper.builder()
                        .enable(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT).build();
                value = mapper.writeValueAsString(mapper.readTree(value));
            } catch (JacksonException e) {
                throw new BadInputException("the value of " + key + " is not JSON");
            }
        }
        out(value);
        return CliRunner.OK;
    }

    @Command(name = "set", description = {"Create a variable or replace its value.",
            "A secret-looking key needs PIPELINE_SECRET_KEY (values are then stored encrypted)."})
    int set(@Parameters(index = "0", paramLabel = "KEY") String key,
            @Parameters(index = "1", paramLabel = "VALUE") String value,
            @Option(names = "--description", paramLabel = "TEXT") String description,
            @Option(names = {"-j", "--json"}, description = "check that VALUE is JSON and store it compacted")
            boolean json) {
        ObjectsCli.variableKey(key);
        String stored = value;
        if (json) {
            try {
                stored = JsonMapper.builder().build().readTree(value).toString();
            } catch (JacksonException e) {
                throw new BadInputException("VALUE is not JSON: " + e.getOriginalMessage());
            }
        }
        String text = stored;
        try (CliContext app = CliContext.start()) {
            ManagedObjects objects = app.bean(ManagedObjects.class);
            ObjectsCli.refusing(() -> objects.putVariable(key, text, description, ObjectsCli.actor()));
        }
        out("Variable " + key + " created");
        return CliRunner.OK;
    }

    @Command(name = "delete", description = "Delete a variable.")
    int delete(@Parameters(paramLabel = "KEY") String key) {
        ObjectsCli.variableKey(key);
        try (CliContext app = CliContext.start()) {
            ManagedObjects objects = app.bean(ManagedObjects.class);
            ObjectsCli.refusingRun(() -> objects.deleteVariable(key, ObjectsCli.actor()));
        }
        out("Variable " + key + " deleted");
        return CliRunner.OK;
    }

    @Command(name = "import", description = {"Create or replace the variables of a JSON file in Airflow's format:",
            "{\"key\": \"value\", ...} (other JSON values are stored as their JSON text).",
            "All or nothing: an entry that is not valid is named and no variable is changed."})
    int importFile(@Parameters(paramLabel = "FILE") Path file,
                   @Option(names = {"-a", "--action-on-existing-key"}, paramLabel = "ACTION",
                           defaultValue = "overwrite",
                           description = "overwrite (default), skip, or fail (refuse the import)") String action) {
        if (!List.of("overwrite", "skip", "fail").contains(action)) {
            throw new BadInputException("--action-on-existing-key: '" + action
                    + "' is not one of overwrite, skip, fail");
        }
        JsonNode root = ObjectsCli.readObject(file, "{\"key\": \"value\", ...}");
        Map<String, String> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            ObjectsCli.entry("variable", e.getKey(), () -> {
                ObjectsCli.variableKey(e.getKey());
                JsonNode v = e.getValue();
                if (v.isNull()) {
                    throw new BadInputException("the value is null");
                }
                entries.put(e.getKey(), v.isString() ? v.asString() : v.toString());
            });
        }
        int[] skipped = {0};
        try (CliContext app = CliContext.start()) {
            ManagedObjects objects = app.bean(ManagedObjects.class);
            ObjectsCli.importAll(app, () -> entries.forEach((key, value) -> ObjectsCli.entry("variable", key, () -> {
                if (!"overwrite".equals(action) && objects.variables().find(key).isPresent()) {
                    if ("fail".equals(action)) {
                        throw new BadInputException("already exists (--action-on-existing-key fail)");
                    }
                    skipped[0]++;
                    return;
                }
                objects.putVariable(key, value, null, ObjectsCli.actor());
            })));
        }
        out((entries.size() - skipped[0]) + " variable(s) imported from " + file
                + (skipped[0] > 0 ? "; " + skipped[0] + " existing one(s) skipped" : ""));
        return CliRunner.OK;
    }

    @Command(name = "export", description = {"Write the variables to a JSON file in Airflow's format (readable by"
            + " its owner only).",
            "Variables of secret-looking keys are left out unless --include-secrets."})
    int exportFile(@Parameters(paramLabel = "FILE") Path file,
                   @Option(names = "--include-secrets", description = "also write the values of secret-looking keys")
                   boolean includeSecrets) {
        Map<String, Object> json = new LinkedHashMap<>();
        int left = 0;
        JsonMapper mapper = JsonMapper.builder().build();
        try (CliContext app = CliContext.start()) {
            ManagedObjects objects = app.bean(ManagedObjects.class);
            for (VariableRow listed : objects.variables().list(Integer.MAX_VALUE, 0, "key", false).items()) {
                if (SecretNames.isSecret(listed.key()) && !includeSecrets) {
                    left++;
                    continue;
                }
                String value = ObjectsCli.refusing(() -> objects.variables().find(listed.key())).orElseThrow().value();
                json.put(listed.key(), exported(mapper, value));
            }
        }
        ObjectsCli.writeOwnerOnly(file, json);
        out(json.size() + " variable(s) exported to " + file);
        if (left > 0) {
            spec.commandLine().getErr().println(left + " variable(s) of secret-looking keys left out; add"
                    + " --include-secrets to export them");
            spec.commandLine().getErr().flush();
        }
        return CliRunner.OK;
    }

    /** As Airflow exports: a value that is a JSON object or array is written as JSON, anything else as a string. */
    private static Object exported(JsonMapper mapper, String value) {
        String trimmed = value.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                return mapper.readTree(value);
            } catch (JacksonException notJson) {
                return value;
            }
        }
        return value;
    }

    private void out(String line) {
        spec.commandLine().getOut().println(line);
        spec.commandLine().getOut().flush();
    }
}
