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
}
