package io.pipeline.web.doctor;

import io.pipeline.alert.notify.SlackAuthCheck;
import io.pipeline.alert.notify.SlackSettings;
import io.pipeline.calendar.CalendarOutOfBoundsException;
import io.pipeline.connect.Connection;
import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.dag.Dag;
import io.pipeline.objects.ObjectStore;
import io.pipeline.objects.ObjectStores;
import io.pipeline.web.db.DoctorDatabase;
import io.pipeline.web.engine.DagScanner;
import io.pipeline.web.production.ProductionReadiness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code pipeline doctor}: checks a configuration without starting the service, one {@link Check} per line. Nothing
 * here prints a secret: connections appear by id and masked URI, the database by URL without its password.
 */
public final class Doctor {

    static final int CONNECT_TIMEOUT_MS = 3000;

    private final DoctorSettings settings;
    private final Clock clock;
    private final boolean online;

    public Doctor(DoctorSettings settings, Clock clock, boolean online) {
        this.settings = settings;
        this.clock = clock;
        this.online = online;
    }

    public List<Check> run() {
        List<Check> checks = new ArrayList<>();
        DoctorDatabase.Report db = database(checks);
        ConnectionRegistry connections = connections(checks);
        checks.add(objectStore(connections));
        checks.add(slack());
        checks.addAll(calendars());
        checks.add(production(connections, db));
        return checks;
    }

    private DoctorDatabase.Report database(List<Check> checks) {
        String url = settings.datasourceUrl();
        if (url == null || url.isBlank()) {
            checks.add(Check.skip("database", "embedded PostgreSQL in " + settings.pipeline().dataDir()
                    .toAbsolutePath().normalize() + " (SPRING_DATASOURCE_URL unset): the service starts and migrates it"));
            return null;
        }
        try {
            DoctorDatabase.Report r = DoctorDatabase.inspect(url, settings.datasourceUsername(),
                    settings.datasourcePassword(), settings.pipeline().node().id(),
                    settings.pipeline().node().lostThreshold(), clock.instant());
            if (r.pending() > 0) {
                checks.add(Check.fail("database", url + " answers at version " + (r.version() == null ? "(empty)"
                        : r.version()) + " with " + r.pending() + " migration(s) pending: run 'pipeline db migrate'"
                        + " (the service also migrates at start)"));
            } else {
                checks.add(Check.ok("database", url + " answers, migrated to version " + r.version()));
            }
            return r;
        } catch (Exception e) {
            checks.add(Check.fail("database", url + " does not answer: " + firstLine(e)));
            return null;
        }
    }

    /** Each connection parsed on its own, so that one bad URI does not hide the others. */
    private ConnectionRegistry connections(List<Check> checks) {
        Map<String, String> valid = new java.util.TreeMap<>();
        if (settings.connectionVariables().isEmpty()) {
            checks.add(Check.skip("connections", "none configured (PIPELINE_CONN_*)"));
        }
        settings.connectionVariables().forEach((name, uri) -> {
            String id = name.substring(ConnectionRegistry.ENV_PREFIX.length()).toLowerCase(java.util.Locale.ROOT);
            Connection c;
            try {
                c = new ConnectionRegistry(Map.of(name, uri)).get(id);
            } catch (RuntimeException e) {
                checks.add(Check.fail("connection " + id, name + " is not a valid connection URI: " + firstLine(e)));
                return;
            }
            valid.put(name, uri);
            checks.add(connection(c));
        });
        return new ConnectionRegistry(valid);
    }

