package org.tgssalt.spark;

import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;

/**
 * The function each scoring task runs over its partition: rows in, the same rows with the scoring
 * columns appended out, lazily, a batch at a time ({@link ScoredRows}). Serialised to the executors with
 * plain values only; the ensemble itself is found there ({@link ExecutorEnsembles}).
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final ScoringSpec spec;
    private final StructType input;
    private final CollectionAccumulator<ExecutorFacts> facts;
    private final TaskFault fault;

    /**
     * @param spec what to score with
     * @param input the schema of the incoming rows
     * @param facts where each partition reports its executor's ensemble, or null
     * @param fault test-only failure injection, or null
     */
    PartitionScorer(ScoringSpec spec, StructType input, CollectionAccumulator<ExecutorFacts> facts, TaskFault fault) {
        this.spec = spec;
        this.input = input;
        this.facts = facts;
        this.fault = fault;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        return new ScoredRows(rows, spec, input.fieldIndex(spec.contentColumn()), input.fieldIndex(spec.pathColumn()),
                facts, fault);
    }
}
