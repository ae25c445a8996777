package io.pipeline.web.cli;

import io.pipeline.cli.BadInputException;
import io.pipeline.connect.SecretCipher;
import io.pipeline.ops.Actor;
import io.pipeline.ops.ObjectNotFoundException;
import io.pipeline.ops.OpsConflictException;
import io.pipeline.web.engine.EngineTransactions;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * What the {@code pools}, {@code variables} and {@code connections} commands share: Airflow's id rule, the errors of
 * {@code ops.ManagedObjects} as bad input (exit 2), imports in one transaction, and export files readable by their
 * owner only.
 */
final class ObjectsCli {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private ObjectsCli() {
    }

    /** Airflow's {@code validate_key}: letters, digits, {@code _ . -}, at most {@code max} characters. */
    static String id(String what, String value, int max) {
        if (value == null || value.isEmpty()) {
            throw new BadInputException(what + " is required");
        }
        if (value.length() > max) {
            throw new BadInputException(what + " '" + value.substring(0, 40) + "...' is " + value.length()
                    + " characters long; at most " + max);
        }
        if (!KEY.matcher(value).matches()) {
            throw new BadInputException(what + " '" + value
                    + "' may contain only letters, digits, underscores, dots and dashes");
        }
        return value;
    }

    static String poolName(String value) {
        return id("pool name", value, 256);
    }

    static String variableKey(String value) {
        return id("variable key", value, 250);
    }

    static String connectionId(String value) {
        return id("connection id", value, 200);
    }

    static Actor actor() {
        return Actor.cli(System.getProperty("user.name", "cli"));
    }

    /** Runs a change, turning the refusals of {@code ManagedObjects} into bad input (exit 2 with the reason). */
    static <T> T refusing(Supplier<T> change) {
        try {
            return change.get();
        } catch (ObjectNotFoundException | OpsConflictException | SecretCipher.SecretKeyMissingException
                 | IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    static void refusingRun(Runnable change) {
        refusing(() -> {
            change.run();
            return null;
        });
    }

    /**
     * Runs an import in one transaction: the first entry that fails names itself and nothing is imported.
     */
    static void importAll(CliContext app, Runnable entries) {
        refusingRun(() -> app.bean(EngineTransactions.class).template().executeWithoutResult(s -> entries.run()));
    }

    /** Runs one entry of an import, naming it in the error. */
    static void entry(String kind, String name, Runnable change) {
        try {
            change.run();
        } catch (BadInputException | ObjectNotFoundException | OpsConflictException
                 | SecretCipher.SecretKeyMissingException | IllegalArgumentException e) {
            throw new BadInputException(kind + " '" + name + "': " + e.getMessage() + "; nothing was imported");
        }
    }

    /** The file as a JSON object. */
    static JsonNode readObject(Path file, String shape) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot be read: " + e.getMessage());
        }
        JsonNode root;
        try {
            root = JsonMapper.builder().build().readTree(text);
        } catch (JacksonException e) {
            throw new BadInputException(file + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException(file + " must hold a JSON object " + shape);
        }
        return root;
    }

    /** Writes {@code json} to {@code file}, readable and writable by its owner only (it may hold secrets). */
    static void writeOwnerOnly(Path file, Object json) {
        String text = JsonMapper.builder().enable(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT).build()
                .writeValueAsString(json);
        try {
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (posix) {
                if (Files.exists(file)) {
                    Files.setPosixFilePermissions(file, OWNER_ONLY);
                } else {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                }
            }
            Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot be written: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new BadInputException(file + ": cannot be written: " + e.getCause().getMessage());
        }
    }
}
