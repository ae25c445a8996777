/** Benchmarks: JMH micro-benchmarks and end-to-end engine runs. Start them with {@code bench/run}. */
package io.pipeline.bench;
