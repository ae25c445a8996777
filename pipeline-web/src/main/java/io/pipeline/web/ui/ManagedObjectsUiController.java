package io.pipeline.web.ui;

import io.pipeline.connect.SecretCipher;
import io.pipeline.connect.SecretNames;
import io.pipeline.ops.ManagedObjects;
import io.pipeline.ops.ObjectNotFoundException;
import io.pipeline.ops.OpsConflictException;
import io.pipeline.store.PoolRow;
import io.pipeline.store.VariableRow;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.web.security.Role;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The pools and variables pages (Op, as the API): occupancy of each pool, create / resize / delete; variables with the
 * values of secret-looking keys masked, create or replace / delete. Changes go through {@code ops.ManagedObjects}
 * (audited, via {@code ui}); a refused change is shown on the page.
 */
@RequiresRole(Role.OP)
@Controller
public class ManagedObjectsUiController {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,250}");
    private static final int PAGE = 1000;

    private final ManagedObjects objects;

    public ManagedObjectsUiController(ManagedObjects objects) {
        this.objects = objects;
    }

    /** A variable as the page shows it: secret-looking values masked. */
    public record VariableView(String key, String value, String description, boolean encrypted) {
        static VariableView of(VariableRow listed, ManagedObjects objects) {
            String value;
            if (SecretNames.isSecret(listed.key())) {
                value = "***";
            } else {
                try {
                    value = objects.variables().value(listed.key()).orElse("");
                } catch (RuntimeException e) {
                    value = "(cannot be read: " + e.getMessage() + ")";
                }
            }
            return new VariableView(listed.key(), value, listed.description(), listed.encrypted());
        }
    }

    @GetMapping("/ui/pools")
    String pools(Model model) {
        List<PoolRow> pools = objects.pools().list(PAGE, 0, "name", false).items();
        model.addAttribute("pools", pools);
        return "ui/pools";
    }

    @PostMapping("/ui/pools")
    String savePool(@RequestParam String name, @RequestParam int slots,
                    @RequestParam(required = false) String description, Authentication auth, Model model) {
        String n = name.strip();
        return change(() -> {
            if (!KEY.matcher(n).matches()) {
                throw new IllegalArgumentException("pool name '" + n + "' may contain only letters, digits, _ . -");
            }
            PoolRow current = objects.pools().find(n).orElse(null);
            if (current == null) {
                objects.createPool(n, slots, blankToNull(description), false, UiUser.of(auth).actor());
            } else {
                objects.updatePool(n, n, slots, description == null ? current.description()
                        : blankToNull(description), current.includeDeferred(), List.of("slots", "description"),
                        UiUser.of(auth).actor());
            }
            return "redirect:/ui/pools";
        }, () -> pools(model), model);
    }

    @PostMapping("/ui/pools/{name}/delete")
    String deletePool(@PathVariable String name, Authentication auth, Model model) {
        return change(() -> {
            objects.deletePool(name, UiUser.of(auth).actor());
            return "redirect:/ui/pools";
        }, () -> pools(model), model);
    }

    @GetMapping("/ui/variables")
    String variables(Model model) {
        model.addAttribute("variables", objects.variables().list(PAGE, 0, "key", false).items().stream()
                .map(v -> VariableView.of(v, objects)).toList());
        return "ui/variables";
    }

    @PostMapping("/ui/variables")
    String saveVariable(@RequestParam String key, @RequestParam String value,
                        @RequestParam(required = false) String description, Authentication auth, Model model) {
        String k = key.strip();
        return change(() -> {
            if (!KEY.matcher(k).matches()) {
                throw new IllegalArgumentException("variable key '" + k
                        + "' may contain only letters, digits, _ . - (at most 250)");
            }
            objects.putVariable(k, value, blankToNull(description), UiUser.of(auth).actor());
            return "redirect:/ui/variables";
        }, () -> variables(model), model);
    }

    @PostMapping("/ui/variables/{key}/delete")
    String deleteVariable(@PathVariable String key, Authentication auth, Model model) {
        return change(() -> {
            objects.deleteVariable(key, UiUser.of(auth).actor());
            return "redirect:/ui/variables";
        }, () -> variables(model), model);
    }

    private static String change(Supplier<String> action, Supplier<String> page, Model model) {
        try {
            return action.get();
        } catch (IllegalArgumentException | OpsConflictException | ObjectNotFoundException
                 | SecretCipher.SecretKeyMissingException e) {
            model.addAttribute("error", e.getMessage());
            return page.get();
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
