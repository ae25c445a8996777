package io.pipeline.web.cli;

import io.pipeline.cli.BadInputException;
import io.pipeline.cli.CliRunner;
import io.pipeline.ops.Actor;
import io.pipeline.web.security.NewUser;
import io.pipeline.web.security.Role;
import io.pipeline.web.security.UserRecord;
import io.pipeline.web.security.UserAdministration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code users create|list|delete|reset-password|set-role} (Airflow's names and options where it has them). Every
 * change is in the audit log with the OS user as its owner.
 */
@Command(name = "users", description = "Users and their roles (Viewer, User, Op, Admin).", mixinStandardHelpOptions = true)
public class UsersCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "create", description = "Create a user. Without --password the password is read from the"
            + " terminal, or from the first line of stdin when that is not a terminal.")
    int create(@Option(names = {"-u", "--username"}, required = true) String username,
               @Option(names = {"-r", "--role"}, required = true, description = "Viewer, User, Op or Admin") String role,
               @Option(names = {"-p", "--password"}, description = "Prefer stdin: arguments show in ps") String password,
               @Option(names = {"-f", "--firstname"}) String firstName,
               @Option(names = {"-l", "--lastname"}) String lastName,
               @Option(names = {"-e", "--email"}) String email) {
        Role parsed = Role.of(role);
        NewUser user = new NewUser(username, password != null ? password : readPassword(username), parsed,
                firstName, lastName, email);
        try (CliContext app = CliContext.start()) {
            app.bean(UserAdministration.class).create(user, actor());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        out().println("User '" + username + "' created with role " + parsed.displayName() + ".");
        out().flush();
        return CliRunner.OK;
    }

    @Command(name = "list", description = "One line per user: username, role, email, active (tab-separated).")
    int list() {
        try (CliContext app = CliContext.start()) {
            PrintWriter out = out();
            out.println("username\trole\temail\tactive");
            for (UserRecord u : app.bean(UserAdministration.class).list()) {
                out.println(u.username() + '\t' + u.role().displayName() + '\t' + (u.email() == null ? "" : u.email())
                        + '\t' + u.active());
            }
            out.flush();
        }
        return CliRunner.OK;
    }

    @Command(name = "delete", description = "Delete a user.")
    int delete(@Option(names = {"-u", "--username"}, required = true) String username) {
        try (CliContext app = CliContext.start()) {
            app.bean(UserAdministration.class).delete(username, actor());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        out().println("User '" + username + "' deleted.");
        out().flush();
        return CliRunner.OK;
    }

    @Command(name = "reset-password", description = "Set a user's password. Without --password it is read from the"
            + " terminal, or from the first line of stdin when that is not a terminal.")
    int resetPassword(@Option(names = {"-u", "--username"}, required = true) String username,
                      @Option(names = {"-p", "--password"}, description = "Prefer stdin: arguments show in ps")
                      String password) {
        String newPassword = password != null ? password : readPassword(username);
        try (CliContext app = CliContext.start()) {
            app.bean(UserAdministration.class).setPassword(username, newPassword, actor());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        out().println("Password of user '" + username + "' changed.");
        out().flush();
        return CliRunner.OK;
    }

    @Command(name = "set-role", description = "Give a user another role; the last active Admin keeps its role.")
    int setRole(@Option(names = {"-u", "--username"}, required = true) String username,
                @Option(names = {"-r", "--role"}, required = true, description = "Viewer, User, Op or Admin")
                String role) {
        Role parsed = Role.of(role);
        try (CliContext app = CliContext.start()) {
            app.bean(UserAdministration.class).changeRole(username, parsed, actor());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        out().println("User '" + username + "' now has role " + parsed.displayName() + ".");
        out().flush();
        return CliRunner.OK;
    }

    /** The OS user, as the other commands record it. */
    private static Actor actor() {
        return Actor.cli(System.getProperty("user.name", "cli"));
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Console.isTerminal() exists from Java 22 on, where System.console() is non-null even when redirected. */
    private static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException java21) {
            return true;
        }
    }

    private static String readPassword(String username) {
        Console console = System.console();
        if (isTerminal(console)) {
            char[] first = console.readPassword("Password for %s: ", username);
            char[] again = console.readPassword("Repeat the password: ");
            if (first == null || !new String(first).equals(new String(again == null ? new char[0] : again))) {
                throw new BadInputException("the two passwords differ");
            }
            return new String(first);
        }
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new BadInputException("no password: give --password or the password on stdin");
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
