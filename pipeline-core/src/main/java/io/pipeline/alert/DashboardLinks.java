package io.pipeline.alert;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Links from alerts into the dashboard ({@code pipeline.ui.base-url}), e.g.
 * {@code <base>/dags/<dag>/runs/<run>/tasks/<task>}. With no base URL there are no links.
 */
public final class DashboardLinks {

    private final String base;

    /** @param baseUrl absolute http(s) URL, or null/blank for none */
    public DashboardLinks(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            this.base = null;
            return;
        }
        URI uri;
        try {
            uri = URI.create(baseUrl.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pipeline.ui.base-url '" + baseUrl + "' is not a valid URL", e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "pipeline.ui.base-url '" + baseUrl + "' must be an absolute http(s) URL, e.g. https://pipeline.example.com");
        }
        String s = uri.toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    public static DashboardLinks none() {
        return new DashboardLinks(null);
    }

    public String runUrl(String dagId, String runId) {
        return base == null ? null : base + "/dags/" + segment(dagId) + "/runs/" + segment(runId);
    }

    public String taskUrl(String dagId, String runId, String taskId, int mapIndex) {
        if (base == null) {
            return null;
        }
        String url = runUrl(dagId, runId) + "/tasks/" + segment(taskId);
        return mapIndex >= 0 ? url + "?map_index=" + mapIndex : url;
    }

    public String logUrl(String dagId, String runId, String taskId, int mapIndex, int tryNumber) {
        if (base == null || tryNumber < 1) {
            return null;
        }
        String url = runUrl(dagId, runId) + "/tasks/" + segment(taskId) + "/logs/" + tryNumber;
        return mapIndex >= 0 ? url + "?map_index=" + mapIndex : url;
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
