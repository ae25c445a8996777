package io.pipeline.web.ui;

import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiTestBase;
import io.pipeline.web.testing.NodeFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.pipeline.web.ui.UiSession.q;
import static org.assertj.core.api.Assertions.assertThat;

/** The Nodes page over HTTP: linked from the navigation, every node's facts, lost nodes marked, unserved queues. */
class NodesPageTest extends ApiTestBase {

    @Autowired
    DataSource dataSource;
    NodeFixture fixture;

    @BeforeEach
    void nodes() {
        fixture = new NodeFixture(JdbcClient.create(dataSource));
        fixture.insert(Instant.now());
    }

    @AfterEach
    void remove() {
        fixture.remove();
    }

    @Test
    void the_navigation_links_to_the_nodes_page_which_shows_each_node_and_marks_the_lost_one() {
        UiSession viewer = UiSession.loggedIn(port, "viewer", password(Role.VIEWER));
        assertThat(viewer.get("/ui/dags").body()).contains("<a href=\"/ui/nodes\">Nodes</a>");

        UiSession.Page page = viewer.get("/ui/nodes");

        assertThat(page.status()).isEqualTo(200);
        String alive = row(page.body(), NodeFixture.ALIVE);
        assertThat(alive).contains("data-state=\"alive\"", "badge node-alive", "host-alive.example",
                "scheduler, worker", "default, big", "<td>8</td>", "UTC")
                .contains(NodeFixture.DAG + " / " + NodeFixture.RUN + " / load", "try 2 since")
                .contains(NodeFixture.DAG + " / " + NodeFixture.RUN + " / split[3]", "try 1 since")
                .contains("href=\"/ui/dags/" + NodeFixture.DAG + "/ti?run=" + NodeFixture.RUN + "&amp;task=load&amp;map=-1\"");
        String lost = row(page.body(), NodeFixture.LOST);
        assertThat(lost).contains("class=\"node-lost\"", "data-state=\"lost\"", "badge node-lost\">lost<",
                "host-lost.example", "10m 0");
        assertThat(row(page.body(), NodeFixture.STOPPED)).contains("badge node-stopped\">stopped<")
                .doesNotContain("node-lost");
        assertThat(page.body()).contains("data-queue=\"gpu\"", "No live node serves queue '<span>gpu</span>'",
                "1 task instance waits");
    }

    @Test
    void a_task_instance_queued_in_a_queue_no_live_node_serves_says_so_on_its_page() {
        UiSession viewer = UiSession.loggedIn(port, "viewer", password(Role.VIEWER));

        UiSession.Page page = viewer.get("/ui/dags/" + NodeFixture.DAG + "/ti?run=" + q(NodeFixture.RUN)
                + "&task=on_gpu");

        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("waiting for a worker serving queue &#39;gpu&#39;")
                .contains("No live node serves queue &#39;gpu&#39;");
    }

    private static String row(String html, String nodeId) {
        Matcher m = Pattern.compile("(?s)<tr[^>]*data-node=\"" + Pattern.quote(nodeId) + "\".*?</tr>").matcher(html);
        assertThat(m.find()).as("a row for node " + nodeId).isTrue();
        return m.group();
    }
}
