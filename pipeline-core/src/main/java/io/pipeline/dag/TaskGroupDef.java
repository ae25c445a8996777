package io.pipeline.dag;

import java.util.List;

/**
 * The definition of one task group: a definition and dashboard concept (the engine sees only tasks).
 *
 * @param groupId  the full id, e.g. {@code load.checks}
 * @param parentId the enclosing group's id, or null for a top-level group
 * @param taskIds  the ids of the tasks declared directly in it, in declaration order
 * @param groupIds the ids of the groups nested directly in it
 * @param doc      shown in the dashboard, or null
 */
public record TaskGroupDef(String groupId, String parentId, List<String> taskIds, List<String> groupIds,
                           String doc) {
    public TaskGroupDef {
        taskIds = List.copyOf(taskIds);
        groupIds = List.copyOf(groupIds);
    }
}
