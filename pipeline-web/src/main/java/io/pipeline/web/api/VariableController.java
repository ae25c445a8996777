package io.pipeline.web.api;

import io.pipeline.ops.ManagedObjects;
import io.pipeline.ops.ObjectNotFoundException;
import io.pipeline.store.Page;
import io.pipeline.store.VariableRow;
import io.pipeline.store.VariableStore;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.web.security.Role;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Set;

/**
 * Airflow's variable endpoints; Op reads and manages variables, as in Airflow's default roles. Values of
 * secret-looking keys are masked on read; a key outside Airflow's characters is a 400.
 */
@RequiresRole(Role.OP)
@RestController
@RequestMapping("/api/v1/variables")
public class VariableController {

    static final Set<String> MASK_FIELDS = Set.of("value", "description");

    private final ManagedObjects objects;

    public VariableController(ManagedObjects objects) {
        this.objects = objects;
    }

    @GetMapping
    public VariableJson.Collection list(@RequestParam(required = false) Integer limit,
                                        @RequestParam(required = false) Integer offset,
                                        @RequestParam(name = "order_by", required = false) String orderBy) {
        PageRequest page = PageRequest.of(limit, offset, orderBy, VariableStore.ORDER_COLUMNS.keySet(), "key");
        Page<VariableRow> found = objects.variables().list(page.limit(), page.offset(), page.orderBy(),
                page.descending());
        return new VariableJson.Collection(found.items().stream()
                .map(v -> new VariableJson.Item(v.key(), v.description())).toList(), found.totalEntries());
    }

    @GetMapping("/{variableKey}")
    public VariableJson get(@PathVariable String variableKey) {
        return VariableJson.of(find(ObjectIds.variableKey("variable_key", variableKey)));
    }

    /** Creates or replaces the variable (Airflow's {@code Variable.set}). */
    @PostMapping
    public VariableJson create(@Valid @RequestBody Variable body) {
        String key = ObjectIds.variableKey("key", body.key());
        if (body.value() == null) {
            throw ApiException.badRequest("Field 'value' is required");
        }
        return VariableJson.of(objects.putVariable(key, body.value(), body.description(), ApiCaller.current()));
    }

    /** The body names the variable as the path does; {@code update_mask} may name value and description. */
    @PatchMapping("/{variableKey}")
    public VariableJson patch(@PathVariable String variableKey,
                              @RequestParam(name = "update_mask", required = false) List<String> updateMask,
                              @Valid @RequestBody Variable body) {
        ObjectIds.variableKey("variable_key", variableKey);
        List<String> mask = UpdateMask.of(updateMask, MASK_FIELDS);
        if (body.key() == null || body.value() == null) {
            throw ApiException.badRequest("Fields 'key' and 'value' are required");
        }
        if (!body.key().equals(variableKey)) {
            throw ApiException.badRequest("Field 'key' ('" + ObjectIds.variableKey("key", body.key())
                    + "') does not match the path's variable_key '" + variableKey + "'");
        }
        VariableRow current = find(variableKey);
        List<String> fields = mask != null ? mask
                : body.description() != null ? List.of("value", "description") : List.of("value");
        return VariableJson.of(objects.updateVariable(variableKey,
                fields.contains("value") ? body.value() : current.value(),
                fields.contains("description") ? body.description() : current.description(),
                fields, ApiCaller.current()));
    }

    @DeleteMapping("/{variableKey}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void delete(@PathVariable String variableKey) {
        objects.deleteVariable(ObjectIds.variableKey("variable_key", variableKey), ApiCaller.current());
    }

    private VariableRow find(String key) {
        return objects.variables().find(key)
                .orElseThrow(() -> new ObjectNotFoundException("Variable '" + key + "' does not exist"));
    }
}