    private Check connection(Connection c) {
        String name = "connection " + c.id();
        Optional<URI> endpoint = endpoint(c);
        if (endpoint.isEmpty()) {
            return Check.ok(name, c.maskedUri() + " (" + c.scheme() + " on the provider's public endpoint)");
        }
        String host = endpoint.get().getHost();
        int port = endpoint.get().getPort();
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return Check.fail(name, c.maskedUri() + ": host '" + host + "' does not resolve");
        }
        if (!online) {
            return Check.ok(name, c.maskedUri() + " (" + host + " resolves; --online to connect)");
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            return Check.ok(name, c.maskedUri() + " (" + host + ":" + port + " reachable)");
        } catch (IOException e) {
            return Check.fail(name, c.maskedUri() + ": " + host + ":" + port + " not reachable (" + firstLine(e) + ")");
        }
    }

    /** Where a connection connects to: its {@code endpoint} extra, else its host; empty for AWS's own endpoints. */
    static Optional<URI> endpoint(Connection c) {
        Optional<String> extra = c.extra("endpoint", "endpoint_url");
        if (extra.isPresent()) {
            URI u = URI.create(extra.get());
            return Optional.of(withPort(u.getScheme(), u.getHost(), u.getPort()));
        }
        if (Set.of("s3", "sqs", "emr").contains(c.scheme()) || !c.hasHost()) {
            return Optional.empty();
        }
        return Optional.of(withPort(c.scheme(), c.host(), c.port()));
    }

    private static URI withPort(String scheme, String host, int port) {
        int p = port > 0 ? port : switch (scheme == null ? "" : scheme) {
            case "http" -> 80;
            case "postgres", "postgresql" -> 5432;
            case "redis" -> 6379;
            case "rediss" -> 6380;
            default -> 443;
        };
        return URI.create("tcp://" + host + ":" + p);
    }

    private Check objectStore(ConnectionRegistry connections) {
        String where = connections.find(ObjectStores.CONNECTION_ID).map(Connection::maskedUri)
                .orElse("local files under " + settings.pipeline().dataDir().resolve("objects").toAbsolutePath()
                        .normalize());
        String key = "doctor/" + settings.pipeline().node().id() + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ".txt";
        try {
            ObjectStore store = ObjectStores.create(connections, settings.pipeline().dataDir());
            String text = "written by pipeline doctor at " + clock.instant();
            store.put(key, text.getBytes(StandardCharsets.UTF_8));
            boolean same = text.equals(store.getString(key));
            store.delete(key);
            return same ? Check.ok("object store", where + " is writable from this node")
                    : Check.fail("object store", where + ": an object read back differs from what was written");
        } catch (RuntimeException e) {
            return Check.fail("object store", where + " is not writable from this node: " + firstLine(e));
        }
    }

    private Check slack() {
        SlackSettings slack = settings.alerts().slack().settings();
        if (slack.token() == null || slack.token().isBlank()) {
            return Check.skip("slack", "no token (PIPELINE_ALERTS_SLACK_TOKEN)" + (slack.webhookUrl() == null
                    ? "" : "; the webhook URL is not checked"));
        }
        SlackAuthCheck.Result r = SlackAuthCheck.authTest(slack);
        return r.ok() ? Check.ok("slack", "auth.test accepts the token (team " + r.team() + ", user " + r.user() + ")")
                : Check.fail("slack", "auth.test at " + slack.apiUrl() + " refuses the token: " + r.error());
    }

    /** Every schedule's runs over the next 12 months, so that a calendar ending within them shows now. */
    private List<Check> calendars() {
        Instant from = clock.instant();
        Instant to = from.atZone(ZoneOffset.UTC).plusMonths(12).toInstant();
        DagScanner.ScannedDags scanned = DagScanner.scan(DagScanner.DEFAULT_PACKAGE, Doctor.class.getClassLoader(),
                settings.modes().loadExamples());
        List<Check> failed = new ArrayList<>();
        Set<String> checked = new TreeSet<>();
        for (Dag dag : scanned.dags()) {
            if (dag.timetable().isManual()) {
                continue;
            }
            try {
                dag.timetable().runsBetween(from, to);
                checked.add(dag.dagId());
            } catch (CalendarOutOfBoundsException e) {
                failed.add(Check.fail("calendars", "DAG " + dag.dagId() + " (" + dag.timetable().description()
                        + "): " + e.getMessage()));
            } catch (IllegalArgumentException tooMany) {
                checked.add(dag.dagId()); // a frequent cron schedule: no calendar behind it
            }
        }
        if (!failed.isEmpty()) {
            return failed;
        }
        return List.of(Check.ok("calendars", checked.size() + " schedule(s) covered through "
                + to.atZone(ZoneOffset.UTC).toLocalDate()));
    }

    private Check production(ConnectionRegistry connections, DoctorDatabase.Report db) {
        boolean adminPassword = settings.pipeline().admin().password() != null
                && !settings.pipeline().admin().password().isBlank();
        List<String> causes = new ProductionReadiness(settings.datasourceUrl(), settings.modes().marketData()
                .provider(), connections.ids(), adminPassword, db == null ? 0 : db.liveNodes()).causes();
        if (causes.isEmpty()) {
            return Check.ok("production", "nothing unsafe" + (settings.productionProfile() ? "" : " (profile not active)"));
        }
        String text = causes.size() + " unsafe setting(s): " + String.join("; ", causes);
        return settings.productionProfile() ? Check.fail("production", "the production profile would refuse to start: "
                + text) : Check.skip("production", "profile not active; it would refuse " + text);
    }

    private static String firstLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
