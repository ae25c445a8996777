package io.pipeline.web.api;

import io.pipeline.connect.ConnectionCheck;
import io.pipeline.ops.ManagedObjects;
import io.pipeline.ops.ObjectNotFoundException;
import io.pipeline.store.ConnectionStore;
import io.pipeline.store.Page;
import io.pipeline.store.StoredConnection;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Airflow's connection endpoints over the stored connections (those of {@code PIPELINE_CONN_*} are not listed and
 * win over a stored one of the same id). Op reads and manages them, as in Airflow's default roles; the password is
 * never returned and secret-looking extras are masked.
 */
@RequiresRole(Role.OP)
@RestController
@RequestMapping("/api/v1/connections")
public class ConnectionController {

    static final Set<String> MASK_FIELDS = Set.of("conn_type", "description", "host", "login", "schema", "port",
            "password", "extra");
    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(5);

    private final ManagedObjects objects;

    public ConnectionController(ManagedObjects objects) {
        this.objects = objects;
    }

    @GetMapping
    public ConnectionJson.Collection list(@RequestParam(required = false) Integer limit,
                                          @RequestParam(required = false) Integer offset,
                                          @RequestParam(name = "order_by", required = false) String orderBy) {
        PageRequest page = PageRequest.of(limit, offset, orderBy, ConnectionStore.ORDER_COLUMNS.keySet(),
                "connection_id");
        Page<StoredConnection> found = objects.connections().list(page.limit(), page.offset(), page.orderBy(),
                page.descending());
        return new ConnectionJson.Collection(found.items().stream().map(ConnectionJson::item).toList(),
                found.totalEntries());
    }

    @GetMapping("/{connectionId}")
    public ConnectionJson get(@PathVariable String connectionId) {
        return ConnectionJson.of(find(ObjectIds.connectionId("connection_id", connectionId)));
    }

    @PostMapping
    public ConnectionJson create(@Valid @RequestBody Connection body) {
        return ConnectionJson.of(objects.createConnection(stored(body), ApiCaller.current()));
    }

    /**
     * Changes the fields {@code update_mask} names, or without it those the body gives; the id cannot change (a body
     * {@code connection_id} other than the path's is a 400, as in Airflow).
     */
    @PatchMapping("/{connectionId}")
    public ConnectionJson patch(@PathVariable String connectionId,
                                @RequestParam(name = "update_mask", required = false) List<String> updateMask,
                                @Valid @RequestBody Connection body) {
        ObjectIds.connectionId("connection_id", connectionId);
        List<String> mask = UpdateMask.of(updateMask, MASK_FIELDS);
        if (body.connectionId() != null && !body.connectionId().equals(connectionId)) {
            throw ApiException.badRequest("The connection_id cannot be updated (body '" + body.connectionId()
                    + "', path '" + connectionId + "')");
        }
        StoredConnection c = find(connectionId);
        List<String> fields = mask != null ? mask : given(body);
        if (fields.contains("conn_type") && (body.connType() == null || body.connType().isBlank())) {
            throw ApiException.badRequest("Field 'conn_type' must not be empty");
        }
        StoredConnection changed = new StoredConnection(connectionId,
                fields.contains("conn_type") ? body.connType() : c.connType(),
                fields.contains("description") ? body.description() : c.description(),
                fields.contains("host") ? body.host() : c.host(),
                fields.contains("schema") ? body.schema() : c.schema(),
                fields.contains("login") ? body.login() : c.login(),
                fields.contains("password") ? body.password() : c.password(),
                fields.contains("port") ? body.port() : c.port(),
                fields.contains("extra") ? extra(body.extra()) : c.extra());
        return ConnectionJson.of(objects.updateConnection(connectionId, changed, fields, ApiCaller.current()));
    }

    @DeleteMapping("/{connectionId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void delete(@PathVariable String connectionId) {
        objects.deleteConnection(ObjectIds.connectionId("connection_id", connectionId), ApiCaller.current());
    }

    /**
     * Airflow's connection test, on the body's connection (stored or not): whether its endpoint answers a TCP
     * connect within 5 s. 200 either way; {@code status} says which.
     */
    @PostMapping("/test")
    public ConnectionJson.Test test(@Valid @RequestBody Connection body) {
        StoredConnection c = stored(body);
        ConnectionCheck.Result result = ConnectionCheck.reach(ConnectionStore.toConnection(c), TEST_TIMEOUT);
        return new ConnectionJson.Test(result.ok(), result.message());
    }

    private StoredConnection find(String id) {
        return objects.connections().get(id)
                .orElseThrow(() -> new ObjectNotFoundException("Connection '" + id + "' does not exist"));
    }

    private static StoredConnection stored(Connection body) {
        String id = ObjectIds.connectionId("connection_id", body.connectionId());
        if (body.connType() == null || body.connType().isBlank()) {
            throw ApiException.badRequest("Field 'conn_type' is required");
        }
        return new StoredConnection(id, body.connType(), body.description(), body.host(), body.schema(),
                body.login(), body.password(), body.port(), extra(body.extra()));
    }

    /** The extra, checked to be a JSON object (400 otherwise); blank is none. */
    private static String extra(String extra) {
        if (extra == null || extra.isBlank()) {
            return null;
        }
        try {
            ConnectionStore.parseExtra(extra);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Field 'extra': " + e.getMessage());
        }
        return extra;
    }

    private static List<String> given(Connection body) {
        List<String> fields = new ArrayList<>();
        if (body.connType() != null) {
            fields.add("conn_type");
        }
        if (body.description() != null) {
            fields.add("description");
        }
        if (body.host() != null) {
            fields.add("host");
        }
        if (body.login() != null) {
            fields.add("login");
        }
        if (body.schema() != null) {
            fields.add("schema");
        }
        if (body.port() != null) {
            fields.add("port");
        }
        if (body.password() != null) {
            fields.add("password");
        }
        if (body.extra() != null) {
            fields.add("extra");
        }
        return fields;
    }
}
