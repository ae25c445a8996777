package io.pipeline.web.ops.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether the process talks to a terminal (for progress bars and confirmation prompts). */
public final class Terminal {

    private Terminal() {
    }

    /**
     * True when stdin and stdout are a terminal. From Java 22 {@code System.console()} may exist when they are
     * redirected; {@code Console.isTerminal()} (Java 22+, called by reflection as the code targets 21) says.
     */
    public static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
