package io.pipeline.web.api;

import io.pipeline.ops.ManagedObjects;
import io.pipeline.ops.ObjectNotFoundException;
import io.pipeline.store.Page;
import io.pipeline.store.PoolRow;
import io.pipeline.store.PoolStore;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Airflow's pool endpoints. Op reads and manages pools, as in Airflow's default roles. {@code default_pool} can be
 * resized but neither renamed nor deleted (400); a pool with queued or running task instances is not deleted (409
 * with the count).
 */
@RequiresRole(Role.OP)
@RestController
@RequestMapping("/api/v1/pools")
public class PoolController {

    static final Set<String> FIELDS = Set.of("name", "slots", "description", "include_deferred");

    private final ManagedObjects objects;

    public PoolController(ManagedObjects objects) {
        this.objects = objects;
    }

    @GetMapping
    public PoolJson.Collection list(@RequestParam(required = false) Integer limit,
                                    @RequestParam(required = false) Integer offset,
                                    @RequestParam(name = "order_by", required = false) String orderBy) {
        PageRequest page = PageRequest.of(limit, offset, orderBy, PoolStore.ORDER_COLUMNS.keySet(), "name");
        Page<PoolRow> found = objects.pools().list(page.limit(), page.offset(), page.orderBy(), page.descending());
        return new PoolJson.Collection(found.items().stream().map(PoolJson::of).toList(), found.totalEntries());
    }

    @GetMapping("/{poolName}")
    public PoolJson get(@PathVariable String poolName) {
        return PoolJson.of(find(ObjectIds.poolName("pool_name", poolName)));
    }

    @PostMapping
    public PoolJson create(@Valid @RequestBody Pool body) {
        String name = ObjectIds.poolName("name", body.name());
        if (body.slots() == null) {
            throw ApiException.badRequest("Field 'slots' is required");
        }
        return PoolJson.of(objects.createPool(name, body.slots(), body.description(),
                JsonRequest.flag(body.includeDeferred(), false), ApiCaller.current()));
    }

    /** Without {@code update_mask} the body is the whole pool ({@code name} and {@code slots} required). */
    @PatchMapping("/{poolName}")
    public PoolJson patch(@PathVariable String poolName,
                          @RequestParam(name = "update_mask", required = false) List<String> updateMask,
                          @Valid @RequestBody Pool body) {
        ObjectIds.poolName("pool_name", poolName);
        List<String> mask = UpdateMask.of(updateMask, FIELDS);
        List<String> fields = mask != null ? mask : given(body);
        if (mask == null && (body.name() == null || body.slots() == null)) {
            throw ApiException.badRequest("Fields 'name' and 'slots' are required without an update_mask");
        }
        for (String f : fields) {
            if (f.equals("slots") && body.slots() == null) {
                throw ApiException.badRequest("Field 'slots' is named in update_mask but missing from the body");
            }
            if (f.equals("name") && body.name() == null) {
                throw ApiException.badRequest("Field 'name' is named in update_mask but missing from the body");
            }
        }
        PoolRow current = find(poolName);
        String name = fields.contains("name") ? ObjectIds.poolName("name", body.name()) : current.name();
        if (current.isDefault() && !name.equals(current.name())) {
            throw ApiException.badRequest("Default Pool's name can't be modified");
        }
        return PoolJson.of(objects.updatePool(poolName, name,
                fields.contains("slots") ? body.slots() : current.slots(),
                fields.contains("description") ? body.description() : current.description(),
                fields.contains("include_deferred") ? JsonRequest.flag(body.includeDeferred(), false)
                        : current.includeDeferred(),
                fields, ApiCaller.current()));
    }

    @DeleteMapping("/{poolName}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void delete(@PathVariable String poolName) {
        objects.deletePool(ObjectIds.poolName("pool_name", poolName), ApiCaller.current());
    }

    private PoolRow find(String name) {
        return objects.pools().find(name)
                .orElseThrow(() -> new ObjectNotFoundException("Pool '" + name + "' does not exist"));
    }

    private static List<String> given(Pool body) {
        List<String> fields = new ArrayList<>(List.of("name", "slots"));
        if (body.description() != null) {
            fields.add("description");
        }
        if (body.includeDeferred() != null) {
            fields.add("include_deferred");
        }
        return fields;
    }
}
