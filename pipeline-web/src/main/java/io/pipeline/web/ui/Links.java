package io.pipeline.web.ui;

import org.springframework.web.util.UriComponentsBuilder;

/** The dashboard's URLs, built with every variable part encoded. */
public final class Links {

    private Links() {
    }

    /** {@code /ui/dags/{dagId}/{view}}. */
    public static String dag(String dagId, String view) {
        return UriComponentsBuilder.fromPath("/ui/dags/{dag}/" + view).buildAndExpand(dagId).encode().toUriString();
    }

    /** The task-instance page. */
    public static String ti(String dagId, String runId, String taskId, int mapIndex) {
        return UriComponentsBuilder.fromPath("/ui/dags/{dag}/ti").queryParam("run", "{run}")
                .queryParam("task", "{task}").queryParam("map", mapIndex)
                .buildAndExpand(dagId, runId, taskId).encode().toUriString();
    }

    /** A view of one run ({@code graph}, {@code gantt}). */
    public static String run(String dagId, String view, String runId) {
        return UriComponentsBuilder.fromPath("/ui/dags/{dag}/" + view).queryParam("run", "{run}")
                .buildAndExpand(dagId, runId).encode().toUriString();
    }

    /** The graph of a run (null: the latest) with these task groups expanded. */
    public static String graph(String dagId, String runId, java.util.Collection<String> expanded) {
        UriComponentsBuilder b = UriComponentsBuilder.fromPath("/ui/dags/{dag}/graph");
        if (runId != null) {
            b.queryParam("run", "{run}");
        }
        if (!expanded.isEmpty()) {
            b.queryParam("expand", "{expand}");
        }
        java.util.List<String> values = new java.util.ArrayList<>(java.util.List.of(dagId));
        if (runId != null) {
            values.add(runId);
        }
        if (!expanded.isEmpty()) {
            values.add(String.join(",", expanded));
        }
        return b.buildAndExpand(values.toArray()).encode().toUriString();
    }
}
