package io.pipeline.dag;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DagBagTest {

    public static class Good implements DagDefinition {
        @Override
        public Dag define() {
            return DagBuilder.dag("good").tasks(b -> b.task("a", ctx -> null)).build();
        }
    }

    public static class Cyclic implements DagDefinition {
        @Override
        public Dag define() {
            return DagBuilder.dag("cyclic").tasks(b -> {
                var a = b.task("a", ctx -> null);
                a.then(b.task("b", ctx -> null)).then(a);
            }).build();
        }
    }

    public static class Throws implements DagDefinition {
        @Override
        public Dag define() {
            throw new IllegalStateException("vendor config missing");
        }
    }

    public static class AlsoGood implements DagDefinition {
        @Override
        public Dag define() {
            return DagBuilder.dag("good").tasks(b -> b.task("other", ctx -> null)).build();
        }
    }

    public static class NoDefaultConstructor implements DagDefinition {
        public NoDefaultConstructor(String unused) {
        }

        @Override
        public Dag define() {
            return null;
        }
    }

    /** One DAG per desk; desk "broken" has a task id that fails validation. */
    public record Desk(String name) implements DagDefinition {
        @Override
        public Dag define() {
            return DagBuilder.dag("desk_" + name).tasks(b -> b.task(name.equals("broken") ? "bad id!" : "load",
                    ctx -> null)).build();
        }
    }

    public static class Desks implements DagFamily {
        @Override
        public List<DagDefinition> definitions() {
            return List.of(new Desk("rates"), new Desk("broken"), new Desk("equities"));
        }
    }

    public static class FamilyThrows implements DagFamily {
        @Override
        public List<DagDefinition> definitions() {
            throw new IllegalStateException("desk list unreadable");
        }
    }

    @Test
    void loads_the_good_dags_and_records_one_import_error_per_broken_definition() {
        DagBag bag = DagBag.of(List.of(new Good(), new Cyclic(), new Throws()));

        assertThat(bag.dags()).containsOnlyKeys("good");
        assertThat(bag.dag("good").source()).isEqualTo(Good.class.getName());
        assertThat(bag.importErrors()).hasSize(2);
        assertThat(bag.importErrors().get(0).source()).isEqualTo("cyclic");
        assertThat(bag.importErrors().get(0).fileloc()).isEqualTo(Cyclic.class.getName());
        assertThat(bag.importErrors().get(0).message()).contains("DAG 'cyclic'").contains("cycle a -> b -> a");
        assertThat(bag.importErrors().get(1).source()).isEqualTo(Throws.class.getName());
        assertThat(bag.importErrors().get(1).dagId()).isNull();
        assertThat(bag.importErrors().get(1).message())
                .contains("java.lang.IllegalStateException: vendor config missing");
    }

    @Test
    void a_duplicate_dag_id_is_an_import_error_and_the_first_definition_stays() {
        DagBag bag = DagBag.of(List.of(new Good(), new AlsoGood()));
        assertThat(bag.dag("good").taskIds()).containsExactly("a");
        assertThat(bag.importErrors()).singleElement().satisfies(e -> {
            assertThat(e.dagId()).isEqualTo("good");
            assertThat(e.fileloc()).isEqualTo(AlsoGood.class.getName());
            assertThat(e.message()).contains(Good.class.getName()).contains(AlsoGood.class.getName());
        });
    }

    @Test
    void instantiates_classes_and_reports_those_that_cannot_be_created() {
        DagBag bag = DagBag.fromClasses(List.of(Good.class, NoDefaultConstructor.class));
        assertThat(bag.dags()).containsOnlyKeys("good");
        assertThat(bag.importErrors()).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo(NoDefaultConstructor.class.getName());
            assertThat(e.message()).contains("cannot instantiate");
        });
    }

    @Test
    void a_family_loads_each_member_on_its_own_and_a_throwing_family_is_one_import_error() {
        DagBag bag = DagBag.fromClasses(List.of(Good.class), List.of(Desks.class, FamilyThrows.class));

        assertThat(bag.dags()).containsOnlyKeys("good", "desk_rates", "desk_equities");
        assertThat(bag.dag("desk_rates").source()).isEqualTo(Desks.class.getName());
        assertThat(bag.importErrors()).hasSize(2);
        assertThat(bag.importErrors()).anySatisfy(e -> {
            assertThat(e.source()).isEqualTo(FamilyThrows.class.getName());
            assertThat(e.message()).contains("desk list unreadable");
        });
        assertThat(bag.importErrors()).anySatisfy(e -> {
            assertThat(e.dagId()).isEqualTo("desk_broken");
            assertThat(e.fileloc()).isEqualTo(Desks.class.getName());
        });
    }
}
